/**
 * The Soul Vault's records as the vault's callers see them: store, recall, forget, prefix scans, count.
 *
 * Kept apart from vault.ts, which owns the keys (setup, unlock, lock, passphrase, rotation): this side only
 * borrows the unlocked keys through `SoulSession`. Records are stored under a keyed hash of their name
 * (crypto/names.ts); the name index (name-index.ts) maps names to ids while unlocked, built at unlock and
 * re-checked against the stored ids before each query, so records another tab wrote or deleted show up.
 * Operations run one at a time (a queue), so a query's re-check never races this tab's own writes.
 *
 * Crypto always runs before a write transaction opens (an `await` on WebCrypto inside one would let it
 * auto-commit half done), and every write re-reads the keyring inside its transaction, so a tab whose keys
 * went stale (another tab rotated the key, or replaced the keyring) never seals with a key, or hashes with a
 * name key, the keyring no longer lists.
 */
import { readMetaIn } from "../../db/meta.js";
import { PhoenixError } from "../../errors.js";
import { scanPrefix, type ScanOptions } from "../../db/prefix.js";
import type { PhoenixDB, SoulRecord } from "../../db/schema.js";
import { readTx, request, storageCall, writeTx } from "../../db/write.js";
import { assertKey, assertText } from "../validate.js";
import type { SoulRecallOptions, SoulRecordFailure } from "../vaults.js";
import { isSoulRecordShape, openSoulRecord, sealSoulRecord, type OpenedSoulRecord } from "./record.js";
import { authenticRecords, openEachWith, settle, type AuthenticRecord, type SettledRecord } from "./open.js";
import { StaleKeyringError, type UnlockedKeys } from "./state.js";
import { SoulNameIndex } from "./name-index.js";
import { ensureNameKey } from "./name-key.js";
import { indexRecords, readIds } from "./migrate.js";

/** What the records side needs from the vault that holds the keys. */
export interface SoulSession {
  readonly db: PhoenixDB;
  /** The keys in memory; SOUL_LOCKED or SOUL_NOT_SET_UP when there are none. */
  requireUnlocked(): Promise<UnlockedKeys>;
  /** Picks up keys another tab added; locks (SOUL_LOCKED) if they cannot be opened. */
  refreshKeys(unlocked: UnlockedKeys): Promise<UnlockedKeys>;
  /** Drops the keys (the keyring was replaced elsewhere: nothing held here matches it any more). */
  lock(): void;
}

