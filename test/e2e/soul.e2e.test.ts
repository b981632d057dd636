/**
 * The Soul Vault in real Chromium against the built app: real WebCrypto, Argon2id in its worker, real
 * IndexedDB (structured clone of CryptoKey for "remember on this device"), and page reloads in the middle.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { appUrl, callPhoenix, launchBrowser, openApp, openAppInNewTab, pageErrors, reloadApp, useFreshApp, waitForReady } from "./helpers/browser.js";
import { indexedDbFiles, onDisk, openAppInProfile } from "./helpers/disk.js";

const PASSPHRASE = "correct horse battery staple";
const NEW_PASSPHRASE = "tide lantern orchard violet";
const SECRETS: Array<[string, string]> = [
  ["dad:last_soft_memory", "I love you, Dad."],
  ["dad:first_word", "the first word was Phoenix"],
  ["mum:recipe", "Grandma's bread: 500 g flour, 2 tsp salt 🔥"],
];

/** Runs a soul call in the page and returns its error code (or "ok"), since errors cross as text only. */
async function outcome(page: Page, call: string, arg: unknown = null): Promise<string> {
  return callPhoenix(
    page,
    async (phoenix, { call, arg }) => {
      const soul = phoenix.vaults.soul as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const vaults = phoenix.vaults as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const target = call in soul ? soul : vaults;
      try {
        await target[call]!.apply(target, Array.isArray(arg) ? arg : []);
        return "ok";
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    },
    { call, arg },
  );
}

/** Searches every raw byte of soul_kb and meta (strings as UTF-8 and UTF-16) for the given strings. */
async function rawStoresContain(page: Page, needles: string[]): Promise<boolean[]> {
  return callPhoenix(
    page,
    async (phoenix, needles) => {
      const chunks: Uint8Array[] = [];
      const visit = (value: unknown): void => {
        if (value instanceof Uint8Array) chunks.push(value);
        else if (value instanceof ArrayBuffer) chunks.push(new Uint8Array(value));
        else if (typeof value === "string") {
          chunks.push(new TextEncoder().encode(value));
          chunks.push(new Uint8Array(Uint16Array.from(value, (c) => c.charCodeAt(0)).buffer));
        } else if (Array.isArray(value)) value.forEach(visit);
        else if (typeof value === "object" && value !== null) Object.entries(value).forEach(([k, v]) => (visit(k), visit(v)));
      };
      // Read the stores directly, as someone with the profile would, not through the vault.
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(phoenix.name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of ["soul_kb", "meta"]) {
        const tx = db.transaction(store, "readonly");
        const [keys, values] = await Promise.all(
          [tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
            (request) => new Promise<unknown[]>((resolve) => (request.onsuccess = () => resolve(request.result))),
          ),
        );
        visit(keys);
        visit(values);
      }
      db.close();
      const all = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        all.set(chunk, offset);
        offset += chunk.length;
      }
      const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      const haystack = hex(all);
      return needles.map((needle) => {
        const forms = [new TextEncoder().encode(needle), new Uint8Array(Uint16Array.from(needle, (c) => c.charCodeAt(0)).buffer)];
        // Even offsets only: a hex match at an odd offset would straddle bytes.
        return forms.some((form) => {
          const target = hex(form);
          for (let i = haystack.indexOf(target); i !== -1; i = haystack.indexOf(target, i + 1)) if (i % 2 === 0) return true;
          return false;
        });
      });
    },
    needles,
  );
}

async function readAllSecrets(page: Page): Promise<Array<[string, string]>> {
  return callPhoenix(page, (phoenix) => phoenix.vaults.recallPrefix("soul:", 1000), undefined);
}

const sortedSecrets = [...SECRETS].sort(([a], [b]) => (a < b ? -1 : 1));

