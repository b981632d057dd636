/**
 * The lifecycle rules of the Neural Cortex Strata, as pure functions of a record and a time, so every read,
 * the sweep, the Context Engine and the tests apply the same rule.
 *
 * - STM and WM memories expire `stmMs` / `wmMs` after their last etch (`updatedAt`). At exactly that age a
 *   memory is expired. A clock that went backwards (now before the etch) makes no memory expire.
 * - An EPM memory's ranking weight halves every `epmHalfLifeDays` since its time (the time in its key,
 *   else its first etch); it never drops below 0 and is 1 when the clock reads a time before it.
 * - LTM and RFM never decay or expire.
 */
import type { CortexRecord, Layer } from "../db/schema.js";
import type { RetentionSettings } from "../settings/types.js";

const DAY_MS = 86_400_000;

/** How long a memory of `layer` lives after its last etch, or undefined when it never expires. */
export function lifetimeMs(layer: Layer, retention: RetentionSettings): number | undefined {
  if (layer === "STM") return retention.stmMs;
  if (layer === "WM") return retention.wmMs;
  return undefined;
}

/** True when the memory's lifetime has passed at `now`. */
export function isExpired(record: Pick<CortexRecord, "layer" | "updatedAt">, now: number, retention: RetentionSettings): boolean {
  const lifetime = lifetimeMs(record.layer, retention);
  if (lifetime === undefined) return false;
  return now - record.updatedAt >= lifetime;
}

/** The time an EPM memory is about: the seconds in `epm:{user}:{seconds}`, else its first etch. */
export function episodeTime(key: string, record: Pick<CortexRecord, "createdAt">): number {
  const match = /^epm:[^:]+:(\d+(?:\.\d+)?)$/u.exec(key);
  if (match) {
    const seconds = Number(match[1]);
    if (Number.isFinite(seconds)) return seconds * 1000;
  }
  return record.createdAt;
}

/** The memory's weight in ranking at `now`: 1, or for EPM 0.5^(age / half-life). */
export function memoryWeight(key: string, record: Pick<CortexRecord, "layer" | "createdAt">, now: number, retention: RetentionSettings): number {
  if (record.layer !== "EPM") return 1;
  const age = now - episodeTime(key, record);
  if (age <= 0) return 1;
  return 0.5 ** (age / (retention.epmHalfLifeDays * DAY_MS));
}

/** The LTM key a promoted STM/WM memory gets (`wm:plan` → `ltm:plan`), the n-th candidate when taken. */
export function promotedKey(key: string, attempt: number): string {
  const rest = key.slice(key.indexOf(":") + 1);
  return attempt <= 1 ? `ltm:${rest}` : `ltm:${rest}~${attempt}`;
}
