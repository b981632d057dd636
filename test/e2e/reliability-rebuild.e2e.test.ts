/**
 * An index rebuild found needed by two tabs at once, in real Chromium: the derived Vector KB chunks are
 * lost, both tabs start their search workers together, one rebuilds under a Web Lock while the other
 * waits, and both end up agreeing with the records.
 */
import { afterAll, describe, expect, test } from "vitest";
import type { BrowserContext } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, openAppInNewTab, pageErrors } from "./helpers/browser.js";

describe("the Vector KB index rebuilt with two tabs open", () => {
  let context: BrowserContext | undefined;
  afterAll(async () => {
    await context?.close();
  });

  test("lost chunks are rebuilt once; both tabs then count and find every entry", async () => {
    context = await launchBrowser();
    const first = await openApp(context);
    await callPhoenix(
      first,
      async (phoenix) => {
        await phoenix.vectorKb.addMemories(Array.from({ length: 300 }, (_, i) => ({ text: `entry number ${i} about topic ${i % 7}`, metadata: { i } })));
      },
      undefined,
    );
    const second = await openAppInNewTab(context);
    // Both workers stop, the derived chunks go, then both tabs start again at the same moment.
    await first.close();
    await second.evaluate(async () => {
      window.phoenix!.vectorKb.close();
      await window.phoenix!.db.clear("vector_chunks" as never);
    });
    const [a, b] = await Promise.all([openAppInNewTab(context), second.reload().then(() => second)]);
    await b.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const answers = await Promise.all(
      [a, b].map((page) =>
        callPhoenix(
          page,
          async (phoenix) => ({
            count: await phoenix.vectorKb.count(),
            hit: (await phoenix.vectorKb.semanticSearch("entry number 299 about topic 5", 1))[0]?.text,
          }),
          undefined,
        ),
      ),
    );
    for (const answer of answers) expect(answer).toEqual({ count: 300, hit: "entry number 299 about topic 5" });
    const chunks = await callPhoenix(a, async (phoenix) => (await phoenix.db.getAll("vector_chunks" as never)).length, undefined);
    expect(chunks).toBeGreaterThan(0);
    expect(pageErrors(a)).toEqual([]);
  });
});
