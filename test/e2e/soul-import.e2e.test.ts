/**
 * A replace import brings in the archive's Soul Vault keyring: when it is not this database's, the page's
 * confirmation says the vault's passphrase becomes the backup's (inspect() reports soulKeyringDiffers).
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { callPhoenix } from "./helpers/browser.js";
import { freshApp, text, visit } from "./helpers/ui.js";

const OLD = "correct horse battery staple";
const NEW = "tide lantern orchard violet";

describe("Backups page: replace import of another Soul Vault keyring", () => {
  const app = freshApp();

  test("the confirmation says the passphrase becomes the backup's only when the keyrings differ", async () => {
    const page = app.page();
    await callPhoenix(
      page,
      async (phoenix, passphrase) => {
        await phoenix.vaults.soul.setup(passphrase);
        await phoenix.vaults.storeSoul("dad:note", "kept");
      },
      OLD,
    );
    await visit(page, "Backups", "backups");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    const path = join(await mkdtemp(join(tmpdir(), "phoenix-soul-import-")), download.suggestedFilename());
    await download.saveAs(path);

    const confirmation = async (): Promise<string> => {
      await page.getByTestId("import-file").setInputFiles(path);
      await page.getByTestId("import-summary").waitFor();
      await page.getByRole("button", { name: "Import" }).click();
      const dialog = page.locator("dialog[open]");
      await dialog.waitFor();
      const message = await text(dialog);
      await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
      await page.locator("dialog[open]").waitFor({ state: "hidden" });
      return message;
    };
    // Same keyring: nothing to warn about.
    expect(await confirmation()).not.toContain("passphrase");
    await callPhoenix(page, (phoenix, [from, to]) => phoenix.vaults.soul.changePassphrase(from!, to!), [OLD, NEW]);
    expect(await confirmation()).toContain("The Soul Vault's passphrase becomes the backup's");
    // Cancelled: nothing changed, the new passphrase still opens the vault.
    const unlocked = await callPhoenix(
      page,
      async (phoenix, passphrase) => {
        phoenix.vaults.soul.lock();
        await phoenix.vaults.soul.unlock(passphrase);
        return phoenix.vaults.recallSoul("dad:note");
      },
      NEW,
    );
    expect(unlocked).toBe("kept");
  });
});