export class SoulEntries {
  private index: SoulNameIndex | undefined;
  /** Increases on every close(), so an index built across a lock() is thrown away. */
  private generation = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly session: SoulSession) {}

  private get db(): PhoenixDB {
    return this.session.db;
  }

  /** At unlock: the name key, then every record read into the index (older formats moved to hashed ids). */
  open(): Promise<void> {
    return this.exclusive(async () => {
      await this.ready();
    });
  }

  /** At lock: the names leave memory with the keys. */
  close(): void {
    this.generation += 1;
    this.index = undefined;
  }

  /** The id a record of this name is stored under now (a hash, or its old plaintext name until moved). */
  async storedId(name: string): Promise<string> {
    assertKey(name);
    return await this.exclusive(async () => (await this.ready()).idOf(name));
  }

  /** Seals every value in parallel, then writes them all in one transaction (all or nothing). */
  async storeMany(entries: Iterable<readonly [string, string]>): Promise<void> {
    const list = Array.from(entries, ([key, value]) => {
      assertKey(key);
      assertText(value, "value", key);
      return [key, value] as const;
    });
    return await this.exclusive(async () => {
      const index = await this.ready();
      const ids = await Promise.all(list.map(async ([name]) => ({ to: await index.hashOf(name), from: await index.idOf(name) })));
      let unlocked = await this.session.requireUnlocked();
      for (let attempt = 0; ; attempt += 1) {
        const { currentKeyId } = unlocked;
        const dataKey = unlocked.keys.get(currentKeyId)!;
        const now = Date.now();
        const records = await Promise.all(
          list.map(([name, value], i) => sealSoulRecord(dataKey, currentKeyId, ids[i]!.to, { name, value }, now)),
        );
        try {
          await writeTx(this.db, ["soul_kb", "meta"], async ({ soul_kb, meta }) => {
            const ring = await readMetaIn(meta, "soulKeyring");
            if (!ring) throw new PhoenixError("SOUL_NOT_SET_UP");
            this.assertSameNameKey(ring.names?.id, index);
            if (ring.currentKeyId !== currentKeyId) throw new StaleKeyringError();
            records.forEach((record, i) => {
              soul_kb.put(record, ids[i]!.to);
              // An older plaintext-named record of the same name goes: the new one replaces it.
              if (ids[i]!.from !== ids[i]!.to) soul_kb.delete(ids[i]!.from);
            });
          });
          list.forEach(([name], i) => index.set(ids[i]!.to, name));
          return;
        } catch (error) {
          if (!(error instanceof StaleKeyringError) || attempt > 0) throw error;
          unlocked = await this.session.refreshKeys(unlocked);
        }
      }
    });
  }

  async recall(name: string): Promise<string | undefined> {
    assertKey(name);
    return await this.exclusive(async () => {
      const index = await this.ready();
      for (const id of await candidateIds(index, name)) {
        const [pair] = await readIds(this.db, [id]);
        if (!pair) continue;
        const keys = await this.keysFor([pair]);
        const [value] = await Promise.all(openEachWith(keys, [{ name, id, record: pair[1] }]));
        return value;
      }
      return undefined;
    });
  }

  /** Deletes one record; resolves whether it existed. */
  async forget(name: string): Promise<boolean> {
    assertKey(name);
    return await this.exclusive(async () => {
      const index = await this.ready();
      const ids = await candidateIds(index, name);
      const existed = await writeTx(this.db, ["soul_kb"], async ({ soul_kb }) => {
        const counts = await Promise.all(ids.map((id) => request(soul_kb.count(id))));
        ids.forEach((id) => soul_kb.delete(id));
        return counts.some((count) => count > 0);
      });
      ids.forEach((id) => index.remove(id));
      return existed;
    });
  }

  /**
   * Decrypted `[name, value]` pairs whose name starts with `prefix` (without "soul:"), in name order: the
   * names come from the index, then one read of their ciphertexts and every decryption in parallel. A
   * record that fails to open fails the call (INTEGRITY naming it), unless `options.onFailure` is given:
   * then it is reported there and left out. A damaged record whose name is unknown (it was damaged before
   * this unlock) is reported, under its stored id, by scans of the whole vault (prefix "").
   */
  async recallPrefix(prefix: string, limit?: number, options: SoulRecallOptions = {}): Promise<Array<[string, string]>> {
    const { onFailure, ...scan } = options;
    const settled = await this.exclusive(() => this.recallSettled(prefix, limit, scan));
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

  /** Archive records this vault authenticates, by archive key, with their id here (merge imports). */
  authentic(records: ReadonlyArray<readonly [string, unknown]>): Promise<Map<string, AuthenticRecord>> {
    return this.exclusive(async () => {
      const unlocked = await this.session.requireUnlocked();
      return authenticRecords(unlocked.keys, await this.ready(), records);
    });
  }

  /**
   * Opens records the caller read under their stored ids (the Context Engine's cache reads them all at
   * once): each one's name and value, or undefined for one that does not open.
   */
  async openStored(records: ReadonlyArray<readonly [string, SoulRecord]>): Promise<Array<OpenedSoulRecord | undefined>> {
    const keys = await this.keysFor(records);
    return await Promise.all(
      records.map(async ([id, record]) => {
        const key = isSoulRecordShape(record) ? keys.get(record.keyId) : undefined;
        return key ? await openSoulRecord(key, id, record).catch(() => undefined) : undefined;
      }),
    );
  }

  /** Name of a stored id, if the index knows it (rotation reports skipped records by name). */
  nameOf(id: string): string | undefined {
    return this.index?.nameOf(id);
  }

  /** Number of sealed records; works while locked, since the count is visible on disk anyway. */
  async count(): Promise<number> {
    return storageCall(() => this.db.count("soul_kb"));
  }

  private async recallSettled(prefix: string, limit: number | undefined, options: ScanOptions): Promise<SettledRecord[]> {
    const index = await this.synced();
    const matches = index.scan(prefix, limit, options);
    const ids = matches.map(([, id]) => id);
    // Most of the vault: one read of everything beats a request per record.
    const whole = ids.length > 64 && ids.length * 2 >= index.size;
    const found = new Map(whole ? await scanPrefix(this.db, "soul_kb", "", undefined) : await readIds(this.db, ids));
    // A record deleted by another tab since the re-check is left out, as a scan would not have seen it.
    const wanted = matches.filter(([, id]) => found.has(id));
    const keys = await this.keysFor([...found]);
    const records = wanted.map(([name, id]) => ({ name, id, record: found.get(id)! }));
    const settled = settle(
      records.map(({ name }) => name),
      await Promise.allSettled(openEachWith(keys, records)),
    );
    const all = prefix === "" && options.after === undefined && (limit === undefined || settled.length < limit);
    if (all && index.unnamed.size > 0) {
      const unnamed = [...index.unnamed].slice(0, limit === undefined ? undefined : limit - settled.length);
      settled.push(...settle(unnamed, unnamed.map((id) => ({ status: "rejected", reason: damaged(id) }) as const)));
    }
    return settled;
  }

  /** The index, built on first use after an unlock. */
  private async ready(): Promise<SoulNameIndex> {
    if (this.index) return this.index;
    const generation = this.generation;
    const unlocked = await this.session.requireUnlocked();
    const nameKey = await ensureNameKey(this.db, unlocked, (keys) => this.session.refreshKeys(keys));
    const index = new SoulNameIndex(nameKey.key, nameKey.id);
    await indexRecords(this.db, this.keysFor, index);
    if (generation !== this.generation) throw new PhoenixError("SOUL_LOCKED", "lock() was called while the vault was opening.");
    this.index = index;
    return index;
  }

  /** The index, after a re-check of the stored ids: records other tabs added are read in, deleted ones dropped. */
  private async synced(): Promise<SoulNameIndex> {
    const index = await this.ready();
    const ids = await readTx(this.db, ["soul_kb", "meta"], async ({ soul_kb, meta }) => {
      const [stored, ring] = await Promise.all([request(soul_kb.getAllKeys() as IDBRequest<string[]>), readMetaIn(meta, "soulKeyring")]);
      this.assertSameNameKey(ring?.names?.id, index);
      return stored;
    });
    const present = new Set(ids);
    for (const id of index.ids()) if (!present.has(id)) index.remove(id);
    const fresh = ids.filter((id) => !index.knows(id));
    if (fresh.length > 0) await indexRecords(this.db, this.keysFor, index, fresh);
    return index;
  }

  /** Another tab replaced the keyring (a replace import): ids here hash names under a key it no longer has. */
  private assertSameNameKey(stored: string | undefined, index: SoulNameIndex): void {
    if (stored === index.nameKeyId) return;
    this.close();
    this.session.lock();
    throw new PhoenixError("SOUL_LOCKED", "The soul keyring was replaced in another tab: unlock again.");
  }

  /** The data keys, refreshed when a record names one this tab has not seen (another tab rotated). */
  private readonly keysFor = async (records: ReadonlyArray<readonly [string, SoulRecord]>): Promise<ReadonlyMap<string, CryptoKey>> => {
    let unlocked = await this.session.requireUnlocked();
    if (records.some(([, record]) => isSoulRecordShape(record) && !unlocked.keys.has(record.keyId))) {
      unlocked = await this.session.refreshKeys(unlocked);
    }
    return unlocked.keys;
  };

  /** One operation at a time: a re-check of the ids must not interleave with this tab's own writes. */
  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(job);
    this.queue = run;
    return run;
  }
}

/** The ids a name may be stored under: the one the index knows (maybe an old plaintext id) and its hash. */
async function candidateIds(index: SoulNameIndex, name: string): Promise<string[]> {
  const [known, hashed] = await Promise.all([index.idOf(name), index.hashOf(name)]);
  return known === hashed ? [hashed] : [known, hashed];
}

function damaged(id: string): PhoenixError {
  return new PhoenixError("INTEGRITY", `A soul record does not open, and its name is sealed inside it ("${id}").`, { subject: id });
}
