import { afterEach, describe, expect, it } from "vitest";
import { PASSPHRASE, closeAll, openSoulPhoenix } from "./fixtures.js";

afterEach(closeAll);

describe("Soul Vault key rotation and Vital Pulse", () => {
  it("takes a snapshot before rotating the key, holding the records as they were", async () => {
    const phoenix = await openSoulPhoenix();
    const soul = phoenix.vaults.soul;
    await soul.setup(PASSPHRASE);
    await phoenix.vaults.storeSoul("dad:last_soft_memory", "I love you, Dad.");
    expect(await phoenix.backups.pulse.list()).toHaveLength(0);
    await soul.rotateKey();
    const snapshots = await phoenix.backups.pulse.list();
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.reason).toBe("before-rotate-key");
    expect(await phoenix.vaults.recallSoul("dad:last_soft_memory")).toBe("I love you, Dad.");
  });

  it("does not rotate when the snapshot fails", async () => {
    const phoenix = await openSoulPhoenix();
    const soul = phoenix.vaults.soul;
    await soul.setup(PASSPHRASE);
    await phoenix.vaults.storeSoul("k", "v");
    const id = await soul.storedId("k");
    const before = await phoenix.db.get("soul_kb", id);
    expect(before).toBeDefined();
    phoenix.backups.snapshot = () => Promise.reject(new Error("no space for a snapshot"));
    await expect(soul.rotateKey()).rejects.toThrow("no space for a snapshot");
    expect(await phoenix.db.get("soul_kb", id)).toEqual(before);
  });

  it("restoring the snapshot taken before a rotation gives back the records by name, under their hashed ids", async () => {
    const phoenix = await openSoulPhoenix();
    const soul = phoenix.vaults.soul;
    await soul.setup(PASSPHRASE);
    await phoenix.vaults.storeSoul("dad:last_soft_memory", "I love you, Dad.");
    await soul.rotateKey();
    await phoenix.vaults.storeSoul("dad:later", "written after the snapshot");
    const [snapshot] = await phoenix.backups.pulse.list();
    await phoenix.backups.pulse.restore(snapshot!.id);
    await soul.unlock(PASSPHRASE);
    expect(await phoenix.vaults.recallPrefix("soul:dad:", 10)).toEqual([["dad:last_soft_memory", "I love you, Dad."]]);
    expect(await phoenix.db.getAllKeys("soul_kb")).toEqual([await soul.storedId("dad:last_soft_memory")]);
  });
});
