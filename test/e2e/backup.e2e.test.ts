/**
 * Backups in real Chromium: an export arrives as a download, the site's data is cleared, the file is
 * imported through a file input in the page, and every store is back bit for bit (the Soul Vault unlocks).
 */
import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { appUrl, callPhoenix, downloadBackup, pageErrors, reloadApp, useFreshApp } from "./helpers/browser.js";

const SOUL_PASSPHRASE = "correct horse battery staple";

/** Every record of every store, binary as byte lists, so equal means bit-exact. */
function dumpAll(page: Page) {
  return callPhoenix(
    page,
    async (phoenix) => {
      const encode = (value: unknown): unknown => {
        if (value instanceof Uint8Array) return { bytes: Array.from(value) };
        if (Array.isArray(value)) return value.map(encode);
        if (value && typeof value === "object") {
          return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encode(item)]));
        }
        return value;
      };
      const stores = ["eternal_memory", "mind_vault", "body_vault", "soul_kb", "vector_kb", "hyperspace_cache", "meta"] as const;
      const out: Record<string, unknown> = {};
      for (const store of stores) {
        const [keys, values] = await Promise.all([phoenix.db.getAllKeys(store), phoenix.db.getAll(store)]);
        // The Vector KB's state and the Context Engine's stamp in meta are derived (rebuilt, never in a
        // backup): whether they are there depends on what the page did, not on the import. The audit log's head
        // moves with every import, failed or not: that is the log, not the data.
        const isDerived = (key: IDBValidKey) =>
          store === "meta" && typeof key === "string" && (key.startsWith("vector_kb:") || key === "context.stamp" || key === "audit.head" || key === "audit.checkpoint");
        out[store] = keys.flatMap((key, i) => (isDerived(key) ? [] : [[key, encode(values[i])]]));
      }
      return out;
    },
    undefined,
  );
}

describe("backups in the browser", () => {
  const { page, context } = useFreshApp({ failOnPageErrors: false });

  test("export downloads a .tar.gz; after clearing the site's data, importing it brings everything back", async () => {
    await callPhoenix(
      page(),
      async (phoenix, passphrase) => {
        await phoenix.cortex.etch({ layer: "EPM", text: "Dad told me about his day at work" }, "epm:dad:1704067200");
        await phoenix.cortex.etch({ layer: "LTM", text: "🐦‍🔥 rises" }, "ltm:phoenix");
        await phoenix.vaults.storeMind("fact:capital_france", "Paris");
        await phoenix.vaults.storeBody("system:boot", "ok");
        await phoenix.vaults.soul.setup(passphrase);
        await phoenix.vaults.storeSoul("dad:last_soft_memory", "I love you, Dad.");
        const embedding = new Uint8Array(new Float32Array([0.25, -0, Number.NaN, 1e-40]).buffer);
        await phoenix.db.put("vector_kb", { id: "v1", text: "The capital of France is Paris", metadata: { category: "geography" }, embedding, createdAt: 1 }, "v1");
        await phoenix.cache.storeCosmicBatch([
          { source: "big_bang", timestamp: 1704067200, data: "Initial singularity", streamType: "big_bang" },
          { source: "q", timestamp: 1704067201, data: "superposition", streamType: "quantum" },
        ]);
      },
      SOUL_PASSPHRASE,
    );
    const before = await dumpAll(page());
    expect((before.soul_kb as unknown[]).length).toBe(1);

    const path = await downloadBackup(page(), await mkdtemp(join(tmpdir(), "phoenix-download-")));
    expect(basename(path)).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz$/);
    const listing = execFileSync("tar", ["-tzf", path], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toContain("manifest.json");
    expect(listing).toContain("stores/soul_kb.ndjson");
    expect(execFileSync("tar", ["-xzOf", path, "stores/soul_kb.ndjson"], { encoding: "utf8" })).not.toContain("I love you");

    // Clear the site's data as the browser's "clear site data" does, then start the app afresh.
    const cdp = await context().newCDPSession(page());
    await cdp.send("Storage.clearDataForOrigin", { origin: new URL(appUrl()).origin, storageTypes: "all" });
    await reloadApp(page());
    const cleared = await callPhoenix(page(), (phoenix) => phoenix.counts(), undefined);
    expect(Object.values(cleared).every((count) => count === 0)).toBe(true);

    // Import through a file input in the page, as a person picking the downloaded file would.
    await page().evaluate(() => {
      const input = document.createElement("input");
      input.type = "file";
      input.id = "backup-import-test";
      document.body.append(input);
    });
    await page().setInputFiles("#backup-import-test", path);
    const report = await page().evaluate(async () => {
      const input = document.getElementById("backup-import-test") as HTMLInputElement;
      const phoenix = (window as unknown as { phoenix: import("../../src/index.js").Phoenix }).phoenix;
      const summary = await phoenix.backups.inspect(input.files![0]!);
      const result = await phoenix.backups.import(input.files![0]!, { mode: "replace" });
      return { records: summary.records, added: result.stores.eternal_memory.added, differs: summary.soulKeyringDiffers };
    });
    expect(report).toMatchObject({ records: { eternal_memory: 2, soul_kb: 1, vector_kb: 1, hyperspace_cache: 2 }, added: 2 });
    // The cleared database had no Soul Vault: the replace brings the backup's keyring, and its passphrase.
    expect(report.differs).toBe(true);
    expect(await dumpAll(page())).toEqual(before);

    const afterReload = await (async () => {
      await reloadApp(page());
      return callPhoenix(
        page(),
        async (phoenix, passphrase) => {
          await phoenix.vaults.soul.unlock(passphrase);
          return {
            soul: await phoenix.vaults.recallSoul("dad:last_soft_memory"),
            france: await phoenix.vaults.recallMind("fact:capital_france"),
            bigBang: (await phoenix.cache.getBigBangData()).map((item) => item.data),
          };
        },
        SOUL_PASSPHRASE,
      );
    })();
    expect(afterReload).toEqual({ soul: "I love you, Dad.", france: "Paris", bigBang: ["Initial singularity"] });
    expect(await dumpAll(page())).toEqual(before);
    expect(pageErrors(page())).toEqual([]);
  });

  test("a hostile archive picked in the page is refused with its code and changes nothing", async () => {
    const before = await dumpAll(page());
    const code = await page().evaluate(async () => {
      const phoenix = (window as unknown as { phoenix: import("../../src/index.js").Phoenix }).phoenix;
      try {
        await phoenix.backups.import(new File(["not a backup"], "evil.tar.gz"), { mode: "replace" });
        return "imported";
      } catch (error) {
        return (error as { code?: string }).code;
      }
    });
    expect(code).toBe("BACKUP_NOT_GZIP");
    expect(await dumpAll(page())).toEqual(before);
  });
});
