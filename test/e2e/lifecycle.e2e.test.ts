/**
 * Lifecycle, settings, profiles and the audit log in real Chromium against the built app: the sweep
 * running in one tab of two (Web Locks), settings applied across two tabs and kept over a reload,
 * VECTOR_KB_DISABLED, switching and deleting profiles, and an audit chain broken by a raw IndexedDB edit.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, openAppInNewTab, pageErrors, reloadApp } from "./helpers/browser.js";

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Polls the expression `check` (over `window.phoenix`) until it is true; no fixed waits. */
async function until(page: Page, check: string): Promise<void> {
  // page.evaluate, not waitForFunction: the app's CSP forbids the eval that a string predicate needs.
  await expect
    .poll(async () => Boolean(await page.evaluate(`(async () => { try { return await (${check}); } catch { return false; } })()`)), {
      timeout: 30_000,
      interval: 100,
    })
    .toBe(true);
}

async function rawCount(page: Page, store: string): Promise<number> {
  return callPhoenix(
    page,
    async (phoenix, store) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(phoenix.name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(store, "readonly").objectStore(store).count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
        };
      }),
    store,
  );
}

describe("lifecycle across tabs", () => {
  test("the sweep runs in one tab of two and removes expired memories; settings reach the other tab", async () => {
    context = await launchBrowser();
    const a = await openApp(context);
    const b = await openAppInNewTab(context);
    // The interval stays a minute: the leader wakes for the expiry itself, whichever tab wrote the memory.
    await callPhoenix(a, (phoenix) => phoenix.settings.update({ retention: { stmMs: 1500 } }), undefined);
    await until(b, "window.phoenix.settings.get().retention.stmMs === 1500");

    // Exactly one tab holds the sweep lock.
    const leaders = await Promise.all([a, b].map((page) => callPhoenix(page, (phoenix) => phoenix.sweeper.leader, undefined)));
    expect(leaders.filter(Boolean)).toHaveLength(1);
    const held = await callPhoenix(a, async (phoenix) => {
      const state = await navigator.locks.query();
      return (state.held ?? []).filter((lock) => lock.name === `${phoenix.name}:cortex-sweep`).length;
    }, undefined);
    expect(held).toBe(1);

    await callPhoenix(b, async (phoenix) => {
      await phoenix.cortex.etch({ layer: "STM", text: "fleeting" }, "stm:fleeting");
      await phoenix.cortex.etch({ layer: "LTM", text: "kept" }, "ltm:kept");
    }, undefined);
    // Gone for reads once its lifetime passed, and removed from storage by the leader's sweep.
    await until(b, `window.phoenix.cortex.recall("stm:fleeting").then((m) => m === undefined)`);
    const leader = leaders[0] ? a : b;
    const follower = leaders[0] ? b : a;
    await expect.poll(() => rawCount(b, "eternal_memory"), { timeout: 30_000 }).toBe(1);
    expect(await callPhoenix(leader, (phoenix) => phoenix.sweeper.lastRun?.removed, undefined)).toBe(1);
    expect(await callPhoenix(follower, (phoenix) => phoenix.sweeper.runs, undefined)).toBe(0);

    // The leader closes: the other tab takes over.
    await leader.close();
    await until(follower, "window.phoenix.sweeper.leader === true");
    expect(pageErrors(follower)).toEqual([]);
  });

  test("settings survive a reload, show on the Settings page in another tab, and reset per group", async () => {
    context = await launchBrowser();
    const a = await openApp(context);
    const b = await openAppInNewTab(context, "#/settings");
    await b.getByTestId("settings-pulse").waitFor();
    await callPhoenix(a, (phoenix) => phoenix.settings.update({ pulse: { keep: 3 }, vectorKb: { defaultTopK: 8 } }), undefined);
    await expect.poll(() => b.getByTestId("setting-pulse-keep").inputValue(), { timeout: 30_000 }).toBe("3");
    await reloadApp(a);
    expect(await callPhoenix(a, (phoenix) => phoenix.settings.get(), undefined)).toMatchObject({ pulse: { keep: 3 }, vectorKb: { defaultTopK: 8 } });
    // The old Vital Pulse API is a view of the same setting.
    expect(await callPhoenix(a, (phoenix) => phoenix.backups.pulse.settings(), undefined)).toEqual({ intervalHours: 24, keep: 3 });

    // A bad value on the page: a typed error naming the field, nothing saved.
    await b.getByTestId("setting-pulse-keep").fill("500");
    await b.getByTestId("settings-pulse-save").click();
    await expect.poll(() => b.getByTestId("settings-pulse-error").textContent(), { timeout: 30_000 }).toContain("pulse.keep");
    expect(await callPhoenix(a, (phoenix) => phoenix.settings.get().pulse.keep, undefined)).toBe(3);

    await b.getByTestId("settings-pulse-reset").click();
    await until(a, "window.phoenix.settings.get().pulse.keep === 7");
    expect(await callPhoenix(a, (phoenix) => phoenix.settings.get().vectorKb.defaultTopK, undefined)).toBe(8);
  });

  test("Vector KB off: writes, searches and context search reject with VECTOR_KB_DISABLED and no worker starts; entries stay", async () => {
    context = await launchBrowser();
    const page = await openApp(context);
    const result = await callPhoenix(page, async (phoenix) => {
      const code = (error: unknown) => (error as { code?: string }).code ?? String(error);
      await phoenix.vectorKb.addMemory("The capital of France is Paris");
      await phoenix.settings.update({ vectorKb: { enabled: false } });
      // Let a running worker reach its idle stop is not needed: calls are refused before any worker call.
      const refused = await Promise.all([
        phoenix.vectorKb.addMemory("x").then(() => "ok", code),
        phoenix.vectorKb.semanticSearch("France").then(() => "ok", code),
        phoenix.vectorKb.remove("x").then(() => "ok", code),
        phoenix.context.search("France").then(() => "ok", code),
      ]);
      await phoenix.settings.update({ vectorKb: { enabled: true, defaultTopK: 1 } });
      const hits = await phoenix.vectorKb.semanticSearch("What is the capital of France?");
      return { refused, hits: hits.map((hit) => hit.text) };
    }, undefined);
    expect(result.refused).toEqual(["VECTOR_KB_DISABLED", "VECTOR_KB_DISABLED", "VECTOR_KB_DISABLED", "VECTOR_KB_DISABLED"]);
    expect(result.hits).toEqual(["The capital of France is Paris"]);

    // In a fresh tab with the setting off, nothing starts a worker.
    await callPhoenix(page, (phoenix) => phoenix.settings.update({ vectorKb: { enabled: false } }), undefined);
    await reloadApp(page);
    const after = await callPhoenix(page, async (phoenix) => {
      const code = await phoenix.vectorKb.semanticSearch("France", 3).then(() => "ok", (error: unknown) => (error as { code?: string }).code);
      const contextCode = await phoenix.context.search("France").then(() => "ok", (error: unknown) => (error as { code?: string }).code);
      const built = await phoenix.context.build("France");
      return { code, contextCode, builtItems: built.items.length, started: phoenix.vectorKb.workerStarted, workers: performance.getEntriesByType("resource").filter((e) => e.name.includes("vector")).length };
    }, undefined);
    expect(after).toMatchObject({ code: "VECTOR_KB_DISABLED", contextCode: "VECTOR_KB_DISABLED", builtItems: 0, started: false, workers: 0 });
    expect(await rawCount(page, "vector_kb")).toBe(1);
  });
});

