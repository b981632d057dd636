/**
 * Lost connections in real Chromium: the database connection is closed underneath the app, as iOS drops
 * it. (Full disks: reliability-quota.e2e.test.ts.)
 */
import { describe, expect, test } from "vitest";
import { callPhoenix, pageErrors, reloadApp, useFreshApp } from "./helpers/browser.js";

describe("a connection closed underneath the app", () => {
  // Page errors are checked where they matter (the first case); the second ends on a failure on purpose.
  const { page } = useFreshApp({ failOnPageErrors: false });

  test("reads and writes reopen it and go through; nothing is lost or doubled", async () => {
    const outcome = await callPhoenix(
      page(),
      async (phoenix) => {
        await phoenix.vaults.storeMind("fact:before", "kept");
        await phoenix.cache.storeCosmicBatch([{ source: "s", timestamp: 1, data: "one", streamType: "conn" }]);
        phoenix.db.close();
        await phoenix.cortex.etchMany([
          [{ layer: "STM", text: "after close 1" }, "stm:a1"],
          [{ layer: "STM", text: "after close 2" }, "stm:a2"],
        ]);
        phoenix.db.close();
        const mind = await phoenix.vaults.recallMind("fact:before");
        phoenix.db.close();
        await phoenix.cache.storeCosmicBatch([{ source: "s", timestamp: 2, data: "two", streamType: "conn" }]);
        phoenix.db.close();
        const stream = (await phoenix.cache.retrieveCosmicData("conn")).map((item) => item.data);
        phoenix.db.close();
        const counts = await phoenix.counts();
        return { mind, stream, counts };
      },
      undefined,
    );
    expect(outcome.mind).toBe("kept");
    expect(outcome.stream).toEqual(["one", "two"]);
    expect(outcome.counts).toMatchObject({ eternal_memory: 2, mind_vault: 1, hyperspace_cache: 2 });
    expect(pageErrors(page())).toEqual([]);
  });

  test("when the database cannot be reopened, the call fails with DB_CLOSED saying to reload, and the next page load works", async () => {
    const failure = await callPhoenix(
      page(),
      async (phoenix) => {
        const open = IDBFactory.prototype.open;
        IDBFactory.prototype.open = function refuse(): IDBOpenDBRequest {
          throw new DOMException("Connection to Indexed Database server lost. Refresh the page to try again", "UnknownError");
        };
        phoenix.db.close();
        try {
          await phoenix.vaults.storeMind("fact:lost", "never written");
          return { code: "none", message: "" };
        } catch (error) {
          const { code, message } = error as { code: string; message: string };
          return { code, message };
        } finally {
          IDBFactory.prototype.open = open;
        }
      },
      undefined,
    );
    expect(failure.code).toBe("DB_CLOSED");
    expect(failure.message).toMatch(/reload the page/i);
    await reloadApp(page());
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.recallMind("fact:lost"), undefined)).toBeUndefined();
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.recallMind("fact:before"), undefined)).toBe("kept");
  });
});
