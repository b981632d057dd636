/**
 * Soul record names are hidden, checked where a thief would look: the profile's IndexedDB folder on disk
 * (LevelDB files, read after the browser closed) and a downloaded backup unpacked with the system tar.
 * The name is in neither, and after a restart and an unlock `recallPrefix` still finds it.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { callPhoenix, downloadBackup } from "./helpers/browser.js";
import { filesUnder, indexedDbFiles, onDisk, openAppInProfile } from "./helpers/disk.js";

const PASSPHRASE = "correct horse battery staple";
const NAME = "dad:last_soft_memory";
const VALUE = "I love you, Dad.";

describe("Soul record names on disk and in backups", () => {
  test("neither the profile's IndexedDB files nor an unpacked backup hold the name; recallPrefix finds it after a restart", async () => {
    const profileDir = await mkdtemp(join(tmpdir(), "phoenix-soul-names-"));
    const work = await mkdtemp(join(tmpdir(), "phoenix-soul-names-backup-"));
    try {
      let { context, page } = await openAppInProfile(profileDir);
      await callPhoenix(
        page,
        async (phoenix, { passphrase, name, value }) => {
          await phoenix.vaults.soul.setup(passphrase);
          await phoenix.vaults.storeSoul(name, value);
          // The control: a Mind key is stored in plaintext, so it must be findable, or the search proves nothing.
          await phoenix.vaults.storeMind("control:plain_mind_key_4c1e", "x");
        },
        { passphrase: PASSPHRASE, name: NAME, value: VALUE },
      );
      expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallPrefix("soul:dad:", 10), undefined)).toEqual([[NAME, VALUE]]);

      const archive = await downloadBackup(page, work);
      await context.close();

      const profile = await indexedDbFiles(profileDir);
      expect(onDisk(profile, "control:plain_mind_key_4c1e")).toBe(true);
      expect(onDisk(profile, "last_soft_memory")).toBe(false);
      expect(onDisk(profile, VALUE)).toBe(false);

      const unpacked = join(work, "unpacked");
      execFileSync("mkdir", ["-p", unpacked]);
      execFileSync("tar", ["-xzf", archive, "-C", unpacked]);
      const backup = await filesUnder(unpacked);
      expect(onDisk(backup, "control:plain_mind_key_4c1e")).toBe(true);
      expect(onDisk(backup, "last_soft_memory")).toBe(false);
      expect(onDisk(backup, VALUE)).toBe(false);

      ({ context, page } = await openAppInProfile(profileDir));
      const found = await callPhoenix(
        page,
        async (phoenix, passphrase) => {
          await phoenix.vaults.soul.unlock(passphrase);
          return phoenix.vaults.recallPrefix("soul:dad:", 10);
        },
        PASSPHRASE,
      );
      expect(found).toEqual([[NAME, VALUE]]);
      await context.close();
    } finally {
      await rm(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      await rm(work, { recursive: true, force: true });
    }
  });
});
