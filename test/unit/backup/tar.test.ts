import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { safeEntryPath, TarReader, tarEnd, tarHeader, tarPadding, type TarEntry } from "../../../src/backup/tar.js";

interface Read extends TarEntry {
  content: string;
}

function write(files: Array<[string, string]>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, text] of files) {
    const content = new TextEncoder().encode(text);
    parts.push(tarHeader({ name, size: content.length, mtime: 1_700_000_000 }), content, tarPadding(content.length));
  }
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

function read(archive: Uint8Array, chunk = archive.length || 1): Read[] {
  const out: Read[] = [];
  const reader = new TarReader({
    entry(entry) {
      const parts: Uint8Array[] = [];
      return { data: (piece) => parts.push(piece.slice()), end: () => out.push({ ...entry, content: Buffer.concat(parts).toString("utf8") }) };
    },
  });
  for (let offset = 0; offset < archive.length; offset += chunk) reader.push(archive.subarray(offset, offset + chunk));
  reader.end();
  return out;
}

const LONG = `stores/${"deep/".repeat(30)}file-with-a-long-name.ndjson`;
const UNICODE = "stores/ünïcödé-🐦‍🔥.ndjson";

describe("tar", () => {
  it("reads back what it writes, in any chunking, with pax names for long and non-ASCII names", () => {
    const files: Array<[string, string]> = [["manifest.json", "{}"], [LONG, "x".repeat(1000)], [UNICODE, "é"], ["empty", ""], ["exact", "y".repeat(512)]];
    const archive = write(files);
    for (const chunk of [archive.length, 1, 7, 511, 512, 513, 4096]) {
      expect(read(archive, chunk).map((e) => [e.name, e.content])).toEqual(files);
    }
  });

  it("writes archives the system tar lists and extracts, long and non-ASCII names included", () => {
    const dir = mkdtempSync(join(tmpdir(), "phoenix-tar-"));
    writeFileSync(join(dir, "a.tar"), write([["manifest.json", "{}\n"], [LONG, "long"], [UNICODE, "uni"]]));
    const listing = execFileSync("tar", ["-tf", join(dir, "a.tar")], { encoding: "utf8", env: { ...process.env, LC_ALL: "C.UTF-8" } });
    expect(listing.trim().split("\n")).toEqual(["manifest.json", LONG, UNICODE]);
    mkdirSync(join(dir, "out"));
    execFileSync("tar", ["-xf", join(dir, "a.tar"), "-C", join(dir, "out")], { env: { ...process.env, LC_ALL: "C.UTF-8" } });
    expect(readFileSync(join(dir, "out", LONG), "utf8")).toBe("long");
    expect(readFileSync(join(dir, "out", UNICODE), "utf8")).toBe("uni");
  });

  it("reads what GNU tar writes in its own pax and gnu formats", () => {
    const dir = mkdtempSync(join(tmpdir(), "phoenix-tar-"));
    mkdirSync(join(dir, "src", ...LONG.split("/").slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, "src", LONG), "long");
    writeFileSync(join(dir, "src", "big"), "z".repeat(70_000));
    for (const format of ["pax", "gnu", "ustar"]) {
      const args = ["-cf", join(dir, `${format}.tar`), `--format=${format}`, "-C", join(dir, "src"), "big"];
      if (format !== "ustar") args.push(LONG);
      execFileSync("tar", args);
      const entries = read(readFileSync(join(dir, `${format}.tar`))).filter((e) => e.type === "0");
      expect(entries.find((e) => e.name === "big")?.content).toBe("z".repeat(70_000));
      if (format !== "ustar") expect(entries.find((e) => e.name === LONG)?.content).toBe("long");
    }
  });

  it("refuses non-tar data, checksum failures and archives without their end", () => {
    expect(() => read(new Uint8Array(1024).fill(65))).toThrow(expect.objectContaining({ code: "BACKUP_NOT_TAR" }));
    expect(() => read(new Uint8Array(100))).toThrow(expect.objectContaining({ code: "BACKUP_NOT_TAR" }));
    const archive = write([["a", "hello"]]);
    const bad = new Uint8Array(archive); // a copy: Buffer.slice would share memory
    bad[0] = 98;
    expect(() => read(bad)).toThrow(expect.objectContaining({ code: "BACKUP_TAR_CHECKSUM", subject: "b" }));
    expect(() => read(archive.subarray(0, 512 + 100))).toThrow(expect.objectContaining({ code: "BACKUP_TRUNCATED" }));
    expect(() => read(archive.subarray(0, 1024))).toThrow(expect.objectContaining({ code: "BACKUP_TRUNCATED" }));
  });

  it("judges entry paths", () => {
    expect(safeEntryPath("manifest.json")).toBe("manifest.json");
    expect(safeEntryPath("./stores/a.ndjson")).toBe("stores/a.ndjson");
    expect(safeEntryPath("stores/")).toBe("stores");
    expect(safeEntryPath("./")).toBe("");
    for (const bad of ["/abs", "../up", "a/../../b", "a/./b", "a//b", "C:evil", "a\\b", "a\u0000b", "new\nline"]) {
      expect(() => safeEntryPath(bad), bad).toThrow(expect.objectContaining({ code: "BACKUP_BAD_PATH" }));
    }
  });
});
