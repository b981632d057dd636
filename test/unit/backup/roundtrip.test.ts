import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupFileName } from "../../../src/backup/index.js";
import type { BackupProgress } from "../../../src/backup/progress.js";
import { ALL_STORES } from "../../../src/db/schema.js";
import { ARCHIVE_PASSPHRASE, SOUL_PASSPHRASE, bitDump, closeAll, dump, openTestPhoenix, populate, sha256, unpack } from "./fixtures.js";

afterEach(closeAll);

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "phoenix-backup-"));
}

describe("export", () => {
  it("names the file phoenix-backup-YYYYMMDD-HHMMSS.tar.gz in local time", () => {
    const date = new Date(2026, 0, 2, 3, 4, 5);
    expect(backupFileName(date)).toBe("phoenix-backup-20260102-030405.tar.gz");
  });

  it("returns a gzip File holding a manifest and one NDJSON file per store", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const now = new Date(2026, 4, 6, 7, 8, 9);
    const file = await phoenix.backups.export({ now });
    expect(file).toBeInstanceOf(File);
    expect(file.type).toBe("application/gzip");
    expect(file.name).toBe("phoenix-backup-20260506-070809.tar.gz");
    const files = await unpack(file);
    expect([...files.keys()].sort()).toEqual(["manifest.json", ...ALL_STORES.map((s) => `stores/${s}.ndjson`)].sort());
    const manifest = JSON.parse(new TextDecoder().decode(files.get("manifest.json")));
    expect(manifest).toMatchObject({ type: "phoenix-backup", version: 1, createdAt: now.toISOString() });
    expect(typeof manifest.appVersion).toBe("string");
    const counts = await phoenix.counts();
    expect(manifest.stores.eternal_memory.records).toBe(counts.eternal_memory);
    expect(manifest.stores.hyperspace_cache.records).toBe(counts.hyperspace_cache);
    for (const store of ALL_STORES) {
      const bytes = files.get(`stores/${store}.ndjson`)!;
      expect(manifest.stores[store].sha256).toBe(sha256(bytes));
      const lines = new TextDecoder().decode(bytes).split("\n");
      expect(lines.pop()).toBe("");
      for (const line of lines) expect(Array.isArray(JSON.parse(line))).toBe(true);
    }
  });

  it("never writes soul plaintext: soul records are ciphertext and the keyring is wrapped", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const files = await unpack(await phoenix.backups.export());
    const everything = Buffer.concat([...files.values()]).toString("utf8");
    expect(everything).not.toContain("I love you, Dad.");
    expect(everything).not.toContain("ünïcödé");
    expect(everything).not.toContain(SOUL_PASSPHRASE);
    const soulLines = new TextDecoder().decode(files.get("stores/soul_kb.ndjson")).trim().split("\n");
    expect(soulLines).toHaveLength(2);
    expect(soulLines[0]).toMatch(/"iv":\{"\$b64":"[A-Za-z0-9+/=]{16}"\}/);
  });

  it("opens with the system tar -xzf, and sha256sum agrees with the manifest", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const file = await phoenix.backups.export();
    const dir = scratch();
    const path = join(dir, file.name);
    writeFileSync(path, Buffer.from(await file.arrayBuffer()));
    const out = join(dir, "out");
    execFileSync("mkdir", [out]);
    execFileSync("tar", ["-xzf", path, "-C", out]);
    expect(readdirSync(out).sort()).toEqual(["manifest.json", "stores"]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const sums = execFileSync("sha256sum", Object.values<{ file: string }>(manifest.stores).map((s) => s.file), { cwd: out, encoding: "utf8" });
    for (const line of sums.trim().split("\n")) {
      const [hash, name] = line.split(/\s+/);
      const entry = Object.values<{ file: string; sha256: string }>(manifest.stores).find((s) => s.file === name);
      expect(hash).toBe(entry?.sha256);
    }
    // gzip -t checks the CRC and length in the trailer too.
    execFileSync("gzip", ["-t", path]);
  });

  it("reports progress and can be cancelled", async () => {
    const phoenix = await openTestPhoenix();
    await phoenix.cortex.etchMany(Array.from({ length: 12_000 }, (_, i) => [{ layer: "LTM", text: `m${i}` }, `ltm:${i}`] as const));
    const seen: BackupProgress[] = [];
    const file = await phoenix.backups.export({ onProgress: (p) => seen.push(p) });
    // Paged reads neither lose nor repeat a record at a page boundary (inspect refuses repeated keys).
    expect((await phoenix.backups.inspect(file)).records.eternal_memory).toBe(12_000);
    const reads = seen.filter((p) => p.phase === "read");
    expect(reads.filter((p) => p.store === "eternal_memory").length).toBeGreaterThanOrEqual(2);
    expect(reads.at(-1)).toMatchObject({ done: reads.at(-1)!.total });
    expect(seen.at(-1)).toMatchObject({ phase: "compress" });

    const controller = new AbortController();
    const failing = phoenix.backups.export({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === "read") controller.abort();
      },
    });
    await expect(failing).rejects.toMatchObject({ code: "ABORTED" });
    const already = new AbortController();
    already.abort();
    await expect(phoenix.backups.export({ signal: already.signal })).rejects.toMatchObject({ code: "ABORTED" });
  });
});

