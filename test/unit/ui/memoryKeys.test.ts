import { describe, expect, test } from "vitest";
import { LAYERS } from "../../../src/db/schema.js";
import { layerOfKey } from "../../../src/stores/cortex.js";
import { isPhoenixError } from "../../../src/errors.js";
import {
  browsePrefix,
  buildLayerKey,
  LAYER_PARTS,
  layerPrefix,
  previewLayerKey,
} from "../../../src/ui/lib/memoryKeys.js";

const FILLED = { key: "current_topic", user: "dad", instinct: "greeting" };

describe("buildLayerKey", () => {
  test.each(LAYERS)("a %s key built from filled-in parts is recognised by the store as that layer", (layer) => {
    const key = buildLayerKey(layer, FILLED, Date.UTC(2024, 0, 1));
    expect(layerOfKey(key)).toBe(layer);
    expect(key.startsWith(layerPrefix(layer))).toBe(true);
  });

  test("the fixed layers put the key after the prefix, trimmed", () => {
    expect(buildLayerKey("STM", { key: "  topic  " })).toBe("stm:topic");
    expect(buildLayerKey("RFM", { instinct: "greeting", key: "morning" })).toBe("rfm:greeting:morning");
  });

  test("EPM keys carry the time so that later etches sort after earlier ones", () => {
    const earlier = buildLayerKey("EPM", { user: "dad" }, Date.UTC(2024, 0, 1));
    const later = buildLayerKey("EPM", { user: "dad" }, Date.UTC(2024, 0, 2));
    expect(earlier.startsWith("epm:dad:")).toBe(true);
    expect(later > earlier).toBe(true);
  });

  test.each(LAYERS)("a missing part of a %s key is INVALID_KEY", (layer) => {
    for (const part of LAYER_PARTS[layer]) {
      const parts = { ...FILLED, [part]: "   " };
      let caught: unknown;
      try {
        buildLayerKey(layer, parts);
      } catch (error) {
        caught = error;
      }
      expect(isPhoenixError(caught, "INVALID_KEY")).toBe(true);
    }
  });

  test("a colon inside a user or instinct is refused, since colons separate the parts", () => {
    expect(() => buildLayerKey("EPM", { user: "a:b" })).toThrow(/cannot contain/);
    expect(() => buildLayerKey("RFM", { instinct: "a:b", key: "k" })).toThrow(/cannot contain/);
    // The free-form key part may hold colons.
    expect(buildLayerKey("LTM", { key: "a:b" })).toBe("ltm:a:b");
  });
});

describe("previewLayerKey", () => {
  test("shows placeholders for what is not typed yet", () => {
    expect(previewLayerKey("RFM", { instinct: "greeting" })).toBe("rfm:greeting:{key}");
    expect(previewLayerKey("EPM", { user: "dad" })).toBe("epm:dad:{time}");
    expect(previewLayerKey("WM", {})).toBe("wm:{key}");
  });
});

describe("browsePrefix", () => {
  test("narrows the layer by what is typed, with or without the layer prefix", () => {
    expect(browsePrefix("EPM", "")).toBe("epm:");
    expect(browsePrefix("EPM", "dad:")).toBe("epm:dad:");
    expect(browsePrefix("EPM", "epm:dad:")).toBe("epm:dad:");
    expect(browsePrefix("STM", " topic ")).toBe("stm:topic");
  });
});
