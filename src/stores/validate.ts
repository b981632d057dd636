/**
 * Input checks shared by the stores. Everything is checked before a transaction opens, so bad input
 * changes nothing.
 */
import { PhoenixError } from "../errors.js";

/** Keys are short identifiers, not documents. */
export const MAX_KEY_LENGTH = 1024;
/** A memory or vault value; larger blobs belong in a file, not a memory. */
export const MAX_VALUE_LENGTH = 1_000_000;

export function assertKey(key: unknown, what = "key"): asserts key is string {
  if (typeof key !== "string") {
    throw new PhoenixError("INVALID_KEY", `The ${what} is a ${key === null ? "null" : typeof key}.`, { subject: String(key) });
  }
  if (key.length === 0) throw new PhoenixError("INVALID_KEY", `The ${what} is empty.`);
  if (key.length > MAX_KEY_LENGTH) {
    throw new PhoenixError("INVALID_KEY", `The ${what} is longer than ${MAX_KEY_LENGTH} characters.`, {
      subject: key.slice(0, 64),
    });
  }
}

export function assertText(value: unknown, what = "value", subject?: string): asserts value is string {
  if (typeof value !== "string") {
    throw new PhoenixError("INVALID_VALUE", `The ${what} must be a string, got ${value === null ? "null" : typeof value}.`, {
      subject,
    });
  }
  if (value.length > MAX_VALUE_LENGTH) {
    throw new PhoenixError("VALUE_TOO_LARGE", `The ${what} has ${value.length} characters; at most ${MAX_VALUE_LENGTH}.`, {
      subject,
    });
  }
}

export function assertTimestamp(value: unknown, subject?: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new PhoenixError("INVALID_TIMESTAMP", `Got ${String(value)}.`, { subject });
  }
}
