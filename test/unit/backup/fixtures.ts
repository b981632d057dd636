/** Shared set-up for the backup tests: a database with something in every store, raw dumps, archive surgery. */
import { createHash } from "node:crypto";
import { gzipSync } from "fflate";
import type { Phoenix } from "../../../src/index.js";
import { ALL_STORES, CONTEXT_STAMP_KEY, type PhoenixDB, type PhoenixStoreName, type VectorRecord } from "../../../src/db/schema.js";
import { CheckedGunzip } from "../../../src/backup/gzip.js";
import { TarReader, tarEnd, tarHeader, tarPadding } from "../../../src/backup/tar.js";
import { TEST_KDF, closeAll, openTestPhoenix } from "../../helpers/fixtures.js";
import { unwrap } from "idb";
import { PACKED_STORES, forEachCosmicRecord } from "../../../src/stores/hyperspace/records.js";

export { TEST_KDF, closeAll, openTestPhoenix };

export const SOUL_PASSPHRASE = "correct horse battery staple";
export const ARCHIVE_PASSPHRASE = "a long archive passphrase";


/** A vector record as the Vector KB stores it: float32 little-endian bytes. */
export function vectorRecord(id: string, text: string, values: number[], createdAt = 1_700_000_000_000): VectorRecord {
  const embedding = new Uint8Array(new Float32Array(values).buffer);
  return { id, text, metadata: { category: "test", tags: ["a", "b"], nested: { n: 1 } }, embedding, createdAt };
}

/** Something in every store, written through the real store modules where they exist. */
export async function populate(phoenix: Phoenix, label = "x"): Promise<void> {
  await phoenix.cortex.etch({ layer: "EPM", text: `Dad told me about his day (${label})` }, `epm:dad${label}:1704067200`);
  await phoenix.cortex.etch({ layer: "LTM", text: "emoji 🐦‍🔥 and \u2028 line separators\nand newlines" }, `ltm:${label}:unicode`);
  // Written raw: the API now refuses blank text, but databases from before that rule may hold one.
  // LTM, since a 2023 STM memory has long expired and is rightly left out of every backup.
  await phoenix.db.put("eternal_memory", { layer: "LTM", text: "", createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 }, `ltm:${label}:empty`);
  await phoenix.vaults.storeMind(`fact:capital_france:${label}`, "Paris");
  await phoenix.vaults.storeBody(`system:boot:${label}`, '{"json":"inside a string"}');
  const soul = phoenix.vaults.soul;
  if (soul.isLocked) {
    try {
      await soul.setup(SOUL_PASSPHRASE);
    } catch {
      await soul.unlock(SOUL_PASSPHRASE);
    }
  }
  await phoenix.vaults.storeSoul(`dad:last_soft_memory:${label}`, "I love you, Dad.");
  await phoenix.vaults.storeSoul(`dad:second:${label}`, "ünïcödé ✓");
  await phoenix.db.put("vector_kb", vectorRecord(`v1${label}`, "The capital of France is Paris", [0.1, -0, Math.PI, -1e-38, 3.4e38]), `v1${label}`);
  await phoenix.db.put("vector_kb", vectorRecord(`v2${label}`, "NaN bits", [Number.NaN, Infinity, -Infinity, 1, 2]), `v2${label}`);
  await phoenix.cache.storeCosmicBatch([
    { source: "big_bang", timestamp: 1704067200, data: "first", streamType: "big_bang" },
    { source: "big_bang", timestamp: 1704067200, data: "first", streamType: "big_bang" },
    { source: "q", timestamp: 1.5, data: label, streamType: "quantum" },
  ]);
  await phoenix.db.put(
    "meta",
    {
      note: "odd values",
      bytes: new Uint8Array([0, 1, 254, 255]),
      buffer: new Uint8Array([9, 8, 7]).buffer,
      floats: new Float64Array([-0, Number.NaN, 1e308]),
      when: new Date(1_700_000_000_123),
      nothing: undefined,
      list: [undefined, null, -0, Number.POSITIVE_INFINITY],
      $dollar: { $b64: "not a tag" },
      own: JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    },
    `test:odd:${label}`,
  );
}

export type Dump = Record<PhoenixStoreName, Array<[IDBValidKey, unknown]>>;

const AUDIT_META = new Set(["audit.head", "audit.checkpoint"]);
/** The Context Engine's freshness stamp: derived, never exported, dropped by every import by design. */
const DERIVED_STAMP = CONTEXT_STAMP_KEY;

/**
 * Every record of every store, read raw. Hyperspace items are packed many to a record; they are listed
 * one per item, numbered as an export numbers them, so "equal" means same items in the same order.
 * The audit log is left out unless asked for: every import, failed or not, adds its own entry there,
 * which is the point of the log, not a change of the data. The Context Engine's stamp is left out too.
 */
