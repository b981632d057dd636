/**
 * The fuzz suite's two halves: a seeded generator of public-API calls (keys that are empty, very long,
 * lone surrogates, U+FFFF, prefix-edge characters; values of every size; calls across every store) and an
 * in-memory model of what the API promises for each call. The browser runs the calls; the model says what
 * each must answer; any difference is a divergence, reported with the seed and step.
 */
export const MAX_KEY = 1024;
const MAX_VALUE = 1_000_000;

export type FuzzOp =
  | { kind: "store" | "recall" | "forget"; vault: "mind" | "body" | "soul"; key: string; value?: string }
  | { kind: "prefix"; vault: "mind" | "body" | "soul"; prefix: string; limit?: number | undefined; reverse: boolean }
  | { kind: "etch"; layer: "STM" | "WM" | "LTM"; key: string; text: string }
  | { kind: "memory"; key: string }
  | { kind: "unmemory"; key: string }
  | { kind: "cortexPrefix"; prefix: string; limit?: number | undefined; reverse: boolean }
  | { kind: "cosmic"; stream: string; timestamp: number; data: string }
  | { kind: "stream"; stream: string }
  | { kind: "vectorAdd"; text: string }
  | { kind: "vectorCount" }
  | { kind: "clearBody" }
  | { kind: "closeConnection" };

/** What a call answered: a JSON value, or the PhoenixError code it failed with. */
export type FuzzResult = { ok: unknown } | { error: string };

const ATOMS = ["a", "b", "ab", ":", "\uffff", "\uffff\uffff", "\ud800", "\udfff", "\ud83d\ude00", "\u0000", "a\uffff", "z", "é", "\ufffe"];

export function makeGenerator(random: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const keyPart = (): string => {
    const roll = random();
    if (roll < 0.04) return "";
    if (roll < 0.06) return "k".repeat(MAX_KEY - 5 + Math.floor(random() * 10));
    let key = "";
    const parts = 1 + Math.floor(random() * 3);
    for (let i = 0; i < parts; i += 1) key += pick(ATOMS);
    return key;
  };
  const value = (): string => {
    const roll = random();
    if (roll < 0.002) return "v".repeat(MAX_VALUE + 1);
    if (roll < 0.05) return "";
    if (roll < 0.1) return pick(ATOMS).repeat(1 + Math.floor(random() * 3000));
    return `${pick(ATOMS)}${Math.floor(random() * 1e6)}`;
  };
  const limit = (): number | undefined => (random() < 0.5 ? undefined : 1 + Math.floor(random() * 5));
  const vault = () => pick(["mind", "body", "soul"] as const);
  const layerPrefix = () => pick(["stm:", "wm:", "ltm:"] as const);

  return (): FuzzOp => {
    const roll = random();
    if (roll < 0.2) return { kind: "store", vault: vault(), key: keyPart(), value: value() };
    if (roll < 0.3) return { kind: "recall", vault: vault(), key: keyPart() };
    if (roll < 0.36) return { kind: "forget", vault: vault(), key: keyPart() };
    if (roll < 0.44) return { kind: "prefix", vault: vault(), prefix: keyPart().slice(0, 3), limit: limit(), reverse: random() < 0.5 };
    if (roll < 0.56) return { kind: "etch", layer: pick(["STM", "WM", "LTM"] as const), key: layerPrefix() + keyPart(), text: value() };
    if (roll < 0.62) return { kind: "memory", key: layerPrefix() + keyPart() };
    if (roll < 0.65) return { kind: "unmemory", key: layerPrefix() + keyPart() };
    if (roll < 0.7) return { kind: "cortexPrefix", prefix: layerPrefix() + keyPart().slice(0, 2), limit: limit(), reverse: random() < 0.5 };
    if (roll < 0.8) return { kind: "cosmic", stream: pick(["s1", "s2", "\uffff", "\ud800"]), timestamp: Math.floor(random() * 5) - 1, data: value() };
    if (roll < 0.86) return { kind: "stream", stream: pick(["s1", "s2", "\uffff", "\ud800", "none"]) };
    if (roll < 0.9) return { kind: "vectorAdd", text: `${pick(ATOMS)} memory ${Math.floor(random() * 1000)}` };
    if (roll < 0.93) return { kind: "vectorCount" };
    if (roll < 0.94) return { kind: "clearBody" };
    return { kind: "closeConnection" };
  };
}

