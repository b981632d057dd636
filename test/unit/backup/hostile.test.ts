/**
 * A corpus of broken and hostile archives, built here from a real export: each must fail with its own
 * code, through inspect and through import in both modes, and leave the database exactly as it was.
 */
import { gzipSync } from "fflate";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Phoenix } from "../../../src/index.js";
import type { ErrorCode } from "../../../src/errors.js";
import { DEFAULT_MAX_EXPANDED_BYTES } from "../../../src/backup/index.js";
import { tarEnd, tarHeader } from "../../../src/backup/tar.js";
import {
  ARCHIVE_PASSPHRASE,
  bitDump,
  closeAll,
  openTestPhoenix,
  pack,
  populate,
  repack,
  unpack,
} from "./fixtures.js";

let good: File;
let encrypted: File;
let files: Map<string, Uint8Array>;

beforeAll(async () => {
  const source = await openTestPhoenix();
  await populate(source, "src");
  good = await source.backups.export();
  encrypted = await source.backups.export({ passphrase: ARCHIVE_PASSPHRASE, iterations: 600_000 });
  files = await unpack(good);
  source.close();
});

afterEach(closeAll);

const text = (value: string) => new TextEncoder().encode(value);
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** Fails with `code` (and `subject`, when given) and changes nothing, whichever way it is fed. */
async function expectRejected(archive: Blob, code: ErrorCode, options: { passphrase?: string; maxExpandedBytes?: number; subject?: string } = {}) {
  const phoenix: Phoenix = await openTestPhoenix();
  await populate(phoenix, "here");
  const before = await bitDump(phoenix.db);
  const expected = options.subject ? { code, subject: options.subject } : { code };
  await expect(phoenix.backups.inspect(archive, options)).rejects.toMatchObject(expected);
  await expect(phoenix.backups.import(archive, { ...options, mode: "replace" })).rejects.toMatchObject(expected);
  await expect(phoenix.backups.import(archive, { ...options, mode: "merge" })).rejects.toMatchObject(expected);
  expect(await bitDump(phoenix.db)).toEqual(before);
  expect(await phoenix.backups.pulse.list()).toEqual([]);
}

/**
 * A gzip file whose deflate stream is `prefix` as literals, then about `zeros` zero bytes as back-references
 * of 258 bytes each (fixed Huffman, 13 bits per 258 bytes): a few MB that expand to hundreds, written
 * directly so the test never compresses or holds the expanded bytes. Its trailer is never reached.
 */
function gzipBomb(prefix: Uint8Array, zeros: number): Blob {
  const out = new Uint8Array(16 + prefix.length * 2 + Math.ceil(zeros / 258) * 2 + 16);
  let byte = 10;
  let bit = 0;
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const bits = (value: number, count: number) => {
    for (let i = 0; i < count; i += 1) {
      out[byte] = out[byte]! | (((value >> i) & 1) << bit);
      if (++bit === 8) [bit, byte] = [0, byte + 1];
    }
  };
  // Huffman codes go most significant bit first.
  const code = (value: number, count: number) => {
    for (let i = count - 1; i >= 0; i -= 1) bits((value >> i) & 1, 1);
  };
  const literal = (b: number) => (b < 144 ? code(0x30 + b, 8) : code(0x190 + b - 144, 9));
  bits(1, 1); // final block
  bits(1, 2); // fixed Huffman
  prefix.forEach(literal);
  literal(0);
  for (let n = 0; n < zeros; n += 258) {
    code(0xc5, 8); // length 258
    code(0, 5); // distance 1
  }
  code(0, 7); // end of block
  return new Blob([out.subarray(0, byte + 9)]);
}

