/**
 * Input checks shared by the stores. Everything is checked before a transaction opens, so bad input
 * changes nothing.
 */
import { PhoenixError } from "../errors.js";

/** Keys are short identifiers, not documents. */
export const MAX_KEY_LENGTH = 1024;
/** A memory or vault value; larger blobs belong in a file, not a memory. */
export const MAX_VALUE_LENGTH = 1_000_000;

/** "key" → "The key", so a message reads as one sentence whatever it is about. */
function the(what: string): string {
  return `The ${what}`;
}

/** `what` is how a person names the field ("key", "stream name"): it starts the message. */
export function assertKey(key: unknown, what = "key"): asserts key is string {
  if (typeof key !== "string") {
    throw new PhoenixError("INVALID_KEY", `${the(what)} must be text, not ${key === null ? "null" : typeof key}.`, {
      subject: String(key),
      replace: true,
    });
  }
  if (key.length === 0) throw new PhoenixError("INVALID_KEY", `${the(what)} is empty: give it a name.`, { replace: true });
  if (key.length > MAX_KEY_LENGTH) {
    throw new PhoenixError("INVALID_KEY", `${the(what)} is longer than ${MAX_KEY_LENGTH} characters.`, {
      subject: key.slice(0, 64),
      replace: true,
    });
  }
}

export interface TextRules {
  /**
   * Refuse text that is empty or only whitespace: a blank memory, search entry or stream item means
   * nothing, and would only show up later as an empty line.
   */
  nonBlank?: boolean;
}

export function assertText(value: unknown, what = "value", subject?: string, rules: TextRules = {}): asserts value is string {
  if (typeof value !== "string") {
    throw new PhoenixError("INVALID_VALUE", `${the(what)} must be text, not ${value === null ? "null" : typeof value}.`, {
      subject,
      replace: true,
    });
  }
  if (value.length > MAX_VALUE_LENGTH) {
    throw new PhoenixError(
      "VALUE_TOO_LARGE",
      `${the(what)} has ${value.length.toLocaleString("en")} characters; at most ${MAX_VALUE_LENGTH.toLocaleString("en")} fit.`,
      { subject, replace: true },
    );
  }
  if (rules.nonBlank && value.trim() === "") {
    throw new PhoenixError("INVALID_VALUE", `${the(what)} is empty or only spaces: write something to keep.`, {
      subject,
      replace: true,
    });
  }
}

export function assertTimestamp(value: unknown, subject?: string, what = "time"): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new PhoenixError("INVALID_TIMESTAMP", `${the(what)} must be a number of seconds; got ${String(value)}.`, {
      subject,
      replace: true,
    });
  }
}

/** A lone surrogate: UTF-16 that no UTF-8 encoder can carry without turning it into U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/**
 * For text stored as UTF-8 (Soul Vault ciphertext, Vector KB chunks): a lone surrogate would come back as
 * U+FFFD, a silent change, so it is refused before anything is written. Plain stores keep such strings as is.
 */
export function assertWellFormed(value: string, what = "value", subject?: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new PhoenixError("INVALID_VALUE", `The ${what} holds a lone surrogate (malformed UTF-16), which this store cannot keep unchanged.`, {
      subject,
    });
  }
}
