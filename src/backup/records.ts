/**
 * The shape every record of every store must have to be imported, checked after decoding and before any
 * write. Each checker is typed against the record type in src/db/schema.ts, so a field added there is a
 * compile error here until the backup format learns it.
 */
import { DERIVED_META_KEYS, META_KEYS } from "../db/meta-keys.js";
import {
  LAYERS,
  type AuditRecord,
  type CortexRecord,
  type CosmicRecord,
  type PhoenixStoreName,
  type SoulRecord,
  type VaultRecord,
  type VectorRecord,
} from "../db/schema.js";

/** Returns why the value is wrong, or undefined when it is right. */
type Check = (value: unknown) => string | undefined;
type Shape<T> = { [K in keyof Required<T>]: Check };

const text: Check = (value) => (typeof value === "string" ? undefined : "must be a string");
const time: Check = (value) => (typeof value === "number" && Number.isFinite(value) ? undefined : "must be a finite number");
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined ? undefined : check(value);
const count: Check = (value) => (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? undefined : "must be a whole number");
const bytes =
  (rule: (length: number) => boolean, what: string): Check =>
  (value) =>
    value instanceof Uint8Array && rule(value.length) ? undefined : `must be ${what}`;
const jsonObject: Check = (value) => (isPlainObject(value) && isJson(value) ? undefined : "must be a JSON object");

function shape<T>(fields: Shape<T>): Check {
  const names = Object.keys(fields);
  return (value) => {
    if (!isPlainObject(value)) return "the value must be an object";
    for (const name of names) {
      const problem = fields[name as keyof T](value[name]);
      if (problem) return `"${name}" ${problem}`;
    }
    for (const name of Object.keys(value)) {
      if (!Object.hasOwn(fields, name)) return `unexpected field "${name}"`;
    }
    return undefined;
  };
}

const cortex = shape<CortexRecord>({
  layer: (value) => ((LAYERS as readonly unknown[]).includes(value) ? undefined : `must be one of ${LAYERS.join(", ")}`),
  text,
  createdAt: time,
  updatedAt: time,
  recalls: optional(count),
  lastRecalledAt: optional(time),
});
const vault = shape<VaultRecord>({ value: text, updatedAt: time });
const soul = shape<SoulRecord>({
  v: (value) => (value === 1 || value === 2 || value === 3 ? undefined : "must be 1, 2 or 3"),
  keyId: text,
  iv: bytes((length) => length === 12, "12 bytes"),
  ct: bytes((length) => length >= 16, "at least the 16-byte tag"),
  updatedAt: time,
});
const vector = shape<VectorRecord>({
  id: text,
  text,
  metadata: jsonObject,
  embedding: bytes((length) => length % 4 === 0, "whole float32 values"),
  createdAt: time,
});
const sha256Hex: Check = (value) => (typeof value === "string" && /^[0-9a-f]{64}$/u.test(value) ? undefined : "must be a hex SHA-256");
const audit = shape<AuditRecord>({
  seq: (value) => (typeof value === "number" && Number.isSafeInteger(value) && value >= 1 ? undefined : "must be a positive integer"),
  at: time,
  action: text,
  outcome: (value) => (value === "ok" || value === "failed" ? undefined : 'must be "ok" or "failed"'),
  subject: optional(text),
  prev: sha256Hex,
  hash: sha256Hex,
});
const cosmic = shape<CosmicRecord>({ source: text, timestamp: time, data: text, streamType: text });

const stringKey = (key: unknown) => (typeof key === "string" && key.length > 0 ? undefined : "the key must be a non-empty string");
const autoKey = (key: unknown) =>
  typeof key === "number" && Number.isSafeInteger(key) && key >= 1 ? undefined : "the key must be a positive integer";

const RULES: Record<PhoenixStoreName, { key: Check; value: Check }> = {
  eternal_memory: { key: stringKey, value: cortex },
  mind_vault: { key: stringKey, value: vault },
  body_vault: { key: stringKey, value: vault },
  soul_kb: { key: stringKey, value: soul },
  vector_kb: { key: stringKey, value: vector },
  hyperspace_cache: { key: autoKey, value: cosmic },
  audit_log: { key: autoKey, value: audit },
  // meta holds small records of several owners (soul keyring, settings): any decodable value, string key.
  meta: { key: stringKey, value: () => undefined },
};

/**
 * `meta` records that describe derived data (the Vector KB's packed chunks in `vector_chunks`, which no
 * archive carries). Exported, they would describe chunks that are not there; kept across an import, they
 * could vouch for chunks of the old vectors. So they are never exported, never imported, and an import
 * that changes `vector_kb` drops them with the chunks: the Vector KB then rebuilds from `vector_kb`.
 * The Context Engine's stamp (CONTEXT_STAMP_KEY) is one of them: every import drops it, with its index.
 */
export { DERIVED_META_KEYS };

/** `meta` records of the audit chain (src/audit/chain.ts): replaced with the log, never merged. */
export const AUDIT_META_KEYS: ReadonlySet<string> = new Set([META_KEYS.auditHead, META_KEYS.auditCheckpoint]);

/** Why this [key, value] cannot go into `store`, or undefined. */
export function recordProblem(store: PhoenixStoreName, key: unknown, value: unknown): string | undefined {
  const rules = RULES[store];
  return rules.key(key) ?? rules.value(value);
}

/** The time merge compares: when the record was last written, as stored. */
export function recordTime(value: unknown): number | undefined {
  if (!isPlainObject(value)) return undefined;
  const stamp = value.updatedAt ?? value.createdAt;
  return typeof stamp === "number" && Number.isFinite(stamp) ? stamp : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isJson(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  return isPlainObject(value) && Object.values(value).every((item) => isJson(item, depth + 1));
}

/**
 * A record holding a CryptoKey (the Soul Vault's "remember on this device" key) belongs to this browser
 * profile: the key cannot be exported, and the record means nothing elsewhere. It is left out.
 */
export function isDeviceBound(value: unknown, depth = 0): boolean {
  if (typeof value !== "object" || value === null || depth > 8) return false;
  if (typeof CryptoKey !== "undefined" && value instanceof CryptoKey) return true;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  return Object.values(value).some((item) => isDeviceBound(item, depth + 1));
}
