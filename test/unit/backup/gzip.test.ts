import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { CheckedGunzip, crc32Update, GzipBlobWriter } from "../../../src/backup/gzip.js";
import type { ErrorCode } from "../../../src/errors.js";

function gunzip(bytes: Uint8Array, options: { chunk?: number; max?: number } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const stream = new CheckedGunzip({ maxExpandedBytes: options.max ?? 1 << 30, onData: (c) => parts.push(c.slice()) });
  const chunk = options.chunk ?? (bytes.length || 1);
  for (let offset = 0; offset < bytes.length; offset += chunk) stream.push(bytes.subarray(offset, offset + chunk));
  stream.end();
  return Buffer.concat(parts);
}

function codeOf(run: () => unknown): ErrorCode | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: ErrorCode }).code;
  }
}

const sample = new TextEncoder().encode(Array.from({ length: 3000 }, (_, i) => `["k${i}",{"v":${i * 7919}}]\n`).join(""));

describe("gzip", () => {
  it("streams output that gunzips to the input, with the right trailer", async () => {
    const writer = new GzipBlobWriter();
    for (let offset = 0; offset < sample.length; offset += 1000) writer.push(sample.subarray(offset, offset + 1000));
    const zipped = new Uint8Array(await new Blob(writer.finish()).arrayBuffer());
    expect(Buffer.from(gunzip(zipped))).toEqual(Buffer.from(sample));
    expect(Buffer.from(gunzip(zipped, { chunk: 3 }))).toEqual(Buffer.from(sample));
    const { gunzipSync } = await import("node:zlib");
    expect(Buffer.from(gunzipSync(zipped))).toEqual(Buffer.from(sample));
  });

  it("computes CRC-32 as zlib does (read from zlib's own gzip trailer)", async () => {
    const { gzipSync: zlibGzip } = await import("node:zlib");
    for (const length of [0, 1, 3, 4, 5, 1000]) {
      const bytes = sample.subarray(0, length);
      const trailer = zlibGzip(bytes).subarray(-8);
      expect((crc32Update(0xffffffff, bytes) ^ 0xffffffff) >>> 0).toBe(trailer.readUInt32LE(0));
    }
  });

  it("calls every cut of the file truncated, wherever it falls", () => {
    const zipped = gzipSync(sample.subarray(0, 3000));
    for (let cut = 1; cut < zipped.length; cut += 1) {
      expect(codeOf(() => gunzip(zipped.subarray(0, cut))), `cut at ${cut}`).toBe("BACKUP_TRUNCATED");
    }
  });

  it("reads concatenated gzip members and checks the last trailer", () => {
    const two = Buffer.concat([gzipSync(sample.subarray(0, 100)), gzipSync(sample.subarray(100, 300))]);
    expect(Buffer.from(gunzip(two))).toEqual(Buffer.from(sample.subarray(0, 300)));
    const bad = Buffer.from(two);
    bad[bad.length - 1]! ^= 1;
    expect(codeOf(() => gunzip(bad))).toBe("BACKUP_TRUNCATED");
  });

  it("refuses what is not gzip, and stops a bomb at the cap", () => {
    expect(codeOf(() => gunzip(new TextEncoder().encode("hello")))).toBe("BACKUP_NOT_GZIP");
    expect(codeOf(() => gunzip(new Uint8Array(0)))).toBe("BACKUP_NOT_GZIP");
    const bomb = gzipSync(new Uint8Array(4 << 20));
    let seen = 0;
    const stream = new CheckedGunzip({ maxExpandedBytes: 1 << 20, onData: (c) => (seen += c.length) });
    expect(codeOf(() => stream.push(bomb))).toBe("BACKUP_TOO_LARGE");
    expect(seen).toBeLessThanOrEqual(1 << 20);
  });
});
