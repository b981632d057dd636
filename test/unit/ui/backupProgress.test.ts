import { describe, expect, test } from "vitest";
import { describeProgress } from "../../../src/ui/lib/backupProgress.js";

describe("describeProgress", () => {
  test("record phases count records and name the store", () => {
    expect(describeProgress({ phase: "read", done: 2000, total: 10000, store: "eternal_memory" })).toEqual({
      label: "Reading records (eternal_memory): 2,000 of 10,000",
      ratio: 0.2,
    });
  });

  test("byte phases show sizes", () => {
    expect(describeProgress({ phase: "compress", done: 1_500_000, total: 3_000_000 })).toEqual({
      label: "Compressing: 1.50 MB of 3.00 MB",
      ratio: 0.5,
    });
  });

  test("an unknown total gives an indeterminate bar", () => {
    expect(describeProgress({ phase: "snapshot", done: 0, total: 0 }).ratio).toBeUndefined();
  });

  test("the ratio never leaves 0…1", () => {
    expect(describeProgress({ phase: "write", done: 12, total: 10 }).ratio).toBe(1);
    expect(describeProgress({ phase: "write", done: -1, total: 10 }).ratio).toBe(0);
  });
});