describe("hostile and broken archives", () => {
  it("the unmodified corpus source imports (so each failure below is the mutation's doing)", async () => {
    const phoenix = await openTestPhoenix();
    const report = await phoenix.backups.import(repack(files, () => undefined));
    expect(report.mode).toBe("replace");
    expect(report.stores.eternal_memory.added).toBeGreaterThan(0);
    expect(await phoenix.cortex.recall("epm:dadsrc:1704067200")).toMatchObject({ layer: "EPM", text: "Dad told me about his day (src)" });
  });

  it("not gzip: BACKUP_NOT_GZIP", async () => {
    await expectRejected(new Blob(["just some text, not an archive"]), "BACKUP_NOT_GZIP");
    await expectRejected(new Blob([]), "BACKUP_NOT_GZIP");
  });

  it("truncated gzip, at every kind of place: BACKUP_TRUNCATED", async () => {
    const whole = await bytesOf(good);
    for (const cut of [12, Math.floor(whole.length / 2), whole.length - 9, whole.length - 4, whole.length - 1]) {
      await expectRejected(new Blob([whole.subarray(0, cut)]), "BACKUP_TRUNCATED");
    }
  });

  it("damaged gzip data or trailer is caught, never imported", async () => {
    const whole = await bytesOf(good);
    const flipped = whole.slice();
    flipped[whole.length - 6]! ^= 0xff; // inside the CRC-32 of the trailer
    await expectRejected(new Blob([flipped]), "BACKUP_TRUNCATED");
  });

  it("a gzip bomb of a few MB expanding past 256 MiB stops at the default cap: BACKUP_TOO_LARGE", async () => {
    expect(DEFAULT_MAX_EXPANDED_BYTES).toBe(256 * 1024 ** 2);
    const bomb = gzipBomb(tarHeader({ name: "stores/eternal_memory.ndjson", size: 300 << 20, mtime: 0 }), 300 << 20);
    expect(bomb.size).toBeLessThan(4 << 20);
    const phoenix = await openTestPhoenix();
    await populate(phoenix, "here");
    const before = await bitDump(phoenix.db);
    await expect(phoenix.backups.inspect(bomb)).rejects.toMatchObject({ code: "BACKUP_TOO_LARGE" });
    expect(await bitDump(phoenix.db)).toEqual(before);
    // Expanding 256 MiB (and hashing it) takes seconds on a busy machine; import runs the same reader.
  }, 120_000);

  it("an encrypted archive (read whole) larger than the cap is refused before it is read", async () => {
    await expectRejected(encrypted, "BACKUP_TOO_LARGE", { passphrase: ARCHIVE_PASSPHRASE, maxExpandedBytes: encrypted.size - 1 });
  });

  it("a decompression bomb stops at a smaller explicit cap too: BACKUP_TOO_LARGE", async () => {
    const bomb = new Blob([gzipSync(new Uint8Array(8 << 20))]);
    expect(bomb.size).toBeLessThan(64 << 10);
    await expectRejected(bomb, "BACKUP_TOO_LARGE", { maxExpandedBytes: 1 << 20 });
    await expectRejected(good, "BACKUP_TOO_LARGE", { maxExpandedBytes: 1024 });
  });

  it("not tar: BACKUP_NOT_TAR", async () => {
    await expectRejected(new Blob([gzipSync(text(JSON.stringify({ type: "phoenix-backup" })))]), "BACKUP_NOT_TAR");
    await expectRejected(new Blob([gzipSync(new Uint8Array(0))]), "BACKUP_NOT_TAR");
  });

  it("a tar header that fails its checksum: BACKUP_TAR_CHECKSUM", async () => {
    const header = tarHeader({ name: "manifest.json", size: 0, mtime: 0 });
    header[0] = "M".charCodeAt(0); // changed after the checksum was computed
    await expectRejected(new Blob([gzipSync(Buffer.concat([header, tarEnd()]))]), "BACKUP_TAR_CHECKSUM");
  });

  it("a tar archive cut short inside a valid gzip: BACKUP_TRUNCATED", async () => {
    await expectRejected(pack([{ name: "manifest.json", content: "{}" }], { end: false }), "BACKUP_TRUNCATED");
  });

  it("path traversal, absolute names, links: BACKUP_BAD_PATH", async () => {
    const withEntry = (name: string, type?: string) =>
      pack([...[...files].map(([n, content]) => ({ name: n, content })), { name, content: "x", ...(type ? { type } : {}) }]);
    for (const name of ["../evil.txt", "stores/../../evil", "/etc/passwd", "C:/Windows/evil", "a\\..\\b", "stores//x"]) {
      await expectRejected(withEntry(name), "BACKUP_BAD_PATH");
    }
    await expectRejected(withEntry("stores/link", "2"), "BACKUP_BAD_PATH");
    // A long traversing name hidden in a pax header is judged by the name it carries.
    await expectRejected(withEntry(`${"../".repeat(40)}etc/passwd`), "BACKUP_BAD_PATH");
  });

  it("the same file twice: BACKUP_DUPLICATE_ENTRY", async () => {
    const entries = [...files].map(([name, content]) => ({ name, content }));
    await expectRejected(pack([...entries, entries[0]!]), "BACKUP_DUPLICATE_ENTRY");
    await expectRejected(pack([...entries, { name: "./manifest.json", content: files.get("manifest.json")! }]), "BACKUP_DUPLICATE_ENTRY");
  });

  it("no manifest: BACKUP_MISSING_MANIFEST", async () => {
    await expectRejected(repack(files, (copy) => copy.delete("manifest.json")), "BACKUP_MISSING_MANIFEST");
  });

  it("a manifest that is not ours: BACKUP_BAD_MANIFEST", async () => {
    await expectRejected(repack(files, (_, manifest) => void (manifest.type = "something-else")), "BACKUP_BAD_MANIFEST");
    const notJson = new Map(files).set("manifest.json", text("{ not json"));
    await expectRejected(pack([...notJson].map(([name, content]) => ({ name, content }))), "BACKUP_BAD_MANIFEST");
    await expectRejected(repack(files, (_, manifest) => void delete manifest.stores!.soul_kb), "BACKUP_BAD_MANIFEST");
    await expectRejected(repack(files, (copy) => copy.set("stores/extra.ndjson", text(""))), "BACKUP_BAD_MANIFEST");
    await expectRejected(
      repack(files, (_, manifest) => void (manifest.stores!.meta!.file = "../meta.ndjson")),
      "BACKUP_BAD_MANIFEST",
    );
  });

  it("an unknown future format version: BACKUP_UNSUPPORTED_VERSION", async () => {
    await expectRejected(repack(files, (_, manifest) => void (manifest.version = 2)), "BACKUP_UNSUPPORTED_VERSION");
    await expectRejected(repack(files, (_, manifest) => void (manifest.dbVersion = 99)), "BACKUP_UNSUPPORTED_VERSION");
  });

  it("a file that does not match its SHA-256: BACKUP_HASH_MISMATCH naming the file", async () => {
    const changed = repack(
      files,
      (copy) => {
        const lines = new TextDecoder().decode(copy.get("stores/mind_vault.ndjson")).replace("Paris", "Lyon");
        copy.set("stores/mind_vault.ndjson", text(lines));
      },
      { rehash: false },
    );
    await expectRejected(changed, "BACKUP_HASH_MISMATCH", { subject: "stores/mind_vault.ndjson" });
    // Even when the change also breaks the line: the hash is what tells tampering apart.
    const broken = repack(files, (copy) => copy.set("stores/mind_vault.ndjson", text("{{{\n")), { rehash: false });
    await expectRejected(broken, "BACKUP_HASH_MISMATCH");
  });

  it("a record of the wrong shape, with correct hashes: BACKUP_BAD_RECORD naming file and line", async () => {
    const withLine = (file: string, line: string) =>
      repack(files, (copy) => copy.set(file, text(`${new TextDecoder().decode(copy.get(file))}${line}\n`)));
    const memory = "stores/eternal_memory.ndjson";
    const line = (new TextDecoder().decode(files.get(memory)).match(/\n/g)?.length ?? 0) + 1;
    await expectRejected(withLine(memory, '["ltm:z",{"layer":"XXX","text":"t","createdAt":1,"updatedAt":1}]'), "BACKUP_BAD_RECORD", {
      subject: `${memory}:${line}`,
    });
    await expectRejected(withLine(memory, '["ltm:z",{"layer":"LTM","text":"t","createdAt":1,"updatedAt":1,"extra":1}]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine(memory, "not json"), "BACKUP_BAD_RECORD");
    await expectRejected(withLine(memory, '["ltm:z"]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine(memory, '[7,{"layer":"LTM","text":"t","createdAt":1,"updatedAt":1}]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine("stores/soul_kb.ndjson", '["k",{"v":1,"keyId":"x","iv":"plain","ct":{"$b64":"AAAA"},"updatedAt":1}]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine("stores/vector_kb.ndjson", '["v",{"id":"v","text":"t","metadata":{},"embedding":{"$b64":"AAA="},"createdAt":1}]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine("stores/hyperspace_cache.ndjson", '[-1,{"source":"s","timestamp":1,"data":"d","streamType":"q"}]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine("stores/meta.ndjson", '["x",{"$b64":"%%%%"}]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine("stores/meta.ndjson", '["x",{"$evil":1}]'), "BACKUP_BAD_RECORD");
    await expectRejected(withLine("stores/meta.ndjson", `["x",${"[".repeat(100_000)}${"]".repeat(100_000)}]`), "BACKUP_BAD_RECORD");
    // A key twice within one store.
    const mind = "stores/mind_vault.ndjson";
    const first = new TextDecoder().decode(files.get(mind)).split("\n")[0]!;
    await expectRejected(withLine(mind, first), "BACKUP_BAD_RECORD");
    // Not UTF-8.
    const latin = repack(files, (copy) => copy.set(mind, Uint8Array.from([0x5b, 0x22, 0xff, 0x22, 0x5d, 0x0a])));
    await expectRejected(latin, "BACKUP_BAD_RECORD");
  });

  it("soul records the archive's keyring cannot open, or a forged device key: BACKUP_BAD_RECORD", async () => {
    const soul = "stores/soul_kb.ndjson";
    const otherKey = repack(files, (copy) => copy.set(soul, text(new TextDecoder().decode(copy.get(soul)).replace(/"keyId":"[^"]*"/, '"keyId":"nope"'))));
    await expectRejected(otherKey, "BACKUP_BAD_RECORD");
    const meta = "stores/meta.ndjson";
    const device = repack(files, (copy) =>
      copy.set(meta, text(`${new TextDecoder().decode(copy.get(meta))}["soul:device",{"type":"phoenix-soul-device"}]\n`)),
    );
    await expectRejected(device, "BACKUP_BAD_RECORD");
  });

  it("a wrong archive passphrase: BACKUP_BAD_PASSPHRASE; none: BACKUP_ENCRYPTED", async () => {
    await expectRejected(encrypted, "BACKUP_BAD_PASSPHRASE", { passphrase: "not the passphrase" });
    await expectRejected(encrypted, "BACKUP_ENCRYPTED");
    const tampered = await bytesOf(encrypted);
    tampered[12]! ^= 1; // the iteration count: authenticated, so it fails like a wrong passphrase
    await expectRejected(new Blob([tampered]), "BACKUP_BAD_PASSPHRASE", { passphrase: ARCHIVE_PASSPHRASE });
    await expectRejected(new Blob([(await bytesOf(encrypted)).subarray(0, 50)]), "BACKUP_TRUNCATED", { passphrase: ARCHIVE_PASSPHRASE });
  });
});
