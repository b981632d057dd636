/** phoenix.settings: shape, validation (nothing written on a bad patch), persistence, other tabs, backups, what each setting drives. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_SETTINGS, openPhoenix, type Phoenix } from "../../../src/index.js";
import { applySoulAutoLock } from "../../../src/settings/apply.js";
import { freshName } from "../../helpers/db.js";
import { TEST_KDF } from "../backup/fixtures.js";

const opened: Phoenix[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});
async function open(name = freshName("settings")): Promise<Phoenix> {
  const p = await openPhoenix({ name, soul: { kdf: TEST_KDF } });
  opened.push(p);
  return p;
}

describe("phoenix.settings", () => {
  it("has exactly the documented shape and defaults", async () => {
    const p = await open();
    const settings = p.settings.get();
    expect(Object.keys(settings).sort()).toEqual(["audit", "pulse", "retention", "soul", "vectorKb"]);
    expect(settings).toMatchObject({
      retention: { stmMs: 3_600_000, wmMs: 86_400_000, epmHalfLifeDays: 30 },
      vectorKb: { enabled: true, defaultTopK: 5 },
      pulse: { intervalMs: 86_400_000, keep: 7 },
      soul: { autoLockMs: expect.any(Number) },
      audit: { keep: 10_000 },
    });
    // A copy: changing it changes nothing.
    settings.retention.stmMs = 1;
    expect(p.settings.get().retention.stmMs).toBe(3_600_000);
  });

  it("update takes a deep partial, persists it in meta and survives a reopen", async () => {
    const name = freshName("settings");
    const p = await open(name);
    const next = await p.settings.update({ retention: { stmMs: 120_000 }, vectorKb: { defaultTopK: 9 } });
    expect(next.retention).toMatchObject({ stmMs: 120_000, wmMs: 86_400_000 });
    expect(await p.db.get("meta", "settings")).toMatchObject({ type: "phoenix-settings", version: 1 });
    p.close();
    opened.pop();
    const again = await open(name);
    expect(again.settings.get()).toMatchObject({ retention: { stmMs: 120_000 }, vectorKb: { defaultTopK: 9 } });
  });

  it("a bad patch is refused with INVALID_SETTING naming the field, and nothing is written", async () => {
    const p = await open();
    await p.settings.update({ pulse: { keep: 3 } });
    const before = await p.db.get("meta", "settings");
    const bad: Array<[unknown, string]> = [
      [{ retention: { stmMs: -1 } }, "retention.stmMs"],
      [{ retention: { stmMs: 1.5e3 + 0.5 } }, "retention.stmMs"],
      [{ retention: { wmMs: "1h" } }, "retention.wmMs"],
      [{ vectorKb: { enabled: "yes" } }, "vectorKb.enabled"],
      [{ vectorKb: { defaultTopK: 0 } }, "vectorKb.defaultTopK"],
      [{ pulse: { keep: 101 } }, "pulse.keep"],
      [{ pulse: { intervalMs: 60_000 } }, "pulse.intervalMs"],
      [{ soul: { autoLockMs: Number.NaN } }, "soul.autoLockMs"],
      [{ audit: { keep: 5 } }, "audit.keep"],
      [{ audit: { nope: 5 } }, "audit.nope"],
      [{ colours: {} }, "colours"],
      [{ retention: 5 }, "retention"],
      [null, "settings"],
      // One good field and one bad: nothing of it is written.
      [{ pulse: { keep: 9 }, retention: { epmHalfLifeDays: 0 } }, "retention.epmHalfLifeDays"],
    ];
    for (const [patch, field] of bad) {
      await expect(p.settings.update(patch as never)).rejects.toMatchObject({ code: "INVALID_SETTING", subject: field });
    }
    expect(await p.db.get("meta", "settings")).toEqual(before);
    expect(p.settings.get().pulse.keep).toBe(3);
  });

  it("reset puts one group back to its defaults", async () => {
    const p = await open();
    await p.settings.update({ pulse: { keep: 3 }, audit: { keep: 500 } });
    const after = await p.settings.reset("pulse");
    expect(after.pulse).toEqual(DEFAULT_SETTINGS.pulse);
    expect(after.audit.keep).toBe(500);
    await expect(p.settings.reset("nope" as never)).rejects.toMatchObject({ code: "INVALID_SETTING" });
  });

  it("a change in one tab applies at once in another tab of the profile", async () => {
    const name = freshName("settings-tabs");
    const a = await open(name);
    const b = await open(name);
    const heard = new Promise<readonly string[]>((resolve) => b.settings.onChange((_s, changed) => resolve(changed)));
    await a.settings.update({ retention: { wmMs: 7_200_000 } });
    expect(await heard).toEqual(["retention.wmMs"]);
    expect(b.settings.get().retention.wmMs).toBe(7_200_000);
  });

  it("two tabs updating different fields both keep their change", async () => {
    const name = freshName("settings-race");
    const a = await open(name);
    const b = await open(name);
    await Promise.all([a.settings.update({ pulse: { keep: 4 } }), b.settings.update({ audit: { keep: 400 } })]);
    const c = await open(name);
    expect(c.settings.get()).toMatchObject({ pulse: { keep: 4 }, audit: { keep: 400 } });
  });

  it("an unreadable or foreign stored record falls back to the defaults, field by field", async () => {
    const name = freshName("settings-restore");
    const p = await open(name);
    await p.db.put("meta", { type: "phoenix-settings", version: 1, value: { retention: { stmMs: -5, wmMs: 5000 } }, updatedAt: 1 }, "settings");
    await p.settings.reload();
    expect(p.settings.get().retention).toMatchObject({ stmMs: 3_600_000, wmMs: 5000 });
    await p.db.put("meta", { type: "other", version: 9 }, "settings");
    expect((await p.settings.reload()).retention.wmMs).toBe(86_400_000);
  });

  it("travel in backups and apply after an import", async () => {
    const source = await open();
    await source.settings.update({ retention: { stmMs: 60_000 }, pulse: { keep: 2 } });
    const file = await source.backups.export();
    const target = await open();
    await target.backups.import(file, { snapshot: false });
    expect(target.settings.get()).toMatchObject({ retention: { stmMs: 60_000 }, pulse: { keep: 2 } });
  });
});

describe("what the settings drive", () => {
  it("the Vital Pulse's own API is a view of settings.pulse", async () => {
    const p = await open();
    expect(await p.backups.pulse.settings()).toEqual({ intervalHours: 24, keep: 7 });
    await p.backups.pulse.setSettings({ intervalHours: 6, keep: 3 });
    expect(p.settings.get().pulse).toEqual({ intervalMs: 6 * 3_600_000, keep: 3 });
    await p.settings.update({ pulse: { intervalMs: 0 } });
    expect(await p.backups.pulse.settings()).toEqual({ intervalHours: 0, keep: 3 });
    expect(await p.backups.pulse.nextDue()).toBeUndefined();
    await expect(p.backups.pulse.setSettings({ keep: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("a schedule kept by the Vital Pulse before settings existed moves into settings.pulse once", async () => {
    const name = freshName("settings-adopt");
    const { openDB } = await import("idb");
    const old = await openDB(`${name}-snapshots`, 1, {
      upgrade(db) {
        for (const store of ["snapshots", "snapshot_data", "settings"]) db.createObjectStore(store);
      },
    });
    await old.put("settings", { intervalHours: 12, keep: 4 }, "pulse");
    old.close();
    const p = await open(name);
    expect(p.settings.get().pulse).toEqual({ intervalMs: 12 * 3_600_000, keep: 4 });
    await p.settings.update({ pulse: { keep: 9 } });
    p.close();
    opened.pop();
    expect((await open(name)).settings.get().pulse.keep).toBe(9);
  });

  it("the sweeper runs consolidation, statistics and the sweep by itself, and stops", async () => {
    let now = 1_800_000_000_000;
    const p = await openPhoenix({ name: freshName("sweeper"), clock: () => now });
    opened.push(p);
    await p.cortex.etch({ layer: "STM", text: "x" }, "stm:old");
    await p.cortex.etch({ layer: "WM", text: "y" }, "wm:often");
    for (let i = 0; i < 3; i += 1) await p.cortex.recall("wm:often");
    now += 3_600_000;
    p.sweeper.start();
    await vi.waitFor(() => expect(p.sweeper.runs).toBeGreaterThan(0));
    expect(p.sweeper.leader).toBe(true);
    expect(p.sweeper.lastRun).toMatchObject({ removed: 1, promoted: 1 });
    expect(await p.cortex.recall("ltm:often")).toMatchObject({ text: "y" });
    // A memory written later wakes the sweeper when it expires, not a whole interval later.
    await p.settings.update({ retention: { stmMs: 1 } });
    now += 5000;
    await p.cortex.etch({ layer: "STM", text: "brief" }, "stm:brief");
    now += 10;
    await vi.waitFor(() => expect(p.sweeper.runs).toBe(2), { timeout: 10_000 });
    expect(p.sweeper.lastRun).toMatchObject({ removed: 1 });
    expect(await p.db.count("eternal_memory")).toBe(1);
    p.sweeper.stop();
    await vi.waitFor(() => expect(p.sweeper.leader).toBe(false));
  });

  it("vectorKb.enabled false: writes and searches reject with VECTOR_KB_DISABLED, no worker starts", async () => {
    const p = await open();
    await p.settings.update({ vectorKb: { enabled: false } });
    await expect(p.vectorKb.addMemory("Paris is in France")).rejects.toMatchObject({ code: "VECTOR_KB_DISABLED" });
    await expect(p.vectorKb.addMemories([{ text: "x" }])).rejects.toMatchObject({ code: "VECTOR_KB_DISABLED" });
    await expect(p.vectorKb.semanticSearch("France")).rejects.toMatchObject({ code: "VECTOR_KB_DISABLED" });
    await expect(p.vectorKb.remove("x")).rejects.toMatchObject({ code: "VECTOR_KB_DISABLED" });
    expect(p.vectorKb.workerStarted).toBe(false);
  });

  it("vectorKb.enabled false: context.search rejects with VECTOR_KB_DISABLED, build() keeps Mind lookups and episodes, no worker starts", async () => {
    const p = await open();
    await p.vaults.storeMind("fact:capital_france", "Paris");
    await p.cortex.etch({ layer: "EPM", text: "Walked along the Seine this morning." }, "epm:me:1795168800");
    await p.settings.update({ vectorKb: { enabled: false } });
    await expect(p.context.search("capital of France")).rejects.toMatchObject({ code: "VECTOR_KB_DISABLED" });
    await expect(p.context.info()).rejects.toMatchObject({ code: "VECTOR_KB_DISABLED" });
    // Bad input is still named as such first.
    await expect(p.context.search("  ")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    const built = await p.context.build("What is the capital of France?");
    expect(built.items.map((item) => item.key)).toEqual(["fact:capital_france", "epm:me:1795168800"]);
    expect(built.text).toContain("Paris");
    expect(p.vectorKb.workerStarted).toBe(false);
    await p.settings.update({ vectorKb: { enabled: true } });
    expect((await p.context.search("capital France"))[0]).toMatchObject({ key: "fact:capital_france" });
  });

  it("soul.autoLockMs sets the Soul Vault's idle lock, at open and on every change; an openPhoenix option wins at open", async () => {
    const name = freshName("settings-autolock");
    const p = await open(name);
    expect(p.vaults.soul.autoLockMs).toBe(p.settings.get().soul.autoLockMs);
    await p.settings.update({ soul: { autoLockMs: 60_000 } });
    expect(p.vaults.soul.autoLockMs).toBe(60_000);
    const other = await openPhoenix({ name, soul: { kdf: TEST_KDF, autoLockMs: 5000 } });
    opened.push(other);
    expect(other.vaults.soul.autoLockMs).toBe(5000);
    const reopened = await open(name);
    expect(reopened.vaults.soul.autoLockMs).toBe(60_000);
  });

  it("soul.autoLockMs reaches a vault through its setter only when it has one", () => {
    const vault = { setAutoLockMs: vi.fn() };
    expect(applySoulAutoLock(vault, 60_000)).toBe(true);
    expect(vault.setAutoLockMs).toHaveBeenCalledWith(60_000);
    expect(applySoulAutoLock({}, 60_000)).toBe(false);
  });
});
