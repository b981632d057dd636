/**
 * The Backups page driven as a person would: an export downloaded, imported into a fresh profile by file picker and by drag-and-drop.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { callPhoenix, screenshotPhone, useFreshApp } from "./helpers/browser.js";
import { answer, errorOf, statusOf, text, visit } from "./helpers/ui.js";

describe("Backups page: export, then import into a fresh profile", () => {
  const source = useFreshApp();
  const plainPath = join(tmpdir(), `phoenix-ui-${process.pid}.tar.gz`);
  const encryptedPath = join(tmpdir(), `phoenix-ui-${process.pid}.tar.gz.enc`);

  test("export downloads phoenix-backup-YYYYMMDD-HHMMSS.tar.gz, and an encrypted one on request", async () => {
    const page = source.page();
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.cortex.etch({ layer: "EPM", text: "Dad told me about his day" }, "epm:dad:1704067200");
        await phoenix.vaults.storeMind("fact:capital_france", "Paris");
        await phoenix.cache.storeCosmicData({ source: "big_bang", timestamp: 1704067200, data: "Initial", streamType: "big_bang" });
      },
      undefined,
    );
    await visit(page, "Backups", "backups");
    await expect.poll(() => statusOf(page, "health")).toBe("Every store opens and reads.");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz$/);
    await download.saveAs(plainPath);
    await expect.poll(() => statusOf(page, "export")).toContain(`Saved ${download.suggestedFilename()}`);

    await page.getByLabel("Encrypt the whole archive with a passphrase").check();
    await page.getByLabel("Archive passphrase").fill("archive secret 1");
    await page.getByLabel("Repeat it").fill("archive secret 1");
    const [encrypted] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    expect(encrypted.suggestedFilename()).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz\.enc$/);
    await encrypted.saveAs(encryptedPath);
    await screenshotPhone(page, "ui-backups");
  });

  describe("in a fresh profile", () => {
    const target = useFreshApp();

    test("the file picker shows a summary first, then replace writes it all after a confirmation", async () => {
      const page = target.page();
      await visit(page, "Backups", "backups");
      await page.getByTestId("import-file").setInputFiles(plainPath);
      const summary = page.getByTestId("import-summary");
      await summary.waitFor();
      expect(await summary.locator('tr[data-store="eternal_memory"] td').getAttribute("data-count")).toBe("1");
      expect(await callPhoenix(page, (phoenix) => phoenix.counts(), undefined)).toMatchObject({ eternal_memory: 0, mind_vault: 0 });

      await page.getByRole("button", { name: "Import" }).click();
      await answer(page, "Replace");
      await expect.poll(() => statusOf(page, "import")).toContain("Imported (replace).");
      await page.getByTestId("import-report").waitFor();
      const back = await callPhoenix(
        page,
        async (phoenix) => ({
          memory: await phoenix.cortex.recall("epm:dad:1704067200"),
          france: await phoenix.vaults.recallMind("fact:capital_france"),
          bigBang: await phoenix.cache.getBigBangData(),
        }),
        undefined,
      );
      expect(back.memory?.text).toBe("Dad told me about his day");
      expect(back.france).toBe("Paris");
      expect(back.bigBang).toHaveLength(1);
      await page.locator("[data-testid=snapshot-item]").first().waitFor();
      expect(await text(page.getByTestId("snapshot-list"))).toContain("before an import");
    });

    test("a dropped encrypted archive asks for its passphrase, then merges", async () => {
      const page = target.page();
      await callPhoenix(page, (phoenix) => phoenix.vaults.storeMind("fact:local_only", "kept"), undefined);
      const bytes = (await readFile(encryptedPath)).toString("base64");
      const name = encryptedPath.split("/").pop()!;
      await page.getByTestId("import-file-zone").evaluate(
        (zone, { bytes, name }) => {
          const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([data], name, { type: "application/octet-stream" }));
          zone.dispatchEvent(new DragEvent("dragenter", { dataTransfer: transfer, bubbles: true, cancelable: true }));
          zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        { bytes, name },
      );
      await expect.poll(() => statusOf(page, "import")).toContain("is encrypted: enter its passphrase");
      await page.getByLabel("Archive passphrase").fill("wrong one");
      await page.getByRole("button", { name: "Open" }).click();
      await expect.poll(() => errorOf(page, "import"), { timeout: 30_000 }).toContain("BACKUP_BAD_PASSPHRASE");
      await page.getByLabel("Archive passphrase").fill("archive secret 1");
      await page.getByRole("button", { name: "Open" }).click();
      await page.getByTestId("import-summary").waitFor({ timeout: 30_000 });
      await page.getByLabel(/^Merge/).check();
      await page.getByRole("button", { name: "Import" }).click();
      await answer(page, "Merge");
      await expect.poll(() => statusOf(page, "import"), { timeout: 30_000 }).toContain("Imported (merge).");
      const mind = await callPhoenix(page, (phoenix) => phoenix.vaults.recallPrefix("mind:fact:", 10), undefined);
      expect(mind).toEqual([
        ["fact:capital_france", "Paris"],
        ["fact:local_only", "kept"],
      ]);
    });

    test("snapshots: take, schedule, delete, and restore the one from before the first import", async () => {
      const page = target.page();
      const items = page.locator("[data-testid=snapshot-item]");
      const before = await items.count();
      await page.getByRole("button", { name: "Take a snapshot now" }).click();
      await expect.poll(() => items.count()).toBe(before + 1);

      await page.getByLabel("Hours between snapshots").fill("12");
      await page.getByLabel("Snapshots to keep").fill("5");
      await page.getByRole("button", { name: "Save schedule" }).click();
      await expect.poll(() => statusOf(page, "snapshot-schedule")).toContain("every 12 hours");
      expect(await callPhoenix(page, (phoenix) => phoenix.backups.pulse.settings(), undefined)).toEqual({ intervalHours: 12, keep: 5 });

      const [saved] = await Promise.all([page.waitForEvent("download"), items.first().getByRole("button", { name: /^Download/ }).click()]);
      expect(saved.suggestedFilename()).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz$/);

      await items.first().getByRole("button", { name: /^Delete/ }).click();
      await answer(page, "Delete");
      await expect.poll(() => items.count()).toBe(before);

      // The oldest snapshot is the empty profile, from just before the first import.
      await items.last().getByRole("button", { name: /^Restore/ }).click();
      await answer(page, "Restore");
      await expect.poll(() => statusOf(page, "snapshot"), { timeout: 30_000 }).toContain("Restored the snapshot");
      const counts = await callPhoenix(page, (phoenix) => phoenix.counts(), undefined);
      expect(counts).toMatchObject({ eternal_memory: 0, mind_vault: 0, hyperspace_cache: 0 });
    });
  });
});
