/**
 * manifest.json: what a backup holds. Written last in the archive (its hashes need the files first);
 * the reader finds it wherever it is.
 *
 *     {
 *       "type": "phoenix-backup",
 *       "version": 1,
 *       "appVersion": "0.1.0",
 *       "createdAt": "2026-01-01T12:00:00.000Z",
 *       "dbVersion": 1,
 *       "stores": {
 *         "eternal_memory": { "file": "stores/eternal_memory.ndjson", "records": 2, "sha256": "<64 hex>" },
 *         …
 *       }
 *     }
 */
import { PhoenixError } from "../errors.js";
import { ALL_STORES, SEED_STORES, type PhoenixStoreName } from "../db/schema.js";
import { safeEntryPath } from "./tar.js";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_TYPE = "phoenix-backup";
export const FORMAT_VERSION = 1;
/** A manifest is a few hundred bytes; anything near this is not one. */
export const MAX_MANIFEST_BYTES = 1 << 20;
/** Every version-1 archive lists these; stores added to the schema later may be absent from older archives. */
export const V1_STORES: readonly PhoenixStoreName[] = [...SEED_STORES, "meta"];

export interface StoreEntry {
  /** Path of the store's NDJSON file inside the archive. */
  file: string;
  records: number;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface BackupManifest {
  type: typeof MANIFEST_TYPE;
  version: typeof FORMAT_VERSION;
  appVersion: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** The database schema version the records were read from. */
  dbVersion: number;
  stores: Partial<Record<PhoenixStoreName, StoreEntry>>;
}

export function storeFileName(store: PhoenixStoreName): string {
  return `stores/${store}.ndjson`;
}

/** Parses and checks manifest.json bytes; BACKUP_BAD_MANIFEST / BACKUP_UNSUPPORTED_VERSION otherwise. */
export function parseManifest(bytes: Uint8Array): BackupManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new PhoenixError("BACKUP_BAD_MANIFEST", "manifest.json is not JSON.", { subject: MANIFEST_FILE, cause: error });
  }
  const bad = (why: string) => new PhoenixError("BACKUP_BAD_MANIFEST", why, { subject: MANIFEST_FILE });
  if (!isObject(parsed) || parsed.type !== MANIFEST_TYPE) throw bad(`Its "type" is not "${MANIFEST_TYPE}".`);
  const { version } = parsed;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw bad(`Its "version" is not a format version.`);
  if (version > FORMAT_VERSION) {
    throw new PhoenixError("BACKUP_UNSUPPORTED_VERSION", `It is format ${version}; this app reads up to ${FORMAT_VERSION}.`, {
      subject: MANIFEST_FILE,
    });
  }
  const { appVersion, createdAt, dbVersion, stores } = parsed;
  if (typeof appVersion !== "string") throw bad(`Its "appVersion" is not a string.`);
  if (typeof createdAt !== "string" || Number.isNaN(Date.parse(createdAt))) throw bad(`Its "createdAt" is not a date.`);
  if (typeof dbVersion !== "number" || !Number.isInteger(dbVersion) || dbVersion < 1) throw bad(`Its "dbVersion" is not a version.`);
  if (!isObject(stores)) throw bad(`Its "stores" is not an object.`);

  const known = new Set<string>(ALL_STORES);
  const files = new Set<string>();
  const checked: Partial<Record<PhoenixStoreName, StoreEntry>> = {};
  for (const [store, entry] of Object.entries(stores)) {
    if (!known.has(store)) throw bad(`It lists an unknown store "${store}".`);
    if (!isObject(entry)) throw bad(`Its entry for "${store}" is not an object.`);
    const { file, records, sha256 } = entry;
    if (typeof file !== "string" || file === MANIFEST_FILE) throw bad(`Its "file" for "${store}" is not a file name.`);
    let path: string;
    try {
      path = safeEntryPath(file);
    } catch {
      throw bad(`Its "file" for "${store}" is an unsafe path.`);
    }
    if (files.has(path)) throw bad(`Two stores share the file "${path}".`);
    files.add(path);
    if (typeof records !== "number" || !Number.isSafeInteger(records) || records < 0) throw bad(`Its record count for "${store}" is not a count.`);
    if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256)) throw bad(`Its sha256 for "${store}" is not 64 lowercase hex digits.`);
    checked[store as PhoenixStoreName] = { file: path, records, sha256 };
  }
  for (const store of V1_STORES) {
    if (!checked[store]) throw bad(`It does not list the store "${store}".`);
  }
  return { type: MANIFEST_TYPE, version: FORMAT_VERSION, appVersion, createdAt, dbVersion, stores: checked };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
