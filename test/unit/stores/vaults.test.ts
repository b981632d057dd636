import { afterEach, describe, expect, it } from "vitest";
import { routeVaultPrefix, VitalOrganVaults } from "../../../src/stores/vaults.js";
import { closeAll, openTestPhoenix } from "../../helpers/fixtures.js";

afterEach(closeAll);
const open = () => openTestPhoenix();

describe("Vital Organ Vaults: Mind and Body", () => {
  it("runs the seed's use case 2: store facts, recall one, list them by prefix", async () => {
    const { vaults } = await open();
    await vaults.storeMind("fact:capital_france", "Paris");
    await vaults.storeMind("fact:capital_italy", "Rome");
    await vaults.storeMind("opinion:food", "pasta");
    expect(await vaults.recallMind("fact:capital_france")).toBe("Paris");
    expect(await vaults.recallPrefix("mind:fact:", 10)).toEqual([
      ["fact:capital_france", "Paris"],
      ["fact:capital_italy", "Rome"],
    ]);
    expect(await vaults.recallPrefix("mind:", 10)).toHaveLength(3);
    expect(await vaults.recallPrefix("mind:fact:", 1, { reverse: true })).toEqual([["fact:capital_italy", "Rome"]]);
  });

  it("keeps Mind and Body apart and routes body: prefixes", async () => {
    const { vaults } = await open();
    await vaults.storeBody("system:last_backup", "2024-01-15T12:00:00Z");
    await vaults.storeMind("system:last_backup", "a fact, not state");
    expect(await vaults.recallBody("system:last_backup")).toBe("2024-01-15T12:00:00Z");
    expect(await vaults.recallPrefix("body:system:", 10)).toEqual([["system:last_backup", "2024-01-15T12:00:00Z"]]);
  });

  it("records the update time of each value", async () => {
    const { vaults } = await open();
    const before = Date.now();
    await vaults.storeMind("fact:x", "1");
    const entry = await vaults.entry("mind", "fact:x");
    expect(entry?.value).toBe("1");
    expect(entry!.updatedAt).toBeGreaterThanOrEqual(before);
  });

  it("forgets and clears", async () => {
    const { vaults } = await open();
    await vaults.storeMind("fact:x", "1");
    expect(await vaults.forgetMind("fact:x")).toBe(true);
    expect(await vaults.forgetMind("fact:x")).toBe(false);
    expect(await vaults.recallMind("fact:x")).toBeUndefined();
    await vaults.storeBody("a", "1");
    await vaults.storeBody("b", "2");
    expect(await vaults.forgetBody("a")).toBe(true);
    expect(await vaults.clearBody()).toBe(1);
    expect(await vaults.recallPrefix("body:", 10)).toEqual([]);
  });

  it("rejects an unknown vault, and soul: until a Soul Vault is attached, storing nothing", async () => {
    const { vaults, counts } = await open();
    await expect(vaults.recallPrefix("heart:x", 10)).rejects.toMatchObject({ code: "UNKNOWN_VAULT" });
    await expect(vaults.recallPrefix("mind", 10)).rejects.toMatchObject({ code: "UNKNOWN_VAULT" });
    expect(() => routeVaultPrefix("soul:dad:")).not.toThrow();
    expect(routeVaultPrefix("mind:fact:")).toEqual({ vault: "mind", prefix: "fact:" });
    expect((await counts()).soul_kb).toBe(0);
  });

  it("rejects bad keys and values before writing", async () => {
    const { vaults, counts } = await open();
    await expect(vaults.storeMind("", "x")).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(vaults.storeMind(7 as unknown as string, "x")).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(vaults.storeBody("k", { v: 1 } as unknown as string)).rejects.toMatchObject({ code: "INVALID_VALUE" });
    await expect(vaults.storeBody("k", "x".repeat(1_000_001))).rejects.toMatchObject({ code: "VALUE_TOO_LARGE" });
    const after = await counts();
    expect(after.mind_vault + after.body_vault).toBe(0);
  });

  it("refuses soul calls with SOUL_NOT_AVAILABLE when no Soul Vault is attached", async () => {
    const { db } = await open();
    const bare = new VitalOrganVaults(db);
    expect(() => bare.soul).toThrow(expect.objectContaining({ code: "SOUL_NOT_AVAILABLE" }));
    await expect(bare.storeSoul("dad:x", "secret")).rejects.toMatchObject({ code: "SOUL_NOT_AVAILABLE" });
    await expect(bare.recallSoul("dad:x")).rejects.toMatchObject({ code: "SOUL_NOT_AVAILABLE" });
    await expect(bare.recallPrefix("soul:dad:", 10)).rejects.toMatchObject({ code: "SOUL_NOT_AVAILABLE" });
    expect(await bare.cosmicEssence()).toContain("Soul not set up");
    expect(await db.count("soul_kb")).toBe(0);
  });

  it("summarises in cosmicEssence", async () => {
    const { vaults } = await open();
    await vaults.storeMind("fact:a", "1");
    await vaults.storeBody("b", "2");
    await vaults.storeBody("c", "3");
    const essence = await vaults.cosmicEssence();
    expect(essence).toContain("Mind 1 facts");
    expect(essence).toContain("Body 2 records");
  });
});
