/**
 * The Soul Vault's records as the vault's callers see them: store, recall, forget, prefix scans, count.
 *
 * Kept apart from vault.ts, which owns the keys (setup, unlock, lock, passphrase, rotation): this side only
 * borrows the unlocked keys through `SoulSession`. Crypto always runs before a write transaction opens (an
 * `await` on WebCrypto inside one would let it auto-commit half done), and every write re-reads the keyring
 * inside its transaction, so a tab whose keys went stale (another tab rotated the key) never seals with a
 * key the keyring no longer lists.
 */
import { PhoenixError, toStorageError } from "../../errors.js";
import { scanPrefix, type ScanOptions } from "../../db/prefix.js";
import type { PhoenixDB, SoulRecord } from "../../db/schema.js";
import { request, writeTx } from "../../db/write.js";
import { KEYRING_META_KEY, parseKeyring } from "../../crypto/keyring.js";
import { assertKey, assertText } from "../validate.js";
import type { SoulRecallOptions, SoulRecordFailure } from "../vaults.js";
import { isSoulRecordShape, sealSoulRecord } from "./record.js";
import { openEachWith, settle, type SettledRecord } from "./open.js";
import { StaleKeyringError, type UnlockedKeys } from "./state.js";

/** What the records side needs from the vault that holds the keys. */
export interface SoulSession {
  readonly db: PhoenixDB;
  /** The keys in memory; SOUL_LOCKED or SOUL_NOT_SET_UP when there are none. */
  requireUnlocked(): Promise<UnlockedKeys>;
  /** Picks up keys another tab added; locks (SOUL_LOCKED) if they cannot be opened. */
  refreshKeys(unlocked: UnlockedKeys): Promise<UnlockedKeys>;
}

export class SoulEntries {
  constructor(private readonly session: SoulSession) {}

  private get db(): PhoenixDB {
    return this.session.db;
  }

  /** Seals every value in parallel, then writes them all in one transaction (all or nothing). */
  async storeMany(entries: Iterable<readonly [string, string]>): Promise<void> {
    const list = Array.from(entries, ([key, value]) => {
      assertKey(key);
      assertText(value, "value", key);
      return [key, value] as const;
    });
    let unlocked = await this.session.requireUnlocked();
    for (let attempt = 0; ; attempt += 1) {
      const { currentKeyId } = unlocked;
      const dataKey = unlocked.keys.get(currentKeyId)!;
      const now = Date.now();
      const records = await Promise.all(
        list.map(([key, value]) => sealSoulRecord(dataKey, currentKeyId, key, value, now)),
      );
      try {
        await writeTx(this.db, ["soul_kb", "meta"], async ({ soul_kb, meta }) => {
          const ring = parseKeyring(await request(meta!.get(KEYRING_META_KEY)));
          if (!ring) throw new PhoenixError("SOUL_NOT_SET_UP");
          if (ring.currentKeyId !== currentKeyId) throw new StaleKeyringError();
          list.forEach(([key], i) => soul_kb!.put(records[i], key));
        });
        return;
      } catch (error) {
        if (!(error instanceof StaleKeyringError) || attempt > 0) throw error;
        unlocked = await this.session.refreshKeys(unlocked);
      }
    }
  }

  async recall(key: string): Promise<string | undefined> {
    assertKey(key);
    await this.session.requireUnlocked();
    let record: SoulRecord | undefined;
    try {
      record = await this.db.get("soul_kb", key);
    } catch (error) {
      throw toStorageError(error);
    }
    if (record === undefined) return undefined;
    const [value] = await Promise.all(await this.openEach([[key, record]]));
    return value;
  }

  /** Deletes one record; resolves whether it existed. */
  async forget(key: string): Promise<boolean> {
    assertKey(key);
    await this.session.requireUnlocked();
    return writeTx(this.db, ["soul_kb"], async ({ soul_kb }) => {
      const existed = (await request(soul_kb!.count(key))) > 0;
      if (existed) soul_kb!.delete(key);
      return existed;
    });
  }

  /**
   * Decrypted `[key, value]` pairs whose key starts with `prefix` (without "soul:"): one read of all the
   * ciphertexts, then every decryption in parallel. A record that fails to open fails the call
   * (INTEGRITY naming it), unless `options.onFailure` is given: then it is reported there and left out.
   */
  async recallPrefix(prefix: string, limit?: number, options: SoulRecallOptions = {}): Promise<Array<[string, string]>> {
    const { onFailure, ...scan } = options;
    const settled = await this.recallSettled(prefix, limit, scan);
    const entries: Array<[string, string]> = [];
    for (const item of settled) {
      if ("value" in item) entries.push([item.key, item.value]);
      else if (onFailure) onFailure(item.failure);
      else throw item.error;
    }
    return entries;
  }

  async recallPrefixSettled(
    prefix: string,
    limit?: number,
    options: ScanOptions = {},
  ): Promise<{ entries: Array<[string, string]>; failures: SoulRecordFailure[] }> {
    const failures: SoulRecordFailure[] = [];
    const entries = await this.recallPrefix(prefix, limit, { ...options, onFailure: (failure) => failures.push(failure) });
    return { entries, failures };
  }

  /** Number of sealed records; works while locked, since the count is visible on disk anyway. */
  async count(): Promise<number> {
    try {
      return await this.db.count("soul_kb");
    } catch (error) {
      throw toStorageError(error);
    }
  }

  private async recallSettled(prefix: string, limit: number | undefined, options: ScanOptions): Promise<SettledRecord[]> {
    await this.session.requireUnlocked();
    const pairs = await scanPrefix(this.db, "soul_kb", prefix, limit, options);
    return settle(pairs, await Promise.allSettled(await this.openEach(pairs)));
  }

  /** One decryption per record, each its own promise (INTEGRITY naming the key when it fails). */
  private async openEach(pairs: ReadonlyArray<readonly [string, SoulRecord]>): Promise<Array<Promise<string>>> {
    let unlocked = await this.session.requireUnlocked();
    if (pairs.some(([, record]) => isSoulRecordShape(record) && !unlocked.keys.has(record.keyId))) {
      unlocked = await this.session.refreshKeys(unlocked);
    }
    return openEachWith(unlocked.keys, pairs);
  }
}
