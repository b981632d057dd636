/**
 * Record codec: how one IndexedDB record becomes one line of a store file, and back, bit-exactly.
 *
 * A store file (`stores/<store>.ndjson` in the archive) is UTF-8 text with one record per line, each line
 * ending in "\n" (NDJSON, https://github.com/ndjson/ndjson-spec):
 *
 *     ["epm:dad:1704067200000",{"layer":"EPM","text":"Dad told me about his day","createdAt":1704067200000,"updatedAt":1704067200000}]
 *
 * i.e. a two-element JSON array `[key, value]`, in the store's key order. Keys are JSON strings, except in
 * `hyperspace_cache` whose auto-increment keys are numbers. Values are plain JSON, except for what JSON cannot
 * say, which is written as a tagged object whose keys start with "$":
 *
 *     {"$b64":"<base64>"}                          a Uint8Array (RFC 4648 base64 with padding): soul iv/ct,
 *                                                  vector embeddings (Float32 little-endian bytes)
 *     {"$b64":"<base64>","$type":"ArrayBuffer"}    an ArrayBuffer; "$type" may also name a typed array
 *                                                  (Int8Array … Float64Array, BigInt64Array, DataView): the
 *                                                  bytes are the platform's, little-endian on every browser
 *     {"$date":<ms since epoch>}                   a Date
 *     {"$num":"NaN"|"Infinity"|"-Infinity"|"-0"}   numbers JSON has no spelling for
 *     {"$undefined":true}                          undefined (JSON would drop or null it)
 *     {"$obj":{…}}                                 a plain object that itself has a key starting with "$",
 *                                                  so stored data can never be mistaken for a tag
 *
 * Anything else (Map, Set, Blob, class instances, BigInt) is refused at export with INVALID_VALUE rather
 * than written in a form that would not come back the same. A reader meeting an object with a "$" key that
 * is none of the forms above rejects the line.
 */
import { PhoenixError } from "../errors.js";

type Tagged = Record<string, unknown>;

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** Thrown by the decoder; the archive reader turns it into BACKUP_BAD_RECORD naming file and line. */
export class CodecError extends Error {
  override readonly name = "CodecError";
}

/** One NDJSON line (without its "\n") for a record. */
export function encodeRecord(key: IDBValidKey, value: unknown): string {
  return JSON.stringify([encodeValue(key), encodeValue(value)]);
}

/** Parses one line back into [key, value]; throws CodecError when the line is not a record. */
export function decodeRecord(line: string): [unknown, unknown] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw new CodecError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new CodecError("a line must be a [key, value] pair");
  try {
    return [decodeValue(parsed[0]), decodeValue(parsed[1])];
  } catch (error) {
    // Hostile nesting depth ends as a RangeError from the recursion: still just a bad line.
    if (error instanceof RangeError) throw new CodecError("nested too deeply");
    throw error;
  }
}

/**
 * Returns a JSON-safe form of `value`. Plain data comes back as the same object (no copy), so the common
 * record costs one walk and no allocation.
 */
export function encodeValue(value: unknown): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $num: Object.is(value, -0) ? "-0" : String(value) };
    case "undefined":
      return { $undefined: true };
    case "object":
      return value === null ? null : encodeObject(value);
    default:
      throw new PhoenixError("INVALID_VALUE", `A ${typeof value} cannot be written to a backup.`);
  }
}

function encodeObject(value: object): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const encoded = encodeValue(item);
      if (copy) copy.push(encoded);
      else if (encoded !== item) copy = [...value.slice(0, i), encoded];
    }
    return copy ?? value;
  }
  if (ArrayBuffer.isView(value)) {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return tag === "Uint8Array" ? { $b64: toBase64(bytes) } : { $b64: toBase64(bytes), $type: tag };
  }
  if (value instanceof ArrayBuffer) return { $b64: toBase64(new Uint8Array(value)), $type: "ArrayBuffer" };
  if (value instanceof Date) return { $date: encodeValue(value.getTime()) };
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? "object";
    throw new PhoenixError("INVALID_VALUE", `A ${kind} cannot be written to a backup.`);
  }
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  let hasDollarKey = false;
  for (const key of Object.keys(source)) {
    if (key.charCodeAt(0) === 36 /* $ */) hasDollarKey = true;
    const item = source[key];
    const encoded = encodeValue(item);
    if (!copy && encoded !== item) copy = copyOwn(source);
    if (copy) setOwn(copy, key, encoded);
  }
  const result = copy ?? source;
  return hasDollarKey ? { $obj: result } : result;
}

/** Inverse of encodeValue; throws CodecError on a malformed tag. */
export function decodeValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const decoded = decodeValue(item);
      if (copy) copy.push(decoded);
      else if (decoded !== item) copy = [...value.slice(0, i), decoded];
    }
    return copy ?? value;
  }
  const source = value as Record<string, unknown>;
  for (const key in source) {
    if (key.charCodeAt(0) === 36 /* $ */) return decodeTagged(source);
  }
  return decodeFields(source);
}

function decodeFields(source: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const item = source[key];
    const decoded = decodeValue(item);
    if (!copy && decoded !== item) copy = copyOwn(source);
    if (copy) setOwn(copy, key, decoded);
  }
  return copy ?? source;
}

function decodeTagged(tagged: Tagged): unknown {
  const keys = Object.keys(tagged);
  if ("$b64" in tagged) {
    const { $b64: text, $type: type } = tagged;
    if (typeof text !== "string" || keys.length !== (type === undefined ? 1 : 2)) throw bad(tagged);
    const bytes = fromBase64(text);
    if (type === undefined) return bytes;
    if (type === "ArrayBuffer") return bytes.buffer;
    if (type === "DataView") return new DataView(bytes.buffer);
    if (typeof type !== "string" || !Object.hasOwn(TYPED_ARRAYS, type)) throw bad(tagged);
    const View = TYPED_ARRAYS[type as TypedArrayName];
    if (bytes.byteLength % View.BYTES_PER_ELEMENT !== 0) throw new CodecError(`${type} of ${bytes.byteLength} bytes`);
    return new View(bytes.buffer);
  }
  if (keys.length !== 1) throw bad(tagged);
  if ("$obj" in tagged) {
    const inner = tagged.$obj;
    if (typeof inner !== "object" || inner === null || Array.isArray(inner)) throw bad(tagged);
    return decodeFields(inner as Record<string, unknown>);
  }
  if ("$date" in tagged) {
    const time = decodeValue(tagged.$date);
    if (typeof time !== "number") throw bad(tagged);
    return new Date(time);
  }
  if ("$num" in tagged) {
    switch (tagged.$num) {
      case "NaN":
        return Number.NaN;
      case "Infinity":
        return Number.POSITIVE_INFINITY;
      case "-Infinity":
        return Number.NEGATIVE_INFINITY;
      case "-0":
        return -0;
      default:
        throw bad(tagged);
    }
  }
  if ("$undefined" in tagged && tagged.$undefined === true) return undefined;
  throw bad(tagged);
}

function bad(tagged: Tagged): CodecError {
  return new CodecError(`unknown or malformed tagged value ${JSON.stringify(tagged).slice(0, 80)}`);
}

function copyOwn(source: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) setOwn(copy, key, source[key]);
  return copy;
}

/** Plain assignment of "__proto__" would set the prototype instead of storing the key. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const BASE64_SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  // String.fromCharCode over slices: spreading a whole large array would overflow the argument limit.
  let binary = "";
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(offset, offset + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

/** Strict: only canonical padded base64, so one byte string has one spelling. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (!BASE64_SHAPE.test(text)) throw new CodecError("malformed base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
