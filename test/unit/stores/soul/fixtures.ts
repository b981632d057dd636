/** Shared set-up for the Soul Vault tests: cheap Argon2id, raw store access, byte search. */
import { openPhoenix, type Phoenix, type SoulVaultOptions } from "../../../../src/index.js";
import type { PhoenixDB, SoulRecord } from "../../../../src/db/schema.js";
import type { Argon2idSettings } from "../../../../src/crypto/kdf.js";
import { createSoulVault, type SoulVault } from "../../../../src/stores/soul/vault.js";
import { freshPhoenix } from "../../../helpers/db.js";

/** Far below the browser defaults so each derivation takes milliseconds in tests. */
export const TEST_KDF: Argon2idSettings = { algorithm: "argon2id", memoryKiB: 64, iterations: 1, parallelism: 1 };
export const PASSPHRASE = "correct horse battery staple";
export const OTHER_PASSPHRASE = "tide lantern orchard violet";

const opened: Phoenix[] = [];

export async function openSoulPhoenix(): Promise<Phoenix> {
  const phoenix = await freshPhoenix({ soul: { kdf: TEST_KDF } });
  opened.push(phoenix);
  return phoenix;
}

/** Another tab: a second connection to the same database, with its own Soul Vault object. */
export async function openSecondTab(name: string, soul: SoulVaultOptions = {}): Promise<Phoenix> {
  const phoenix = await openPhoenix({ name, soul: { kdf: TEST_KDF, ...soul } });
  opened.push(phoenix);
  return phoenix;
}

export function closeAll(): void {
  for (const phoenix of opened.splice(0)) phoenix.close();
}

/** A second vault object over the same database: what a reloaded page or another tab would hold. */
export function reopenVault(db: PhoenixDB): SoulVault {
  return createSoulVault(db, { kdf: TEST_KDF });
}

export async function rawSoulRecords(db: PhoenixDB): Promise<Map<string, SoulRecord>> {
  const keys = await db.getAllKeys("soul_kb");
  const values = await db.getAll("soul_kb");
  return new Map(keys.map((key, i) => [key, values[i]!]));
}

export async function putRawSoulRecord(db: PhoenixDB, key: string, record: SoulRecord): Promise<void> {
  await db.put("soul_kb", record, key);
}

/** Every byte an attacker reading the store directly would see: strings as UTF-8 and UTF-16, binary as is. */
export async function rawStoreBytes(db: PhoenixDB, store: "soul_kb" | "meta"): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const visit = (value: unknown): void => {
    if (value instanceof Uint8Array) parts.push(value);
    else if (value instanceof ArrayBuffer) parts.push(new Uint8Array(value));
    else if (typeof value === "string") {
      parts.push(new TextEncoder().encode(value));
      parts.push(new Uint8Array(Uint16Array.from(value, (c) => c.charCodeAt(0)).buffer));
    } else if (typeof value === "number") parts.push(new TextEncoder().encode(String(value)));
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        visit(k);
        visit(v);
      }
    }
  };
  const keys = await db.getAllKeys(store);
  const values = await db.getAll(store);
  keys.forEach((key, i) => {
    visit(key);
    visit(values[i]);
  });
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(Buffer.from(needle));
}

export function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

/** The raw stored record of the soul record named `name` (stored under a keyed hash of the name). */
export async function rawSoulRecordOf(db: PhoenixDB, vault: SoulVault, name: string): Promise<SoulRecord | undefined> {
  return (await rawSoulRecords(db)).get(await vault.storedId(name));
}
