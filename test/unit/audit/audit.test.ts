/** phoenix.audit: the hash chain (edits, removals, reorders found), pruning with a checkpoint, the logged operations, backups. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { openPhoenix, type Phoenix } from "../../../src/index.js";
import { freshName } from "../../helpers/db.js";
import { SOUL_PASSPHRASE, TEST_KDF, repack, unpack } from "../backup/fixtures.js";

const T0 = 1_800_000_000_000;
const opened: Phoenix[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});
async function open(name = freshName("audit")): Promise<Phoenix> {
  let now = T0;
  const p = await openPhoenix({ name, soul: { kdf: TEST_KDF }, clock: () => (now += 1000) });
  opened.push(p);
  return p;
}

async function fill(p: Phoenix, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await p.audit.append("test.event", i % 2 === 0 ? "ok" : "failed", `n=${i}`);
}

describe("the audit chain", () => {
  it("appends entries with sequence numbers and lists them either way", async () => {
    const p = await open();
    await fill(p, 3);
    expect(await p.audit.list()).toEqual([
      { seq: 1, at: T0 + 1000, action: "test.event", outcome: "ok", subject: "n=0" },
      { seq: 2, at: T0 + 2000, action: "test.event", outcome: "failed", subject: "n=1" },
      { seq: 3, at: T0 + 3000, action: "test.event", outcome: "ok", subject: "n=2" },
    ]);
    expect((await p.audit.list({ limit: 2, reverse: true })).map((e) => e.seq)).toEqual([3, 2]);
    expect(await p.audit.verify()).toEqual({ ok: true, entries: 3 });
    const raw = await p.db.get("audit_log", 2);
    expect(raw!.prev).toBe((await p.db.get("audit_log", 1))!.hash);
    expect((await p.db.get("audit_log", 1))!.prev).toBe("0".repeat(64));
    await expect(p.audit.append("Bad Action", "ok")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(p.audit.append("a.b", "maybe" as "ok")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("finds an edited entry", async () => {
    const p = await open();
    await fill(p, 5);
    const entry = (await p.db.get("audit_log", 3))!;
    await p.db.put("audit_log", { ...entry, outcome: entry.outcome === "ok" ? "failed" : "ok" }, 3);
    expect(await p.audit.verify()).toEqual({ ok: false, entries: 3, brokenAt: 3 });
  });

  it("finds an entry edited with its own hash recomputed (the next entry no longer matches)", async () => {
    const p = await open();
    await fill(p, 4);
    // Move entry 2 into the place of 3: seq and key agree, the hash is its own, the link breaks.
    const two = (await p.db.get("audit_log", 2))!;
    const three = (await p.db.get("audit_log", 3))!;
    await p.db.put("audit_log", { ...three, prev: two.prev }, 3);
    const result = await p.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(3);
  });

  it("finds a removed entry, a removed newest entry and a reordering", async () => {
    const p = await open();
    await fill(p, 5);
    await p.db.delete("audit_log", 2);
    expect(await p.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });

    const q = await open();
    await fill(q, 5);
    await q.db.delete("audit_log", 5);
    expect(await q.audit.verify()).toMatchObject({ ok: false, brokenAt: 5 });

    const r = await open();
    await fill(r, 5);
    const [a, b] = [(await r.db.get("audit_log", 2))!, (await r.db.get("audit_log", 4))!];
    await r.db.put("audit_log", b, 2);
    await r.db.put("audit_log", a, 4);
    expect(await r.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("keeps the newest `audit.keep` entries and still verifies through the checkpoint", async () => {
    const p = await open();
    await p.settings.update({ audit: { keep: 100 } });
    await fill(p, 130);
    expect(await p.audit.count()).toBe(100);
    const list = await p.audit.list({ limit: 1000 });
    expect(list[0]!.seq).toBe(32);
    expect(list.at(-1)!.seq).toBe(131);
    expect(await p.audit.verify()).toEqual({ ok: true, entries: 100 });
    await p.db.delete("audit_log", 32);
    expect(await p.audit.verify()).toMatchObject({ ok: false, brokenAt: 32 });
  });
});

describe("what is logged", () => {
  it("soul setup, failed and good unlock, lock, remember/forget on device, key names hashed, never a secret", async () => {
    const p = await open();
    await p.vaults.soul.setup(SOUL_PASSPHRASE);
    await p.vaults.storeSoul("dad:last_soft_memory", "I love you, Dad.");
    await p.vaults.forgetSoul("dad:last_soft_memory");
    p.vaults.soul.lock();
    await expect(p.vaults.soul.unlock("wrong passphrase here")).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    await p.vaults.soul.unlock(SOUL_PASSPHRASE, { rememberOnDevice: true });
    await p.vaults.soul.forgetDevice();
    const entries = await p.audit.list();
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ["soul.setup", "ok"],
      ["soul.forget", "ok"],
      ["soul.lock", "ok"],
      ["soul.unlock", "failed"],
      ["soul.unlock", "ok"],
      ["soul.rememberOnDevice", "ok"],
      ["soul.forgetDevice", "ok"],
    ]);
    expect(entries[1]!.subject).toMatch(/^key sha256:[0-9a-f]{64}$/u);
    expect(entries[3]!.subject).toBe("BAD_PASSPHRASE");
    const text = JSON.stringify(await p.db.getAll("audit_log"));
    for (const secret of [SOUL_PASSPHRASE, "wrong passphrase here", "dad:last_soft_memory", "I love you"]) expect(text).not.toContain(secret);
    expect(await p.audit.verify()).toMatchObject({ ok: true });
  });

  it("an auto-lock is logged as soul.lock; a lock of a locked vault is not", async () => {
    let t = 0;
    const timers = new Map<number, () => void>();
    let next = 0;
    const clock = {
      now: () => t,
      setTimeout: (callback: () => void) => (timers.set((next += 1), callback), next),
      clearTimeout: (handle: unknown) => void timers.delete(handle as number),
    };
    const p = await openPhoenix({ name: freshName("audit-autolock"), soul: { kdf: TEST_KDF, autoLockMs: 1000, clock, visibility: null } });
    opened.push(p);
    await p.vaults.soul.setup(SOUL_PASSPHRASE);
    t = 5000;
    for (const fire of [...timers.values()]) fire();
    expect(p.vaults.soul.isLocked).toBe(true);
    p.vaults.soul.lock();
    await vi.waitFor(async () => expect((await p.audit.list()).map((e) => e.action)).toEqual(["soul.setup", "soul.lock"]));
  });

  it("body clear, settings change (with the field), backup export and import, snapshot restore", async () => {
    const p = await open();
    await p.vaults.storeBody("state:x", "1");
    await p.vaults.clearBody();
    await p.settings.update({ pulse: { keep: 3 } });
    await expect(p.settings.update({ pulse: { keep: -1 } })).rejects.toMatchObject({ code: "INVALID_SETTING" });
    const file = await p.backups.export();
    const report = await p.backups.import(file, { mode: "merge" });
    const before = (await p.audit.list({ limit: 100 })).map((e) => `${e.action}:${e.outcome}:${e.subject ?? ""}`);
    expect(before).toEqual([
      "body.clear:ok:1 records",
      "settings.update:ok:pulse.keep",
      "settings.update:failed:INVALID_SETTING",
      "backup.export:ok:plain",
      expect.stringMatching(/^backup\.import:ok:mode=merge added=\d+/u),
    ]);
    await p.backups.pulse.restore(report.snapshot!.id);
    // A restore makes the database the snapshot, its log included; the restore itself is logged after it.
    const entries = await p.audit.list({ limit: 100 });
    expect(entries.map((e) => `${e.action}:${e.outcome}:${e.subject ?? ""}`)).toEqual([
      ...before.slice(0, 4),
      expect.stringMatching(/^snapshot\.restore:ok:\S+ mode=replace/u),
    ]);
    expect(await p.audit.verify()).toMatchObject({ ok: true });
  });
});

describe("the audit log in backups", () => {
  it("is exported, replaces the log on a replace import, and verifies there", async () => {
    const source = await open();
    await fill(source, 3);
    const file = await source.backups.export();
    const target = await open();
    await target.backups.import(file, { snapshot: false });
    const entries = await target.audit.list();
    // The export's own entry follows the export, so the archive does not hold it.
    expect(entries.map((e) => e.action)).toEqual(["test.event", "test.event", "test.event", "backup.import"]);
    expect(await target.audit.verify()).toEqual({ ok: true, entries: 4 });
  });

  it("a merge import keeps this device's log and skips the archive's", async () => {
    const source = await open();
    await fill(source, 3);
    const file = await source.backups.export();
    const target = await open();
    await fill(target, 1);
    const report = await target.backups.import(file, { mode: "merge", snapshot: false });
    expect(report.stores.audit_log).toMatchObject({ skipped: 3, kept: 1 });
    expect((await target.audit.list()).map((e) => e.action)).toEqual(["test.event", "backup.import"]);
    expect(await target.audit.verify()).toEqual({ ok: true, entries: 2 });
  });

  it("an archive whose audit log was edited is refused with AUDIT_BROKEN, nothing written", async () => {
    const source = await open();
    await fill(source, 3);
    const files = await unpack(await source.backups.export());
    const name = "stores/audit_log.ndjson";
    const text = new TextDecoder().decode(files.get(name)!).replace('"n=1"', '"n=9"');
    expect(text).toContain('"n=9"');
    const target = await open();
    const forged = repack(files, (copy) => copy.set(name, new TextEncoder().encode(text)));
    await source.vaults.storeMind("fact:x", "y");
    await expect(target.backups.import(forged, { snapshot: false })).rejects.toMatchObject({ code: "AUDIT_BROKEN" });
    expect(await target.counts()).toMatchObject({ mind_vault: 0 });
  });
});
