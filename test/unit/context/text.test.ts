import { describe, expect, test } from "vitest";
import { stem, terms, words } from "../../../src/context/text.js";
import { boundedDistance, nearestWords } from "../../../src/context/typo.js";
import { findRelations, namesFor, relationTags } from "../../../src/context/relations.js";
import { TextIndex } from "../../../src/context/bm25.js";

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
    index.remove(1);
    expect(index.score([q("dog"), q("cat")]).map((hit) => hit.doc)).toEqual([0]);
    expect(index.docFrequency("dog")).toBe(0);
    index.remove(0);
    index.remove(2);
    expect(index.size).toBe(0);
  });
  test("after removals and compaction it scores exactly as an index built from the survivors", () => {
    const vocabulary = ["cat", "dog", "bird", "fish", "lion", "mouse", "horse", "cow"];
    const docTerms = Array.from({ length: 60 }, (_, doc) => Array.from({ length: 2 + (doc % 5) }, (_, i) => vocabulary[(doc * 3 + i * i) % vocabulary.length]!));
    const churned = new TextIndex();
    docTerms.forEach((terms, doc) => churned.add(doc, terms));
    for (let doc = 0; doc < 60; doc += 1) if (doc % 3 !== 0) churned.remove(doc);
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
});
