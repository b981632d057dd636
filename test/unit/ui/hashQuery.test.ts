import { describe, expect, test } from "vitest";
import { readHashParam, withHashParam } from "../../../src/ui/lib/hashQuery.js";

describe("page state in the hash query", () => {
  test("reads a parameter after the route path", () => {
    expect(readHashParam("vault", "#/vaults?vault=soul")).toBe("soul");
    expect(readHashParam("vault", "#/vaults")).toBeUndefined();
    expect(readHashParam("stream", "#/streams?vault=soul")).toBeUndefined();
  });

  test("writes one parameter and keeps the route and the others", () => {
    expect(withHashParam("#/vaults", "vault", "body")).toBe("#/vaults?vault=body");
    expect(withHashParam("#/streams?stream=a&x=1", "stream", "big bang")).toBe("#/streams?stream=big+bang&x=1");
    expect(readHashParam("stream", withHashParam("#/streams", "stream", "a&b=c"))).toBe("a&b=c");
    expect(withHashParam("#/vaults?vault=soul", "vault", undefined)).toBe("#/vaults");
  });
});