/** The files of the Context Engine's index directory in the Origin Private File System. */
function contextIndexFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    type Dir = { getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<Dir>; keys(): AsyncIterable<string> };
    const root = (await navigator.storage.getDirectory()) as unknown as Dir;
    const names: string[] = [];
    for await (const name of (await root.getDirectoryHandle("phoenix-context-index", { create: true })).keys()) names.push(name);
    return names.sort();
  });
}

describe("profiles", () => {
  test("create, switch (data apart, kept over a reload), and delete after typing the name, the model vectors and the context index file with it", async () => {
    context = await launchBrowser();
    const page = await openApp(context);
    await callPhoenix(page, async (phoenix) => {
      await phoenix.vaults.storeMind("fact:home", "here");
      await phoenix.profiles.create("work");
      await phoenix.profiles.switch("work");
    }, undefined);
    await until(page, `window.phoenix.name === "work"`);
    expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:home"), undefined)).toBeUndefined();
    await callPhoenix(page, (phoenix) => phoenix.vaults.storeMind("fact:office", "3rd floor"), undefined);
    // The Context Engine keeps the profile's index (its texts) in a file of its own in the Origin Private File System.
    await expect
      .poll(
        () =>
          callPhoenix(page, async (phoenix) => {
            await phoenix.context.search("office floor");
            return (await phoenix.context.info()).persisted;
          }, undefined),
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await contextIndexFiles(page)).toContain("work.bin");
    // The sentence model keeps its choice and vectors per profile, in a database of its own.
    await callPhoenix(page, (phoenix) => phoenix.models.setBaseUrl("http://127.0.0.1:9/{model}/"), undefined);
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toContain("work:model-vectors");
    await reloadApp(page);
    expect(await callPhoenix(page, (phoenix) => [phoenix.name, ""], undefined)).toEqual(["work", ""]);
    expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:office"), undefined)).toBe("3rd floor");

    // The open profile cannot be deleted; switch back on the Settings page, then delete by typing the name.
    const inUse = await callPhoenix(page, (phoenix) => phoenix.profiles.delete("work", "work").then(() => "ok", (e: unknown) => (e as { code?: string }).code), undefined);
    expect(inUse).toBe("PROFILE_IN_USE");
    await page.goto(`${page.url().split("#")[0]}#/settings`);
    await page.locator('[data-testid="profile-item"][data-name="phoenix"] button', { hasText: "Switch" }).click();
    await until(page, `window.phoenix && window.phoenix.name === "phoenix"`);
    expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:home"), undefined)).toBe("here");
    await page.locator('[data-testid="profile-item"][data-name="work"] button', { hasText: "Delete" }).click();
    const confirmButton = page.getByTestId("profile-delete");
    await page.getByTestId("profile-delete-confirm").fill("wor");
    expect(await confirmButton.isDisabled()).toBe(true);
    await page.getByTestId("profile-delete-confirm").fill("work");
    await confirmButton.click();
    await expect.poll(() => callPhoenix(page, async (phoenix) => (await phoenix.profiles.list()).map((p) => p.name), undefined), { timeout: 30_000 }).toEqual(["phoenix"]);
    const names = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
    expect(names).not.toContain("work");
    expect(names).not.toContain("work:model-vectors");
    const files = await contextIndexFiles(page);
    expect(files).not.toContain("work.bin");
    const audit = await callPhoenix(page, (phoenix) => phoenix.audit.list({ reverse: true, limit: 1 }), undefined);
    expect(audit[0]).toMatchObject({ action: "profile.delete", outcome: "ok", subject: "work" });
  });
});