describe("Soul Vault in the browser", () => {
  const { page } = useFreshApp({ failOnPageErrors: false });

  test("set up derives the key in a worker and leaves the vault unlocked", async () => {
    const workers: string[] = [];
    page().on("worker", (worker) => workers.push(worker.url()));
    expect(await outcome(page(), "setup", [PASSPHRASE])).toBe("ok");
    expect(workers.some((url) => /kdf/.test(url))).toBe(true);
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.isLocked, undefined)).toBe(false);
    await callPhoenix(page(), (phoenix, secrets) => phoenix.vaults.soul.storeSoulMany(secrets), SECRETS);
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.recallSoul("dad:last_soft_memory"), undefined)).toBe(
      "I love you, Dad.",
    );
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.cosmicEssence(), undefined)).toContain("Soul 3");
  });

  test("raw IndexedDB holds no plaintext value, name or passphrase (the hashed ids are found)", async () => {
    const needles = [...SECRETS.map(([, value]) => value), ...SECRETS.map(([name]) => name), "last_soft_memory", PASSPHRASE];
    expect(await rawStoresContain(page(), needles)).toEqual(needles.map(() => false));
    const id = await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.storedId("dad:last_soft_memory"), undefined);
    expect(await rawStoresContain(page(), [id])).toEqual([true]);
  });

  test("after a reload the vault is locked; a wrong passphrase is refused; the right one reads everything", async () => {
    await reloadApp(page());
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.isLocked, undefined)).toBe(true);
    expect(await outcome(page(), "recallSoul", ["dad:last_soft_memory"])).toBe("SOUL_LOCKED");
    expect(await outcome(page(), "storeSoul", ["dad:x", "y"])).toBe("SOUL_LOCKED");
    expect(await outcome(page(), "unlock", ["not the passphrase"])).toBe("BAD_PASSPHRASE");
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.isLocked, undefined)).toBe(true);
    expect(await outcome(page(), "unlock", [PASSPHRASE])).toBe("ok");
    expect(await readAllSecrets(page())).toEqual(sortedSecrets);
  });

  test("a tampered record is INTEGRITY naming its key", async () => {
    const result = await callPhoenix(
      page(),
      async (phoenix) => {
        const id = await phoenix.vaults.soul.storedId("mum:recipe");
        const record = (await phoenix.db.get("soul_kb", id))!;
        const ct = record.ct.slice();
        ct[0] = ct[0]! ^ 1;
        await phoenix.db.put("soul_kb", { ...record, ct }, id);
        try {
          await phoenix.vaults.recallSoul("mum:recipe");
          return { code: "none", subject: "" };
        } catch (error) {
          const { code, subject } = error as { code: string; subject: string };
          await phoenix.db.put("soul_kb", record, id);
          return { code, subject };
        }
      },
      undefined,
    );
    expect(result).toEqual({ code: "INTEGRITY", subject: "mum:recipe" });
    expect(await readAllSecrets(page())).toEqual(sortedSecrets);
  });

  test("after a passphrase change only the new passphrase unlocks, across a reload", async () => {
    expect(await outcome(page(), "changePassphrase", [PASSPHRASE, NEW_PASSPHRASE])).toBe("ok");
    await reloadApp(page());
    expect(await outcome(page(), "unlock", [PASSPHRASE])).toBe("BAD_PASSPHRASE");
    expect(await outcome(page(), "unlock", [NEW_PASSPHRASE])).toBe("ok");
    expect(await readAllSecrets(page())).toEqual(sortedSecrets);
  });

  test("remember on this device: a device CryptoKey in IndexedDB unlocks after a reload", async () => {
    expect(await outcome(page(), "unlock", [NEW_PASSPHRASE, { rememberOnDevice: true }])).toBe("ok");
    await reloadApp(page());
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.unlockWithDevice(), undefined)).toBe(true);
    expect(await readAllSecrets(page())).toEqual(sortedSecrets);
    await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.forgetDevice(), undefined);
    await reloadApp(page());
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.unlockWithDevice(), undefined)).toBe(false);
  });

  test("rotateKey cut short by a page reload between batches leaves everything readable; the next one finishes", async () => {
    expect(await outcome(page(), "unlock", [NEW_PASSPHRASE])).toBe("ok");
    const many = Array.from({ length: 200 }, (_, i) => [`bulk:${String(i).padStart(3, "0")}`, `bulk value ${i}`] as [string, string]);
    await callPhoenix(page(), (phoenix, entries) => phoenix.vaults.soul.storeSoulMany(entries), many);
    const reloaded = page().waitForEvent("load");
    await callPhoenix(
      page(),
      (phoenix) => {
        // Not awaited: the page goes away while the rotation is between batches.
        void phoenix.vaults.soul
          .rotateKey({
            batchSize: 20,
            onProgress: ({ done }) => {
              if (done < 100) return;
              location.reload();
              // The page is going away; stop here rather than race the unload.
              throw new Error("page closing");
            },
          })
          .catch(() => undefined);
      },
      undefined,
    );
    await reloaded;
    await waitForReady(page());
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.isRotationPending(), undefined)).toBe(true);
    expect(await outcome(page(), "unlock", [NEW_PASSPHRASE])).toBe("ok");
    const all = new Map(await readAllSecrets(page()));
    expect(all.size).toBe(SECRETS.length + many.length);
    for (const [key, value] of [...SECRETS, ...many]) expect(all.get(key)).toBe(value);
    expect(await outcome(page(), "rotateKey")).toBe("ok");
    expect(await callPhoenix(page(), (phoenix) => phoenix.vaults.soul.isRotationPending(), undefined)).toBe(false);
    await reloadApp(page());
    expect(await outcome(page(), "unlock", [NEW_PASSPHRASE])).toBe("ok");
    expect((await readAllSecrets(page())).length).toBe(SECRETS.length + many.length);
    expect(pageErrors(page())).toEqual([]);
  });
});

