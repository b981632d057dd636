/**
 * The cortex's key formats (the seed's table) and the check every write passes: a key always tells its
 * layer. `epmKey()` makes EPM keys whose string order is time order. Apart from the store so the UI and
 * the key helpers can use them without the store's transactions.
 */
import { PhoenixError } from "../errors.js";
import { LAYERS, type Layer } from "../db/schema.js";
import { assertKey, assertText } from "../shared/input.js";

/** What a caller etches: the seed's `MemoryLayer::EPM("text")` as `{ layer: "EPM", text }`. */
export interface Memory {
  layer: Layer;
  text: string;
}

const KEY_FORMATS: Record<Layer, { pattern: RegExp; format: string }> = {
  STM: { pattern: /^stm:.+$/su, format: "stm:{key}" },
  WM: { pattern: /^wm:.+$/su, format: "wm:{key}" },
  LTM: { pattern: /^ltm:.+$/su, format: "ltm:{key}" },
  // The timestamp is digits (the seed's Unix seconds) with an optional fraction, as epmKey() writes it.
  EPM: { pattern: /^epm:[^:]+:\d+(\.\d+)?$/u, format: "epm:{user}:{timestamp}" },
  RFM: { pattern: /^rfm:[^:]+:.+$/su, format: "rfm:{instinct}:{key}" },
};

export function isLayer(value: unknown): value is Layer {
  return typeof value === "string" && (LAYERS as readonly string[]).includes(value);
}

/** The layer a key's format belongs to, or undefined. */
export function layerOfKey(key: string): Layer | undefined {
  return LAYERS.find((layer) => KEY_FORMATS[layer].pattern.test(key));
}

export function assertMemory(memory: unknown, key: unknown): asserts memory is Memory {
  assertKey(key);
  if (typeof memory !== "object" || memory === null) {
    throw new PhoenixError("INVALID_VALUE", "A memory is { layer, text }.", { subject: key, replace: true });
  }
  const { layer, text } = memory as { layer?: unknown; text?: unknown };
  if (!isLayer(layer)) {
    throw new PhoenixError("INVALID_VALUE", `There is no layer "${String(layer)}"; use one of ${LAYERS.join(", ")}.`, {
      subject: key,
      replace: true,
    });
  }
  assertText(text, "memory text", key, { nonBlank: true });
  if (!KEY_FORMATS[layer].pattern.test(key)) {
    throw new PhoenixError("LAYER_MISMATCH", `An ${layer} key looks like ${KEY_FORMATS[layer].format}, but this one is "${key}".`, {
      subject: key,
      replace: true,
    });
  }
}

let lastEpmMillis = -1;
let sameMillisCount = 0;

/**
 * An EPM key whose string order is time order: `epm:{user}:{seconds, 10 digits}.{microseconds, 6 digits}`.
 * Fixed width keeps lexicographic order equal to numeric order until the year 2286. Keys made for the same
 * millisecond in a row get successive microseconds, so they differ (up to 1,000 per millisecond).
 */
export function epmKey(user: string, at: Date | number = Date.now()): string {
  assertKey(user, "EPM user name");
  if (user.includes(":")) {
    throw new PhoenixError("INVALID_KEY", "An EPM user name cannot contain ':'.", { subject: user, replace: true });
  }
  const ms = Math.floor(at instanceof Date ? at.getTime() : at);
  if (!Number.isFinite(ms) || ms < 0) throw new PhoenixError("INVALID_TIMESTAMP", `The EPM time must be a date or milliseconds since 1970; got ${String(at)}.`, { replace: true });
  sameMillisCount = ms === lastEpmMillis ? Math.min(sameMillisCount + 1, 999) : 0;
  lastEpmMillis = ms;
  const micros = ms * 1000 + sameMillisCount;
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros % 1_000_000;
  return `epm:${user}:${String(seconds).padStart(10, "0")}.${String(fraction).padStart(6, "0")}`;
}
