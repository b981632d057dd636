// `npm run eval:context`: prints the labelled-set table (README "Recall quality") and, with
// CONTEXT_EVAL_DETAIL=1, each query's top hits for the hybrid.
import { test } from "vitest";
import { QUERIES } from "./queries.js";
import { evaluate, metrics, rank, setUp, table } from "./score.js";

test("labelled set", () => {
  const setup = setUp();
  console.log(`\n${table(evaluate(setup))}\n`);
  if (process.env["CONTEXT_EVAL_DETAIL"]) {
    for (const { query, kind, relevant } of QUERIES) {
      const ranked = rank(setup, "hybrid", query);
      const m = metrics(ranked, relevant);
      console.log(`${m.ndcg10.toFixed(2)} [${kind}] ${query} → ${ranked.slice(0, 6).join(" ")}   want ${relevant.join(" ")}`);
    }
  }
});
