/** Profiles: list, create, switch, delete with the name typed again; each profile its own database. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { openPhoenix, type Phoenix } from "../../../src/index.js";
import { activeProfile } from "../../../src/settings/profiles.js";
import { freshName } from "../../helpers/db.js";
import { ModelVectors } from "../../../workers/models/vectors.js";
import { modelVectorsDbName } from "../../../src/models/storage-names.js";

const opened: Phoenix[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((db) => db.name ?? "");
}

describe("phoenix.profiles", () => {
  it("creates, lists, switches and deletes profiles, each its own database", async () => {
    const onProfileSwitch = vi.fn();
    const home = freshName("home");
    const p = await openPhoenix({ name: home, onProfileSwitch });
    opened.push(p);
    const work = freshName("work");
    await p.profiles.create(work);
    await expect(p.profiles.create(work)).rejects.toMatchObject({ code: "PROFILE_EXISTS" });
    await expect(p.profiles.create("../evil")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await databaseNames()).toContain(work);
    const list = await p.profiles.list();
    expect(list.find((profile) => profile.name === home)).toMatchObject({ open: true });
    expect(list.find((profile) => profile.name === work)).toMatchObject({ open: false, active: false });

    await p.profiles.switch(work);
    expect(onProfileSwitch).toHaveBeenCalledWith(work);
    expect(await activeProfile()).toBe(work);
    await expect(p.profiles.switch(freshName("missing"))).rejects.toMatchObject({ code: "PROFILE_NOT_FOUND" });

    // The data of one profile is not in the other.
    const w = await openPhoenix({ name: work });
    opened.push(w);
    await w.vaults.storeMind("fact:office", "3rd floor");
    expect(await p.vaults.recallMind("fact:office")).toBeUndefined();
    w.close();
    opened.pop();

    // Delete asks for the name typed again, and refuses the open profile.
    await expect(p.profiles.delete(work)).rejects.toMatchObject({ code: "PROFILE_CONFIRMATION" });
    await expect(p.profiles.delete(work, "wrok")).rejects.toMatchObject({ code: "PROFILE_CONFIRMATION" });
    await expect(p.profiles.delete(home, home)).rejects.toMatchObject({ code: "PROFILE_IN_USE" });
    expect(await databaseNames()).toContain(work);
    await p.profiles.delete(work, { confirm: work });
    expect(await databaseNames()).not.toContain(work);
    expect((await p.profiles.list()).some((profile) => profile.name === work)).toBe(false);
    // The deleted profile was the one to open: back to the default.
    expect(await activeProfile()).toBe("phoenix");
    const audit = await p.audit.list();
    expect(audit.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      "profile.delete:failed",
      "profile.delete:failed",
      "profile.delete:failed",
      "profile.delete:ok",
    ]);
    expect(audit.at(-1)!.subject).toBe(work);
  });

  it("deleting a profile also deletes its sentence-model vectors database, and only that profile's", async () => {
    const home = freshName("home");
    const p = await openPhoenix({ name: home });
    opened.push(p);
    const work = freshName("work");
    await p.profiles.create(work);
    // What the search worker writes once a model is used in each profile: its state and vectors.
    for (const profile of [home, work]) {
      const vectors = new ModelVectors(profile);
      await vectors.writeState({ type: "model-state", version: 1, active: "hash", baseUrl: "http://127.0.0.1:1/{model}/" });
      await vectors.close();
    }
    expect(await databaseNames()).toEqual(expect.arrayContaining([work, modelVectorsDbName(work), modelVectorsDbName(home)]));

    await p.profiles.delete(work, work);
    const names = await databaseNames();
    expect(names).not.toContain(work);
    expect(names).not.toContain(modelVectorsDbName(work));
    expect(names).toContain(modelVectorsDbName(home));
  });

  it("a refused delete leaves the profile's model vectors in place", async () => {
    const home = freshName("home");
    const p = await openPhoenix({ name: home });
    opened.push(p);
    const work = freshName("work");
    await p.profiles.create(work);
    const vectors = new ModelVectors(work);
    await vectors.writeState({ type: "model-state", version: 1, active: "hash", baseUrl: "http://127.0.0.1:1/{model}/" });
    await vectors.close();
    await expect(p.profiles.delete(work, "nope")).rejects.toMatchObject({ code: "PROFILE_CONFIRMATION" });
    expect(await databaseNames()).toEqual(expect.arrayContaining([work, modelVectorsDbName(work)]));
  });
});
