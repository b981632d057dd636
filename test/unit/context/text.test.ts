import { describe, expect, test } from "vitest";
import { stem, terms, words } from "../../../src/shared/text.js";
import { boundedDistance, nearestWords } from "../../../workers/context/typo.js";
import { findRelations, namesFor, relationTags } from "../../../workers/context/relations.js";
import { TextIndex } from "../../../workers/context/bm25.js";

describe("tokens", () => {
  test("are Unicode words, folded, without possessives; terms drop stop words and stem", () => {
    expect(words("Café in São Paulo, Dad's 2 dogs — Ωmega")).toEqual(["cafe", "in", "sao", "paulo", "dad", "2", "dogs", "ωmega"]);
    expect(terms("What are the allergies?")).toEqual([stem("allergies")]);
    expect(stem("allergies")).toBe(stem("allergy"));
    expect(stem("moved")).toBe(stem("move"));
    expect(stem("running")).toBe("run");
  });
});

describe("typo distance", () => {
  test("counts a swap of neighbours as one edit and stops past the bound", () => {
    expect(boundedDistance("penicilin", "penicillin", 2)).toBe(1);
    expect(boundedDistance("dentsit", "dentist", 2)).toBe(1);
    expect(boundedDistance("abc", "xyz", 1)).toBe(2);
    expect(nearestWords("boilr", ["boiled", "boiler", "bowler"], 1).map((n) => n.word)).toEqual(["boiler"]);
  });
});

describe("relationships", () => {
  test("phrases are read longest first and mapped to the names holding them", () => {
    expect(findRelations("what does my old man think of my best mate?").map((m) => [m.phrase, m.specific])).toEqual([
      ["my old man", "father"],
      ["my best mate", "best friend"],
    ]);
    const people = new Map([
      ["Raj", relationTags("best friend at work")],
      ["Helen", relationTags("wife")],
    ]);
    expect(namesFor(findRelations("my spouse")[0]!, people)).toEqual(["Helen"]);
    expect(namesFor(findRelations("my colleague")[0]!, people)).toEqual(["Raj"]);
    expect(namesFor(findRelations("my best mate")[0]!, people)).toEqual(["Raj"]);
  });
});

describe("BM25 index", () => {
  test("ranks the rarer word's document first and forgets removed documents", () => {
    const index = new TextIndex();
    index.add(0, ["cat", "sat", "mat"]);
    index.add(1, ["cat", "cat", "dog"]);
    index.add(2, ["bird"]);
    const q = (term: string) => ({ term, weight: 1, label: term });
    expect(index.score([q("dog"), q("cat")]).map((hit) => hit.doc)).toEqual([1, 0]);
    index.remove(1, ["cat", "cat", "dog"]);
    expect(index.score([q("dog"), q("cat")]).map((hit) => hit.doc)).toEqual([0]);
    expect(index.docFrequency("dog")).toBe(0);
    index.remove(0, ["cat", "sat", "mat"]);
    index.remove(2, ["bird"]);
    expect(index.size).toBe(0);
  });
  test("after removals and compaction it scores exactly as an index built from the survivors", () => {
    const vocabulary = ["cat", "dog", "bird", "fish", "lion", "mouse", "horse", "cow"];
    const docTerms = Array.from({ length: 60 }, (_, doc) => Array.from({ length: 2 + (doc % 5) }, (_, i) => vocabulary[(doc * 3 + i * i) % vocabulary.length]!));
    const churned = new TextIndex();
    docTerms.forEach((terms, doc) => churned.add(doc, terms));
    for (let doc = 0; doc < 60; doc += 1) if (doc % 3 !== 0) churned.remove(doc, docTerms[doc]!);
    const fresh = new TextIndex();
    docTerms.forEach((terms, doc) => {
      if (doc % 3 === 0) fresh.add(doc, terms);
    });
    const query = ["cat", "horse", "cow"].map((term) => ({ term, weight: 1, label: term }));
    expect(churned.postingCount).toBe(fresh.postingCount);
    expect(churned.score(query)).toEqual(fresh.score(query));
    expect(churned.score(query, undefined, 3)).toEqual(fresh.score(query, undefined, 3));
    expect(churned.score(query).length).toBeGreaterThan(3);
  });
  test("packed and unpacked, it scores as the original and keeps taking adds and removes", () => {
    const vocabulary = ["cat", "dog", "bird", "fish", "lion", "mouse", "horse", "cow"];
    const docTerms = Array.from({ length: 40 }, (_, doc) => Array.from({ length: 1 + (doc % 4) }, (_, i) => vocabulary[(doc * 5 + i) % vocabulary.length]!));
    const original = new TextIndex();
    docTerms.forEach((terms, doc) => original.add(doc, terms));
    for (let doc = 0; doc < 40; doc += 4) original.remove(doc, docTerms[doc]!);
    // Living documents keep their order: old number → new number.
    const renumber = new Int32Array(40).fill(-1);
    let next = 0;
    for (let doc = 0; doc < 40; doc += 1) if (doc % 4 !== 0) renumber[doc] = next++;
    const restored = TextIndex.unpack(original.pack(renumber));
    const query = ["cat", "lion", "cow"].map((term) => ({ term, weight: 1, label: term }));
    const renumbered = original.score(query).map((hit) => ({ ...hit, doc: renumber[hit.doc]! }));
    expect(restored.score(query)).toEqual(renumbered);
    expect(restored.postingCount).toBe(original.postingCount);
    restored.add(next, ["lion", "lion", "zebra"]);
    expect(restored.score([{ term: "zebra", weight: 1, label: "zebra" }]).map((hit) => hit.doc)).toEqual([next]);
    restored.remove(renumber[1]!, docTerms[1]!);
    expect(restored.score(query).map((hit) => hit.doc)).not.toContain(renumber[1]);
  });
});
