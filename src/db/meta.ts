/**
 * The values of `meta`, typed: one table mapping each META_KEYS name to its owner's reader (the guard that
 * checks what was stored and fills defaults, or throws INTEGRITY where a damaged record must not be
 * mistaken for a missing one). Every read of `meta` goes through `readMeta` (its own read) or
 * `readMetaIn` (inside a transaction), every write through `writeMeta` / `putMeta`, so no owner handles
 * an `unknown` and a record's type is written down once.
 *
 * The keys themselves and their backup rules stay in meta-keys.ts, which has no imports, so the owners
 * of the guards can import it without a cycle through this table.
 */
import { parseCheckpoint, parseHead, type AuditCheckpoint, type AuditHead } from "../audit/chain.js";
import { parseDeviceRecord, parseKeyring, type SoulDeviceRecord, type SoulKeyring } from "../crypto/keyring.js";
import { restoreSettings, type StoredSettings } from "../settings/validate.js";
import { isVectorKbState, type VectorKbState } from "../shared/vector-state.js";
import { parseRetention, type RetentionRecord } from "../stores/hyperspace/retention.js";
import { META_KEYS } from "./meta-keys.js";
import type { PhoenixDB } from "./schema.js";
import { request, storageCall, writeTx, type TypedStore } from "./write.js";

const optionalString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Each record's reader: what a read returns for whatever is stored (nothing included). */
export const META_READERS = {
  soulKeyring: parseKeyring,
  soulDevice: parseDeviceRecord,
  settings: restoreSettings,
  hyperspaceRetention: parseRetention,
  auditHead: parseHead,
  auditCheckpoint: parseCheckpoint,
  vectorState: (value: unknown): VectorKbState | undefined => (isVectorKbState(value) ? value : undefined),
  vectorToken: optionalString,
  contextStamp: optionalString,
} as const satisfies { readonly [N in MetaName]: (stored: unknown) => unknown };

export type MetaName = keyof typeof META_KEYS;

/** The value each record holds when written (reads may also give `undefined`, or defaults: see META_READERS). */
export interface MetaValues {
  soulKeyring: SoulKeyring;
  soulDevice: SoulDeviceRecord;
  settings: StoredSettings;
  hyperspaceRetention: RetentionRecord;
  auditHead: AuditHead;
  auditCheckpoint: AuditCheckpoint;
  vectorState: VectorKbState;
  vectorToken: string;
  contextStamp: string;
}

export type MetaRead<N extends MetaName> = ReturnType<(typeof META_READERS)[N]>;

/** One record, read and checked in a transaction of its own; storage failures arrive mapped. */
export async function readMeta<N extends MetaName>(db: PhoenixDB, name: N): Promise<MetaRead<N>> {
  const stored = await storageCall(() => db.get("meta", META_KEYS[name]));
  return META_READERS[name](stored) as MetaRead<N>;
}

/** One record, read and checked inside a transaction that holds `meta`. */
export async function readMetaIn<N extends MetaName>(meta: TypedStore<"meta">, name: N): Promise<MetaRead<N>> {
  const stored = await request(meta.get(META_KEYS[name]));
  return META_READERS[name](stored) as MetaRead<N>;
}

/** Writes one record inside a transaction that holds `meta`. */
export function putMeta<N extends MetaName>(meta: TypedStore<"meta">, name: N, value: MetaValues[N]): void {
  meta.put(value, META_KEYS[name]);
}

/** Writes one record in a write transaction of its own. */
export function writeMeta<N extends MetaName>(db: PhoenixDB, name: N, value: MetaValues[N]): Promise<void> {
  return writeTx(db, ["meta"], ({ meta }) => putMeta(meta, name, value));
}
