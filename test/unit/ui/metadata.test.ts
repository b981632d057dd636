import { describe, expect, test } from "vitest";
import { metadataEntries, parseMetadata } from "../../../src/ui/lib/metadata.js";

describe("parseMetadata", () => {
  test("empty text is no metadata", () => {
    expect(parseMetadata("   ")).toEqual({ ok: true, value: {} });
  });

  test("a JSON object is accepted as is", () => {
    expect(parseMetadata('{"category": "geography", "rank": 2, "tags": ["a"]}')).toEqual({
      ok: true,
      value: { category: "geography", rank: 2, tags: ["a"] },
    });
  });

  test.each([
    ["[1, 2]", /not an array/],
    ["null", /not null/],
    ['"text"', /not a string/],
    ["42", /not a number/],
    ["{category: geography}", /not valid JSON/],
  ])("%s is refused with a reason", (text, reason) => {
    const result = parseMetadata(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(reason);
  });
});

test("metadataEntries shows strings bare and everything else as JSON", () => {
  expect(metadataEntries({ category: "geography", rank: 2, tags: ["a", "b"], deep: { x: null } })).toEqual([
    ["category", "geography"],
    ["rank", "2"],
    ["tags", '["a","b"]'],
    ["deep", '{"x":null}'],
  ]);
  expect(metadataEntries(undefined)).toEqual([]);
});