export async function dump(db: PhoenixDB, options: { withAudit?: boolean } = {}): Promise<Dump> {
  const result = {} as Dump;
  for (const store of ALL_STORES) {
    if (store === "audit_log" && !options.withAudit) continue;
    if (store === "hyperspace_cache") {
      result[store] = await cosmicItems(db);
      continue;
    }
    const [keys, values] = await Promise.all([db.getAllKeys(store), db.getAll(store)]);
    result[store] = keys
      .map((key, i): [IDBValidKey, unknown] => [key, values[i]])
      .filter(([key]) => store !== "meta" || key !== DERIVED_STAMP)
      .filter(([key]) => options.withAudit || store !== "meta" || !AUDIT_META.has(key as string));
  }
  return result;
}

/** Every byte of every binary value, so "equal" means bit-exact (NaN payloads, -0 included). */
export function bitsOf(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return { ArrayBuffer: [...new Uint8Array(value)] };
  if (ArrayBuffer.isView(value)) {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return { [tag]: [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)] };
  }
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : Number.isNaN(value) ? "NaN" : value;
  if (value === undefined) return "<undefined>";
  if (value instanceof Date) return { Date: value.getTime() };
  if (Array.isArray(value)) return value.map(bitsOf);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.keys(value).map((key) => [key, bitsOf((value as Record<string, unknown>)[key])]));
  }
  return value;
}

export async function bitDump(db: PhoenixDB): Promise<unknown> {
  return bitsOf(await dump(db));
}

/** Entry name → bytes, in archive order, read with our own reader (directories skipped). */
export async function unpack(archive: Blob): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const tar = new TarReader({
    entry(entry) {
      const parts: Uint8Array[] = [];
      return {
        data: (chunk) => parts.push(chunk.slice()),
        end: () => {
          if (entry.type !== "5") files.set(entry.name, Buffer.concat(parts));
        },
      };
    },
  });
  const gunzip = new CheckedGunzip({ maxExpandedBytes: 1 << 30, onData: (chunk) => tar.push(chunk) });
  gunzip.push(new Uint8Array(await archive.arrayBuffer()));
  gunzip.end();
  tar.end();
  return files;
}

export interface PackEntry {
  name: string;
  content: Uint8Array | string;
  /** Typeflag other than "0": "2" symlink, "5" directory, … */
  type?: string;
}

/** A .tar.gz from entries, for archives the exporter would never write. */
export function pack(entries: PackEntry[], options: { end?: boolean } = {}): Blob {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const content = typeof entry.content === "string" ? new TextEncoder().encode(entry.content) : entry.content;
    const header = tarHeader({ name: entry.name, size: content.length, mtime: 1_700_000_000 });
    if (entry.type) retype(header, entry.type);
    parts.push(header, content, tarPadding(content.length));
  }
  if (options.end !== false) parts.push(tarEnd());
  return new Blob([gzipSync(Buffer.concat(parts))]);
}

/** Changes the typeflag of the last header block in `header` and fixes its checksum. */
function retype(header: Uint8Array, type: string): void {
  const block = header.subarray(header.length - 512);
  block[156] = type.charCodeAt(0);
  fixChecksum(block);
}

export function fixChecksum(block: Uint8Array): void {
  block.fill(0x20, 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Rebuilds an archive from unpacked files after `change`, with the manifest's hashes and counts made right again. */
export function repack(
  files: Map<string, Uint8Array>,
  change: (files: Map<string, Uint8Array>, manifest: ManifestJson) => void,
  options: { rehash?: boolean } = {},
): Blob {
  const copy = new Map(files);
  const manifest = JSON.parse(new TextDecoder().decode(copy.get("manifest.json"))) as ManifestJson;
  change(copy, manifest);
  if (options.rehash !== false) {
    for (const entry of Object.values(manifest.stores ?? {})) {
      const bytes = copy.get(entry.file);
      if (!bytes) continue;
      entry.sha256 = sha256(bytes);
      entry.records = new TextDecoder().decode(bytes).split("\n").filter(Boolean).length;
    }
  }
  if (copy.has("manifest.json")) copy.set("manifest.json", new TextEncoder().encode(JSON.stringify(manifest)));
  return pack([...copy].map(([name, content]) => ({ name, content })));
}

export interface ManifestJson {
  type?: unknown;
  version?: unknown;
  stores?: Record<string, { file: string; records: number; sha256: string }>;
  [key: string]: unknown;
}

async function cosmicItems(db: PhoenixDB): Promise<Array<[IDBValidKey, unknown]>> {
  const tx = unwrap(db).transaction(["hyperspace_cache", ...PACKED_STORES], "readonly");
  const items: Array<[IDBValidKey, unknown]> = [];
  await forEachCosmicRecord(tx, (key, value) => items.push([key, value]), () => undefined);
  return items;
}
