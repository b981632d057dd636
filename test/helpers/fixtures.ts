/**
 * Shared unit-test set-up: a cheap Argon2id setting (the real one costs seconds per derivation), and fresh
 * databases that one `afterEach(closeAll)` per file closes, so no test sees another's data or connection.
 */
import type { Argon2idSettings } from "../../src/crypto/kdf.js";
import { openPhoenix, type OpenPhoenixOptions, type Phoenix } from "../../src/index.js";
import { freshPhoenix } from "./db.js";

export { freshName, freshPhoenix } from "./db.js";

/** Far below the product's floor (see OWASP_MIN_KDF_SETTINGS): for tests only. */
export const TEST_KDF: Argon2idSettings = { algorithm: "argon2id", memoryKiB: 64, iterations: 1, parallelism: 1 };

const opened: Phoenix[] = [];

/** A fresh, uniquely named database with the test KDF; closed by closeAll(). */
export async function openTestPhoenix(options: Partial<OpenPhoenixOptions> = {}): Promise<Phoenix> {
  const phoenix = await freshPhoenix({ soul: { kdf: TEST_KDF }, ...options });
  opened.push(phoenix);
  return phoenix;
}

export function closeAll(): void {
  for (const phoenix of opened.splice(0)) phoenix.close();
}

/** The database `name` again, as a restarted tab opens it, with the test KDF; closed by closeAll(). */
export async function openNamedPhoenix(name: string): Promise<Phoenix> {
  const phoenix = await openPhoenix({ name, soul: { kdf: TEST_KDF } });
  opened.push(phoenix);
  return phoenix;
}

/** Closes one now, like a tab that goes away; closeAll() then leaves it alone. */
export function closeNow(phoenix: Phoenix): void {
  const at = opened.indexOf(phoenix);
  if (at >= 0) opened.splice(at, 1);
  phoenix.close();
}
