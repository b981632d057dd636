import { openDB } from "idb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openPhoenix } from "../../../src/index.js";
import { createBackups } from "../../../src/backup/index.js";
import type { PhoenixDB } from "../../../src/db/schema.js";
import { freshName } from "../../helpers/db.js";
import { TEST_KDF, bitDump, closeAll, openTestPhoenix, populate } from "./fixtures.js";

afterEach(() => {
  vi.useRealTimers();
  closeAll();
});

describe("Vital Pulse snapshots", () => {
  it("takes, lists (newest first), downloads and deletes snapshots", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const first = await phoenix.backups.snapshot("manual");
    const second = await phoenix.backups.pulse.take("manual");
    expect(first).toMatchObject({ reason: "manual" });
    expect(first.bytes).toBeGreaterThan(0);
    expect((await phoenix.backups.pulse.list()).map((s) => s.id)).toEqual([second.id, first.id]);

    const file = await phoenix.backups.pulse.download(first.id);
    expect(file.name).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz$/);
    expect(file.type).toBe("application/gzip");
    const other = await openTestPhoenix();
    await other.backups.import(file, { snapshot: false });
    expect(await bitDump(other.db)).toEqual(await bitDump(phoenix.db));

    expect(await phoenix.backups.pulse.delete(first.id)).toBe(true);
    expect(await phoenix.backups.pulse.delete(first.id)).toBe(false);
    await expect(phoenix.backups.pulse.download(first.id)).rejects.toMatchObject({ code: "SNAPSHOT_NOT_FOUND" });
    await expect(phoenix.backups.pulse.restore("nope")).rejects.toMatchObject({ code: "SNAPSHOT_NOT_FOUND" });
  });

  it("retains only the newest `keep`, and persists its settings", async () => {
    const name = freshName();
    const phoenix = await openPhoenix({ name, soul: { kdf: TEST_KDF } });
    expect(await phoenix.backups.pulse.settings()).toEqual({ intervalHours: 24, keep: 7 });
    await phoenix.backups.pulse.setSettings({ keep: 2, intervalHours: 6 });
    for (let i = 0; i < 4; i += 1) await phoenix.backups.snapshot(`n${i}`);
    expect((await phoenix.backups.pulse.list()).map((s) => s.reason)).toEqual(["n3", "n2"]);
    phoenix.close();
    const again = await openPhoenix({ name, soul: { kdf: TEST_KDF } });
    expect(await again.backups.pulse.settings()).toEqual({ intervalHours: 6, keep: 2 });
    await expect(again.backups.pulse.setSettings({ keep: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(again.backups.pulse.setSettings({ intervalHours: -1 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(again.backups.snapshot("")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    again.close();
  });

  it("snapshots before every import, and restores a snapshot (after snapshotting the present)", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix, "before");
    const before = await bitDump(phoenix.db);
    const elsewhere = await openTestPhoenix();
    await populate(elsewhere, "other");
    const report = await phoenix.backups.import(await elsewhere.backups.export());
    expect(report.snapshot).toMatchObject({ reason: "before-import" });
    expect(await bitDump(phoenix.db)).not.toEqual(before);

    const restored = await phoenix.backups.pulse.restore(report.snapshot!.id);
    expect(restored.mode).toBe("replace");
    expect(restored.snapshot).toMatchObject({ reason: "before-restore" });
    expect(await bitDump(phoenix.db)).toEqual(before);
    expect((await phoenix.backups.pulse.list()).map((s) => s.reason)).toEqual(["before-restore", "before-import"]);
  });

  it("keeps snapshots in their own database, so they outlive the main one", async () => {
    const name = freshName();
    const phoenix = await openPhoenix({ name, soul: { kdf: TEST_KDF } });
    await populate(phoenix);
    const before = await bitDump(phoenix.db);
    const snap = await phoenix.backups.snapshot("manual");
    phoenix.close();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    const fresh = await openPhoenix({ name, soul: { kdf: TEST_KDF } });
    expect(await fresh.counts()).toMatchObject({ eternal_memory: 0 });
    expect((await fresh.backups.pulse.list()).map((s) => s.id)).toEqual([snap.id]);
    await fresh.backups.pulse.restore(snap.id);
    expect(await bitDump(fresh.db)).toEqual(before);
    fresh.close();
  });

  it("takes scheduled snapshots while started, at the interval the user set", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    await phoenix.backups.pulse.setSettings({ intervalHours: 1 });
    await phoenix.backups.pulse.start();
    expect(await phoenix.backups.pulse.list()).toEqual([]);
    await vi.advanceTimersByTimeAsync(20_000);
    await vi.waitFor(async () => expect((await phoenix.backups.pulse.list()).map((s) => s.reason)).toEqual(["scheduled"]), { timeout: 15_000 });
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(await phoenix.backups.pulse.list()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    await vi.waitFor(async () => expect(await phoenix.backups.pulse.list()).toHaveLength(2), { timeout: 15_000 });
    phoenix.backups.pulse.stop();
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(await phoenix.backups.pulse.list()).toHaveLength(2);
    await phoenix.backups.pulse.setSettings({ intervalHours: 0 });
    expect(await phoenix.backups.pulse.nextDue()).toBeUndefined();
  });
});

describe("checkHealth", () => {
  it("finds nothing wrong with a sound database and offers nothing", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    expect(await phoenix.backups.checkHealth()).toEqual({ healthy: true, problems: [] });
  });

  it("names a store that cannot be read and offers the newest snapshot that passes every check", async () => {
    const name = freshName();
    const phoenix = await openPhoenix({ name, soul: { kdf: TEST_KDF } });
    await populate(phoenix);
    const good = await phoenix.backups.snapshot("manual");
    const damaged = await phoenix.backups.snapshot("manual");
    const version = phoenix.db.version;
    phoenix.close();
    // Damage the newest snapshot's archive, and lose a store (what a broken upgrade could leave).
    const snapshots = await openDB(`${name}-snapshots`);
    await snapshots.put("snapshot_data", new Blob(["not an archive"]), damaged.id);
    snapshots.close();
    const broken = (await openDB(name, version + 1, {
      upgrade(db) {
        db.deleteObjectStore("mind_vault");
      },
    })) as unknown as PhoenixDB;
    const backups = createBackups(broken, { dbName: name });
    const health = await backups.checkHealth();
    expect(health.healthy).toBe(false);
    expect(health.problems.map((p) => p.store)).toEqual(["mind_vault"]);
    expect(health.offer?.id).toBe(good.id);
    backups.close();
    broken.close();
  });
});
