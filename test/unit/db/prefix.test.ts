import { afterEach, describe, expect, it } from "vitest";
import { openPhoenixDB } from "../../../src/db/open.js";
import { prefixRange, prefixSuccessor, scanPrefix } from "../../../src/db/prefix.js";
import type { PhoenixDB } from "../../../src/db/schema.js";
import { freshName } from "../../helpers/db.js";

let db: PhoenixDB | undefined;
afterEach(() => db?.close());

/** Every key of the fixture, including astral characters and the code unit 0xFFFF, which naive bounds miss. */
const KEYS = [
  "",
  "a",
  "ep",
  "epm",
  "epm:",
  "epm:dad",
  "epm:dad:",
  "epm:dad:0001",
  "epm:dad:0002",
  "epm:dad:\uffff",
  "epm:dad:\uffff\uffff",
  "epm:dad:😀",
  "epm:dad:😀x",
  "epm:dae:0001",
  "epm:mom:0001",
  "epm;",
  "😀",
  "😀😀",
  "😁",
  "\uffff",
  "\uffff\uffff",
  "z",
];

async function seeded(): Promise<PhoenixDB> {
  db = await openPhoenixDB(freshName("prefix"));
  const tx = db.transaction("mind_vault", "readwrite");
  for (const key of KEYS) if (key) void tx.store.put({ value: key, updatedAt: 0 }, key);
  await tx.done;
  return db;
}

/** The reference: filter and sort in code-unit order, as IndexedDB compares strings. */
function expected(prefix: string): string[] {
  return KEYS.filter((key) => key && key.startsWith(prefix)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

describe("prefixSuccessor", () => {
  it("increments the last code unit, skipping trailing 0xFFFF", () => {
    expect(prefixSuccessor("abc")).toBe("abd");
    expect(prefixSuccessor("a\uffff")).toBe("b");
    expect(prefixSuccessor("\uffff\uffff")).toBeUndefined();
    expect(prefixSuccessor("")).toBeUndefined();
  });
});

describe("scanPrefix", () => {
  const prefixes = ["", "epm:", "epm:dad:", "epm:dad:\uffff", "epm:dad:😀", "😀", "\uffff", "nothing", "epm:dad"];
  for (const prefix of prefixes) {
    it(`finds exactly the keys under ${JSON.stringify(prefix)}, forward and reverse`, async () => {
      const database = await seeded();
      const forward = await scanPrefix(database, "mind_vault", prefix);
      expect(forward.map(([key]) => key)).toEqual(expected(prefix));
      expect(forward.every(([key, record]) => record.value === key)).toBe(true);
      const reverse = await scanPrefix(database, "mind_vault", prefix, undefined, { reverse: true });
      expect(reverse.map(([key]) => key)).toEqual(expected(prefix).reverse());
    });
  }

  it("limits, and reverse with a limit gives the last keys first", async () => {
    const database = await seeded();
    const all = expected("epm:dad:");
    expect((await scanPrefix(database, "mind_vault", "epm:dad:", 2)).map(([k]) => k)).toEqual(all.slice(0, 2));
    expect((await scanPrefix(database, "mind_vault", "epm:dad:", 2, { reverse: true })).map(([k]) => k)).toEqual(
      all.slice(-2).reverse(),
    );
  });

  it("pages with `after` in both directions without gaps or repeats", async () => {
    const database = await seeded();
    for (const reverse of [false, true]) {
      const want = reverse ? expected("epm:").reverse() : expected("epm:");
      const got: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await scanPrefix(database, "mind_vault", "epm:", 3, { reverse, after });
        if (page.length === 0) break;
        got.push(...page.map(([key]) => key));
        after = page[page.length - 1]![0];
      }
      expect(got).toEqual(want);
    }
  });

  it("rejects a bad limit before reading", async () => {
    const database = await seeded();
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await expect(scanPrefix(database, "mind_vault", "e", limit)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    }
  });

  it("expresses an empty page as null", () => {
    expect(prefixRange("b", { after: "c" })).toBeNull();
    expect(prefixRange("b", { after: "a", reverse: true })).toBeNull();
  });
});

describe("scanPrefix without getAllRecords (older browsers)", () => {
  it("gives the same pairs through getAll/getAllKeys and a reverse cursor", async () => {
    const database = await seeded();
    const proto = (globalThis as unknown as { IDBObjectStore: { prototype: Record<string, unknown> } }).IDBObjectStore.prototype;
    const saved = proto.getAllRecords;
    delete proto.getAllRecords;
    try {
      expect((await scanPrefix(database, "mind_vault", "epm:dad:", 3)).map(([k]) => k)).toEqual(expected("epm:dad:").slice(0, 3));
      expect((await scanPrefix(database, "mind_vault", "epm:dad:", 3, { reverse: true })).map(([k]) => k)).toEqual(
        expected("epm:dad:").reverse().slice(0, 3),
      );
    } finally {
      proto.getAllRecords = saved;
    }
  });
});