interface MemoryRecord {
  layer: string;
  text: string;
}

/** What the API promises, kept in plain maps. */
export class FuzzModel {
  readonly vaults = { mind: new Map<string, string>(), body: new Map<string, string>(), soul: new Map<string, string>() };
  readonly cortex = new Map<string, MemoryRecord>();
  readonly streams = new Map<string, Array<{ timestamp: number; data: string }>>();
  vectors = 0;

  /** Applies `op` and returns what the API must answer. */
  apply(op: FuzzOp): FuzzResult {
    switch (op.kind) {
      case "store": {
        // The Soul Vault encrypts UTF-8, which cannot carry a lone surrogate: refused, not altered.
        const bad = keyError(op.key) ?? valueError(op.value!) ?? (op.vault === "soul" ? wellFormedError(op.value!) : undefined);
        if (bad) return { error: bad };
        this.vaults[op.vault].set(op.key, op.value!);
        return { ok: null };
      }
      case "recall":
        return keyError(op.key) ? { error: keyError(op.key)! } : { ok: this.vaults[op.vault].get(op.key) ?? null };
      case "forget": {
        if (keyError(op.key)) return { error: keyError(op.key)! };
        return { ok: this.vaults[op.vault].delete(op.key) };
      }
      case "prefix":
        return { ok: scan(this.vaults[op.vault], op.prefix, op.limit, op.reverse) };
      case "etch": {
        const bad = keyError(op.key) ?? valueError(op.text) ?? blankError(op.text);
        if (bad) return { error: bad };
        if (!op.key.startsWith(`${op.layer.toLowerCase()}:`) || op.key.length === op.layer.length + 1) return { error: "LAYER_MISMATCH" };
        this.cortex.set(op.key, { layer: op.layer, text: op.text });
        return { ok: null };
      }
      case "memory":
        return keyError(op.key) ? { error: keyError(op.key)! } : { ok: this.cortex.get(op.key) ?? null };
      case "unmemory":
        return keyError(op.key) ? { error: keyError(op.key)! } : { ok: this.cortex.delete(op.key) };
      case "cortexPrefix":
        return { ok: scan(this.cortex, op.prefix, op.limit, op.reverse) };
      case "cosmic": {
        const bad = keyError(op.stream) ?? valueError(op.data) ?? blankError(op.data);
        if (bad) return { error: bad };
        const list = this.streams.get(op.stream) ?? [];
        list.push({ timestamp: op.timestamp, data: op.data });
        this.streams.set(op.stream, list);
        return { ok: null };
      }
      case "stream": {
        // Time order, ties in arrival order (a stable sort of arrival order).
        const list = [...(this.streams.get(op.stream) ?? [])].sort((a, b) => a.timestamp - b.timestamp);
        return { ok: list };
      }
      case "vectorAdd":
        if (wellFormedError(op.text)) return { error: wellFormedError(op.text)! };
        this.vectors += 1;
        return { ok: null };
      case "vectorCount":
        return { ok: this.vectors };
      case "clearBody": {
        const count = this.vaults.body.size;
        this.vaults.body.clear();
        return { ok: count };
      }
      case "closeConnection":
        return { ok: null };
    }
  }
}

function keyError(key: string): string | undefined {
  return key.length === 0 || key.length > MAX_KEY ? "INVALID_KEY" : undefined;
}

/** Memory text and stream data mean nothing blank: refused. Vault values may be empty. */
function blankError(value: string): string | undefined {
  return value.trim() === "" ? "INVALID_VALUE" : undefined;
}

function wellFormedError(value: string): string | undefined {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u.test(value) ? "INVALID_VALUE" : undefined;
}

function valueError(value: string): string | undefined {
  return value.length > MAX_VALUE ? "VALUE_TOO_LARGE" : undefined;
}

/** Keys starting with `prefix` in UTF-16 code-unit order (IndexedDB's order, and JS string comparison). */
function scan<V>(map: Map<string, V>, prefix: string, limit: number | undefined, reverse: boolean): Array<[string, V]> {
  const keys = [...map.keys()].filter((key) => key.startsWith(prefix)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (reverse) keys.reverse();
  return keys.slice(0, limit ?? keys.length).map((key) => [key, map.get(key)!]);
}
