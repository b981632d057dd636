import { describe, expect, test } from "vitest";
import {
  formatBytes,
  formatDateTime,
  formatPercent,
  fromLocalInputValue,
  plural,
  toLocalInputValue,
} from "../../../src/ui/lib/format.js";

describe("formatBytes", () => {
  test.each([
    [0, "0 B"],
    [999, "999 B"],
    [1000, "1.00 kB"],
    [1536, "1.54 kB"],
    [12_345, "12.3 kB"],
    [123_456, "123 kB"],
    [10_700_000_000, "10.7 GB"],
  ])("%d bytes read as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  test("negative or non-finite sizes are unknown", () => {
    expect(formatBytes(-1)).toBe("unknown");
    expect(formatBytes(Number.NaN)).toBe("unknown");
  });
});

describe("formatPercent", () => {
  test("keeps a decimal below 10 % so a small share does not read as zero", () => {
    expect(formatPercent(0.0004)).toBe("0.0 %");
    expect(formatPercent(0.053)).toBe("5.3 %");
    expect(formatPercent(0.834)).toBe("83 %");
  });
});

describe("local date-time inputs", () => {
  test("a moment survives the round trip through an input value, to the second", () => {
    const moment = new Date(2024, 0, 31, 23, 59, 58).getTime();
    const value = toLocalInputValue(moment);
    expect(value).toBe("2024-01-31T23:59:58");
    expect(fromLocalInputValue(value)).toBe(moment);
  });

  test("minutes-only values (no seconds) are local time", () => {
    expect(fromLocalInputValue("2024-06-01T08:30")).toBe(new Date(2024, 5, 1, 8, 30).getTime());
  });

  test("empty or malformed values are undefined", () => {
    expect(fromLocalInputValue("")).toBeUndefined();
    expect(fromLocalInputValue("yesterday")).toBeUndefined();
    expect(fromLocalInputValue("2024-01-01 10:00")).toBeUndefined();
  });

  test("formatDateTime shows date and time to the second in the user's locale and rejects non-finite input", () => {
    const moment = new Date(2024, 2, 5, 7, 8, 9).getTime();
    // The user's locale, the same formatter for every date on the pages.
    expect(formatDateTime(moment)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(moment));
    expect(formatDateTime(moment)).toMatch(/2024/);
    expect(formatDateTime(moment)).toMatch(/0?7[:.]08[:.]09/);
    expect(formatDateTime(Number.POSITIVE_INFINITY)).toBe("unknown");
  });
});

test("plural picks the word by count", () => {
  expect(plural(1, "memory", "memories")).toBe("1 memory");
  expect(plural(0, "memory", "memories")).toBe("0 memories");
  expect(plural(2, "memory", "memories")).toBe("2 memories");
});
