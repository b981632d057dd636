import { describe, expect, test } from "vitest";
import { PhoenixError } from "../../../src/errors.js";
import { describeError, isAbort } from "../../../src/ui/lib/errors.js";

describe("describeError", () => {
  test("a PhoenixError shows its message and code", () => {
    const error = new PhoenixError("LAYER_MISMATCH", "An STM key looks like stm:{key}.");
    expect(describeError(error)).toEqual({ message: error.message, code: "LAYER_MISMATCH" });
  });

  test("a code that crossed a worker boundary on a plain object is kept", () => {
    expect(describeError({ message: "The search worker failed.", code: "WORKER_FAILED" })).toEqual({
      message: "The search worker failed.",
      code: "WORKER_FAILED",
    });
  });

  test("an AbortError reads as ABORTED; other errors have no code", () => {
    expect(describeError(new DOMException("stopped", "AbortError"))).toEqual({ message: "stopped", code: "ABORTED" });
    expect(describeError(new TypeError("bad"))).toEqual({ message: "bad" });
    expect(describeError("plain text")).toEqual({ message: "plain text" });
  });

  test("isAbort recognises cancellations, and only those", () => {
    expect(isAbort(new PhoenixError("SOUL_LOCKED"))).toBe(false);
    expect(isAbort({ code: "ABORTED" })).toBe(false);
    expect(isAbort(new PhoenixError("ABORTED"))).toBe(true);
    expect(isAbort(new DOMException("x", "AbortError"))).toBe(true);
    expect(isAbort(new Error("x"))).toBe(false);
  });
});
