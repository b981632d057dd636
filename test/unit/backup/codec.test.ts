import { describe, expect, it } from "vitest";
import { decodeRecord, encodeRecord, fromBase64, toBase64 } from "../../../src/backup/codec.js";
import { bitsOf } from "./fixtures.js";

const roundTrip = (value: unknown) => decodeRecord(encodeRecord("k", value))[1];

describe("record codec", () => {
  it("writes plain records as plain JSON [key, value] lines", () => {
    const line = encodeRecord("mind:x", { value: "Paris", updatedAt: 5 });
    expect(line).toBe('["mind:x",{"value":"Paris","updatedAt":5}]');
    expect(line).not.toContain("\n");
    expect(encodeRecord(7, { text: "line\nbreak\u2028" })).not.toContain("\n");
  });

  it("round-trips binary bit-exactly as {$b64}", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    expect(encodeRecord("k", bytes)).toBe(`["k",{"$b64":"${Buffer.from(bytes).toString("base64")}"}]`);
    const back = roundTrip(bytes);
    expect(back).toBeInstanceOf(Uint8Array);
    expect([...(back as Uint8Array)]).toEqual([...bytes]);
    const floats = new Float32Array([Number.NaN, -0, 1.5, -Infinity]);
    const view = roundTrip(floats) as Float32Array;
    expect(view).toBeInstanceOf(Float32Array);
    expect(bitsOf(view)).toEqual(bitsOf(floats));
    const offsetView = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3);
    expect([...(roundTrip(offsetView) as Uint8Array)]).toEqual([2, 3]);
    const buffer = roundTrip(new Uint8Array([7, 8]).buffer);
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(buffer as ArrayBuffer)]).toEqual([7, 8]);
    expect(roundTrip(new DataView(new ArrayBuffer(3)))).toBeInstanceOf(DataView);
  });

  it("round-trips what JSON cannot say: -0, NaN, Infinity, undefined, Date, $-keys, __proto__", () => {
    const value = {
      a: -0,
      b: Number.NaN,
      c: [Infinity, -Infinity, undefined, null],
      d: undefined,
      e: new Date(1_700_000_000_123),
      $b64: "user data that looks like a tag",
      nested: { $obj: 1, $date: "x" },
      own: JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    };
    const back = roundTrip(value) as Record<string, unknown>;
    expect(bitsOf(back)).toEqual(bitsOf(value));
    expect(Object.keys(back)).toEqual(Object.keys(value));
    expect(back.e).toBeInstanceOf(Date);
    expect(Object.getPrototypeOf(back.own)).toBe(Object.prototype);
    expect(Object.keys(back.own as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("leaves plain data uncopied on the way out", () => {
    expect(encodeRecord("k", { x: [1, "a", { y: true }] })).toBe('["k",{"x":[1,"a",{"y":true}]}]');
  });

  it("refuses what it could not bring back the same", () => {
    expect(() => encodeRecord("k", new Map())).toThrow(expect.objectContaining({ code: "INVALID_VALUE" }));
    expect(() => encodeRecord("k", { b: 1n })).toThrow(expect.objectContaining({ code: "INVALID_VALUE" }));
    expect(() => encodeRecord("k", new Blob([]))).toThrow(expect.objectContaining({ code: "INVALID_VALUE" }));
  });

  it("rejects malformed lines and tags", () => {
    for (const line of ["", "{}", "[1]", "[1,2,3]", "nope", '["k",{"$b64":"abc"}]', '["k",{"$b64":"AA==","$type":"Map"}]',
      '["k",{"$num":"1"}]', '["k",{"$x":1}]', '["k",{"$date":"yesterday"}]', '["k",{"$obj":[1]}]',
      '["k",{"$b64":"AAAA","$type":"Float32Array"}]', '["k",{"$b64":"AA==","other":1}]']) {
      expect(() => decodeRecord(line), line).toThrow();
    }
  });

  it("base64 matches Node's and rejects non-canonical text", () => {
    for (const length of [0, 1, 2, 3, 4, 100_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7 + 3) % 256);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      expect([...fromBase64(toBase64(bytes))]).toEqual([...bytes]);
    }
    expect(() => fromBase64("AA")).toThrow();
    expect(() => fromBase64("A A=")).toThrow();
  });
});
