// The schema is the whole schema: every store the migrations create is in STORE_KINDS (and so in
// PhoenixSchema's types), and what a backup carries is exactly the stores of record.
import { afterEach, describe, expect, it } from "vitest";
import { openPhoenixDB } from "../../../src/db/open.js";
import { ALL_STORES, STORE_KINDS, type PhoenixDB } from "../../../src/db/schema.js";
import { freshName } from "../../helpers/db.js";

let db: PhoenixDB | undefined;
afterEach(() => db?.close());

describe("the schema", () => {
  it("names every store the migrations create, and no other", async () => {
    db = await openPhoenixDB(freshName("schema"));
    expect([...db.objectStoreNames].sort()).toEqual(Object.keys(STORE_KINDS).sort());
  });

  it("marks the rebuildable stores derived and backs up the stores of record only", () => {
    const ofKind = (kind: string) => Object.entries(STORE_KINDS).filter(([, k]) => k === kind).map(([name]) => name).sort();
    expect(ofKind("derived")).toEqual(["context_index", "vector_chunks"]);
    expect(ofKind("packed")).toEqual(["cosmic_blocks", "cosmic_streams"]);
    expect([...ALL_STORES].sort()).toEqual(ofKind("record"));
  });
});