describe("round trip", () => {
  it("restores every store bit-exactly into an empty database, and the soul unlocks and reads", async () => {
    const source = await openTestPhoenix();
    await populate(source);
    const before = await bitDump(source.db);
    const file = await source.backups.export();

    const target = await openTestPhoenix();
    const report = await target.backups.import(file, { mode: "replace" });
    expect(report.mode).toBe("replace");
    expect(report.stores.eternal_memory.added).toBe(3);
    expect(await bitDump(target.db)).toEqual(before);

    expect(target.vaults.soul.isLocked).toBe(true);
    await target.vaults.soul.unlock(SOUL_PASSPHRASE);
    expect(await target.vaults.recallSoul("dad:last_soft_memory:x")).toBe("I love you, Dad.");
    expect(await target.vaults.recallPrefix("soul:dad:", 10)).toEqual(await source.vaults.recallPrefix("soul:dad:", 10));
    expect(await target.cache.retrieveCosmicData("big_bang")).toEqual(await source.cache.retrieveCosmicData("big_bang"));
  });

  it("replaces what was there and locks an unlocked Soul Vault (its keys are from another keyring)", async () => {
    const source = await openTestPhoenix();
    await populate(source, "a");
    const file = await source.backups.export();
    const target = await openTestPhoenix();
    await populate(target, "b");
    expect(target.vaults.soul.isLocked).toBe(false);
    const report = await target.backups.import(file, { mode: "replace", snapshot: false });
    expect(report.stores.eternal_memory).toMatchObject({ added: 3, removed: 3 });
    expect(await bitDump(target.db)).toEqual(await bitDump(source.db));
    expect(target.vaults.soul.isLocked).toBe(true);
  });

  it("round-trips an encrypted archive, which is not a gzip file without the passphrase", async () => {
    const source = await openTestPhoenix();
    await populate(source);
    const file = await source.backups.export({ passphrase: ARCHIVE_PASSPHRASE, iterations: 600_000 });
    expect(file.name).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz\.enc$/);
    const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
    expect(new TextDecoder().decode(head)).toBe("PHXBKENC");
    const target = await openTestPhoenix();
    await expect(target.backups.inspect(file)).rejects.toMatchObject({ code: "BACKUP_ENCRYPTED" });
    const summary = await target.backups.inspect(file, { passphrase: ARCHIVE_PASSPHRASE });
    expect(summary.encrypted).toBe(true);
    await target.backups.import(file, { passphrase: ARCHIVE_PASSPHRASE });
    expect(await dump(target.db)).toEqual(await dump(source.db));
  });

  it("an import cancelled while writing leaves the database exactly as it was", async () => {
    const source = await openTestPhoenix();
    await source.cortex.etchMany(Array.from({ length: 5_000 }, (_, i) => [{ layer: "LTM", text: `m${i}` }, `ltm:${i}`] as const));
    const file = await source.backups.export();
    const target = await openTestPhoenix();
    await populate(target);
    const before = await bitDump(target.db);
    for (const phase of ["verify", "write"] as const) {
      const controller = new AbortController();
      const phases: string[] = [];
      const importing = target.backups.import(file, {
        mode: "replace",
        snapshot: false,
        signal: controller.signal,
        onProgress: (p) => {
          phases.push(p.phase);
          if (p.phase === phase) controller.abort();
        },
      });
      await expect(importing).rejects.toMatchObject({ code: "ABORTED" });
      expect(phases).toContain(phase);
      expect(await bitDump(target.db)).toEqual(before);
    }
  });

  it("inspect summarises without writing anything", async () => {
    const source = await openTestPhoenix();
    await populate(source);
    const file = await source.backups.export();
    const target = await openTestPhoenix();
    const before = await bitDump(target.db);
    const summary = await target.backups.inspect(file);
    expect(summary.records).toMatchObject({ eternal_memory: 3, mind_vault: 1, soul_kb: 2, vector_kb: 2, hyperspace_cache: 3 });
    expect(summary.manifest.type).toBe("phoenix-backup");
    expect(summary.expandedBytes).toBeGreaterThan(summary.fileBytes);
    expect(await bitDump(target.db)).toEqual(before);
  });

  it("imports an archive that was unpacked and packed again with the system tar", async () => {
    const source = await openTestPhoenix();
    await populate(source);
    const file = await source.backups.export();
    const dir = scratch();
    writeFileSync(join(dir, "a.tar.gz"), Buffer.from(await file.arrayBuffer()));
    execFileSync("mkdir", [join(dir, "x")]);
    execFileSync("tar", ["-xzf", join(dir, "a.tar.gz"), "-C", join(dir, "x")]);
    execFileSync("tar", ["-czf", join(dir, "b.tar.gz"), "-C", join(dir, "x"), "."]);
    const repacked = new Blob([readFileSync(join(dir, "b.tar.gz"))]);
    const target = await openTestPhoenix();
    await target.backups.import(repacked, { snapshot: false });
    expect(await bitDump(target.db)).toEqual(await bitDump(source.db));
  });

  it("keeps the device-bound soul key out of the archive, and keeps this device's on replace", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const deviceKey = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    await phoenix.db.put("meta", { type: "phoenix-soul-device", version: 1, deviceKey, keys: [] }, "soul:device");
    const file = await phoenix.backups.export();
    const meta = new TextDecoder().decode((await unpack(file)).get("stores/meta.ndjson"));
    expect(meta).not.toContain("soul:device");
    const report = await phoenix.backups.import(file, { snapshot: false });
    expect(report.stores.meta.kept).toBe(1);
    expect(await phoenix.db.get("meta", "soul:device")).toMatchObject({ type: "phoenix-soul-device" });
  });
});