describe("audit log", () => {
  test("a raw IndexedDB edit breaks the chain, and verify() and the Settings page say where", async () => {
    context = await launchBrowser();
    const page = await openApp(context);
    await callPhoenix(page, async (phoenix) => {
      await phoenix.settings.update({ retention: { wmMs: 7_200_000 } });
      await phoenix.vaults.storeBody("state:x", "1");
      await phoenix.vaults.clearBody();
      await phoenix.backups.export();
    }, undefined);
    expect(await callPhoenix(page, (phoenix) => phoenix.audit.verify(), undefined)).toEqual({ ok: true, entries: 3 });
    expect(await callPhoenix(page, (phoenix) => phoenix.audit.list({ reverse: true }), undefined)).toEqual([
      expect.objectContaining({ seq: 3, action: "backup.export", outcome: "ok" }),
      expect.objectContaining({ seq: 2, action: "body.clear", outcome: "ok" }),
      expect.objectContaining({ seq: 1, action: "settings.update", outcome: "ok", subject: "retention.wmMs" }),
    ]);
    await page.goto(`${page.url().split("#")[0]}#/settings`);
    await expect.poll(() => page.getByTestId("audit-verify").getAttribute("data-ok"), { timeout: 30_000 }).toBe("true");
    expect(await page.getByTestId("audit-item").first().getAttribute("data-seq")).toBe("3");

    // Someone with the profile rewrites entry 2 straight in IndexedDB.
    await callPhoenix(page, async (phoenix) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(phoenix.name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction("audit_log", "readwrite");
        const store = tx.objectStore("audit_log");
        const read = store.get(2);
        read.onsuccess = () => store.put({ ...read.result, outcome: "failed" }, 2);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, undefined);
    expect(await callPhoenix(page, (phoenix) => phoenix.audit.verify(), undefined)).toEqual({ ok: false, entries: 2, brokenAt: 2 });
    await page.getByTestId("audit-refresh").click();
    await expect.poll(() => page.getByTestId("audit-verify").getAttribute("data-ok"), { timeout: 30_000 }).toBe("false");
    expect(await page.getByTestId("audit-verify").textContent()).toContain("Broken at entry 2");
  });
});
