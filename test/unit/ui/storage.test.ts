import { describe, expect, test } from "vitest";
import { NEAR_QUOTA_RATIO, storageUse } from "../../../src/ui/lib/storage.js";

describe("storageUse", () => {
  test("below the warning share it is ok", () => {
    expect(storageUse(10, 100)).toEqual({ usage: 10, quota: 100, ratio: 0.1, level: "ok" });
  });

  test("from 80 % it is near the quota, from 98 % full", () => {
    expect(NEAR_QUOTA_RATIO).toBe(0.8);
    expect(storageUse(79, 100).level).toBe("ok");
    expect(storageUse(80, 100).level).toBe("near");
    expect(storageUse(97, 100).level).toBe("near");
    expect(storageUse(98, 100).level).toBe("full");
  });

  test("the warning share can be chosen", () => {
    expect(storageUse(50, 100, 0.5).level).toBe("near");
  });

  test("missing or nonsense figures are unknown rather than a warning", () => {
    expect(storageUse(undefined, 100).level).toBe("unknown");
    expect(storageUse(10, undefined).level).toBe("unknown");
    expect(storageUse(10, 0).level).toBe("unknown");
    expect(storageUse(Number.NaN, 100).level).toBe("unknown");
  });
});
