/**
 * The key formats of the Neural Cortex Strata layers, for the Memory page: what the etch form shows
 * while typing (preview) and the key it writes (build). The store checks the format again on write;
 * this only keeps the person from having to remember it.
 */
import { PhoenixError, epmKey, type Layer } from "../../index.js";

export const LAYER_TEMPLATES: Readonly<Record<Layer, string>> = {
  STM: "stm:{key}",
  WM: "wm:{key}",
  LTM: "ltm:{key}",
  EPM: "epm:{user}:{time}",
  RFM: "rfm:{instinct}:{key}",
};

export const LAYER_NAMES: Readonly<Record<Layer, string>> = {
  STM: "Short-term",
  WM: "Working",
  LTM: "Long-term",
  EPM: "Episodic",
  RFM: "Reflex",
};

/** What each layer is for, in a line: shown where a layer is chosen. */
export const LAYER_HINTS: Readonly<Record<Layer, string>> = {
  STM: "Short-term: what matters for minutes to an hour, such as the current topic.",
  WM: "Working: today's task and what it needs.",
  LTM: "Long-term: kept until you forget it.",
  EPM: "Episodic: an episode with a person at a time; the time is added when you etch.",
  RFM: "Reflex: a ready answer, filed under an instinct (the situation that triggers it).",
};

/** Which fields the etch form asks for, per layer. */
export type KeyPart = "key" | "user" | "instinct";
export const LAYER_PARTS: Readonly<Record<Layer, readonly KeyPart[]>> = {
  STM: ["key"],
  WM: ["key"],
  LTM: ["key"],
  EPM: ["user"],
  RFM: ["instinct", "key"],
};

export type KeyParts = Partial<Record<KeyPart, string>>;

/** "stm:", "epm:", … : every key of the layer starts with it. */
export function layerPrefix(layer: Layer): string {
  return `${layer.toLowerCase()}:`;
}

/** The key as it will look, with `{placeholders}` for what is not filled in yet (EPM's time stays `{time}`). */
export function previewLayerKey(layer: Layer, parts: KeyParts): string {
  return LAYER_TEMPLATES[layer].replace(/\{(key|user|instinct)\}/g, (placeholder, name: KeyPart) => {
    const value = parts[name]?.trim();
    return value ? value : placeholder;
  });
}

/**
 * The full key to etch under. EPM keys get the current time through `epmKey`, so their string order is
 * time order. A missing part, or a colon where the format uses colons as separators, is INVALID_KEY.
 */
/** How a message names each part of a key. */
const PART_NAMES: Record<KeyPart, string> = { key: "key", user: "user name", instinct: "instinct" };

export function buildLayerKey(layer: Layer, parts: KeyParts, at: number = Date.now()): string {
  const values: KeyParts = {};
  for (const part of LAYER_PARTS[layer]) {
    const value = parts[part]?.trim() ?? "";
    if (value === "") throw new PhoenixError("INVALID_KEY", `Fill in the ${PART_NAMES[part]} for an ${layer} memory.`, { replace: true });
    if (part !== "key" && value.includes(":")) {
      throw new PhoenixError("INVALID_KEY", `An ${layer} ${PART_NAMES[part]} cannot contain ':'.`, { subject: value, replace: true });
    }
    values[part] = value;
  }
  if (layer === "EPM") return epmKey(values.user!, at);
  return previewLayerKey(layer, values);
}

/** The prefix the Memory page browses: the layer's, narrowed by what the person typed after it. */
export function browsePrefix(layer: Layer, filter: string): string {
  const prefix = layerPrefix(layer);
  const narrowed = filter.trim();
  // Accept both "dad:" and "epm:dad:" in the filter box.
  return narrowed.startsWith(prefix) ? narrowed : prefix + narrowed;
}