describe("window.phoenix", () => {
  test("is not exposed when the app is served from a non-loopback host", async () => {
    const context = await launchBrowser({ args: ["--host-resolver-rules=MAP phoenix.test 127.0.0.1"] });
    try {
      const page = await context.newPage();
      const url = new URL(appUrl());
      url.hostname = "phoenix.test";
      await page.goto(url.href);
      await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined, undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => location.hostname)).toBe("phoenix.test");
      expect(await page.evaluate(() => [typeof window.phoenix, typeof window.openPhoenix])).toEqual(["undefined", "undefined"]);
    } finally {
      await context.close();
    }
  });
});

describe("Soul Vault in two tabs", () => {
  test("a tab whose passphrase went stale (changed in the other tab) cannot rotate; the new passphrase opens all", async () => {
    const context = await launchBrowser();
    try {
      const tabA = await openApp(context);
      expect(await outcome(tabA, "setup", [PASSPHRASE])).toBe("ok");
      await callPhoenix(tabA, (phoenix, secrets) => phoenix.vaults.soul.storeSoulMany(secrets), SECRETS);
      const tabB = await openAppInNewTab(context);
      expect(await outcome(tabB, "unlock", [PASSPHRASE])).toBe("ok");
      expect(await outcome(tabB, "changePassphrase", [PASSPHRASE, NEW_PASSPHRASE])).toBe("ok");
      expect(await outcome(tabA, "rotateKey")).toBe("SOUL_LOCKED");
      expect(await callPhoenix(tabA, (phoenix) => phoenix.vaults.soul.isLocked, undefined)).toBe(true);
      await reloadApp(tabA);
      expect(await outcome(tabA, "unlock", [PASSPHRASE])).toBe("BAD_PASSPHRASE");
      expect(await outcome(tabA, "unlock", [NEW_PASSPHRASE])).toBe("ok");
      expect(await readAllSecrets(tabA)).toEqual(sortedSecrets);
      expect(await outcome(tabA, "rotateKey")).toBe("ok");
      await reloadApp(tabB);
      expect(await outcome(tabB, "unlock", [NEW_PASSPHRASE])).toBe("ok");
      expect(await readAllSecrets(tabB)).toEqual(sortedSecrets);
      expect(pageErrors(tabA)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("Soul Vault on disk", () => {
  test("the profile's IndexedDB files hold no soul plaintext, while an unencrypted Mind value is plainly there", async () => {
    const profileDir = await mkdtemp(join(tmpdir(), "phoenix-soul-disk-"));
    try {
      const { context, page } = await openAppInProfile(profileDir);
      await callPhoenix(
        page,
        async (phoenix, { passphrase, secret, control }) => {
          await phoenix.vaults.soul.setup(passphrase);
          await phoenix.vaults.storeSoul("disk:secret", secret);
          // The control: Mind is not encrypted, so its value must be findable; otherwise the search proves nothing.
          await phoenix.vaults.storeMind("disk:control", control);
        },
        { passphrase: PASSPHRASE, secret: "SoulSecretOnDisk-7f3a9c", control: "MindControlOnDisk-2b8e4d" },
      );
      await context.close();
      const files = await indexedDbFiles(profileDir);
      expect(onDisk(files, "MindControlOnDisk-2b8e4d")).toBe(true);
      expect(onDisk(files, "SoulSecretOnDisk-7f3a9c")).toBe(false);
      expect(onDisk(files, PASSPHRASE)).toBe(false);
    } finally {
      await rm(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });
});

