/**
 * Vital Organ Vaults: Mind (`mind_vault`, facts), Body (`body_vault`, clearable operational state), and the
 * router that sends `recallPrefix("mind:…" | "body:…" | "soul:…")` to the right vault.
 *
 * The Soul Vault (`soul_kb`) is encrypted and lives in soul/ (vault.ts, entries.ts); this module only delegates to it. Until one
 * is attached, soul calls fail with SOUL_NOT_AVAILABLE: nothing is ever stored in plaintext as a fallback.
 */
import { PhoenixError, type ErrorCode } from "../errors.js";
import { scanPrefix, type ScanOptions } from "../db/prefix.js";
import type { PhoenixDB, VaultRecord } from "../db/schema.js";
import { request, storageCall, writeTx } from "../db/write.js";
import { assertKey, assertText } from "../shared/input.js";

/** A soul record that could not be opened (tampered with, damaged, or sealed with a key the keyring lacks). */
export interface SoulRecordFailure {
  key: string;
  code: ErrorCode;
  message: string;
}

export interface SoulRecallOptions extends ScanOptions {
  /**
   * Soul prefixes only. When given, a record that fails to open is reported here and left out, and the
   * other records are returned as usual; without it, one such record fails the whole call (INTEGRITY).
   */
  onFailure?: (failure: SoulRecordFailure) => void;
}

/** What the encrypted Soul Vault offers the router. Prefixes and keys here are without "soul:". */
export interface SoulStore {
  storeSoul(key: string, value: string): Promise<void>;
  recallSoul(key: string): Promise<string | undefined>;
  forgetSoul(key: string): Promise<boolean>;
  recallPrefix(prefix: string, limit?: number, options?: SoulRecallOptions): Promise<Array<[string, string]>>;
  count(): Promise<number>;
}

export type PlainVaultName = "mind" | "body";
export type VaultName = PlainVaultName | "soul";
const PLAIN_STORES = { mind: "mind_vault", body: "body_vault" } as const;

export interface VaultsOptions<S extends SoulStore> {
  soul?: S;
  /** Told the key after every Mind Vault write or removal (the Context Engine's index follows). */
  onMindWrite?: (key: string) => void;
}

/** A vault entry as recalled with its update time (backup merges and the UI use it). */
export interface VaultEntry {
  value: string;
  updatedAt: number;
}

export class VitalOrganVaults<S extends SoulStore = SoulStore> {
  private readonly soulStore: S | undefined;
  private readonly onMindWrite: ((key: string) => void) | undefined;

  constructor(
    private readonly db: PhoenixDB,
    options: VaultsOptions<S> = {},
  ) {
    this.soulStore = options.soul;
    this.onMindWrite = options.onMindWrite;
  }

  /** The Soul Vault's own controls (setup, unlock, lock, …). Throws SOUL_NOT_AVAILABLE if none is attached. */
  get soul(): S {
    if (!this.soulStore) throw new PhoenixError("SOUL_NOT_AVAILABLE");
    return this.soulStore;
  }

  storeMind(key: string, value: string): Promise<void> {
    return this.storePlain("mind", key, value);
  }
  recallMind(key: string): Promise<string | undefined> {
    return this.recallPlain("mind", key);
  }
  forgetMind(key: string): Promise<boolean> {
    return this.forgetPlain("mind", key);
  }

  storeBody(key: string, value: string): Promise<void> {
    return this.storePlain("body", key, value);
  }
  recallBody(key: string): Promise<string | undefined> {
    return this.recallPlain("body", key);
  }
  forgetBody(key: string): Promise<boolean> {
    return this.forgetPlain("body", key);
  }

  /** Empties the Body Vault (operational state is disposable by design); returns how many records went. */
  async clearBody(): Promise<number> {
    return writeTx(this.db, ["body_vault"], async ({ body_vault: store }) => {
      const count = await request(store.count());
      store.clear();
      return count;
    });
  }

  // async, so a missing Soul Vault arrives as a rejection like every other failure.
  async storeSoul(key: string, value: string): Promise<void> {
    return this.soul.storeSoul(key, value);
  }
  async recallSoul(key: string): Promise<string | undefined> {
    return this.soul.recallSoul(key);
  }
  async forgetSoul(key: string): Promise<boolean> {
    return this.soul.forgetSoul(key);
  }

  /** Mind or Body entries with their update time, for views and merges. */
  async entry(vault: PlainVaultName, key: string): Promise<VaultEntry | undefined> {
    assertKey(key);
    return storageCall(() => this.db.get(PLAIN_STORES[vault], key));
  }

  /**
   * The seed's routed prefix query: "mind:fact:" scans the Mind Vault for keys starting "fact:", and
   * returns `[key, value]` with the key as stored. "soul:" pairs are decrypted.
   */
  async recallPrefix(routedPrefix: string, limit?: number, options: SoulRecallOptions = {}): Promise<Array<[string, string]>> {
    const { vault, prefix } = routeVaultPrefix(routedPrefix);
    if (vault === "soul") return this.soul.recallPrefix(prefix, limit, options);
    const pairs = await scanPrefix(this.db, PLAIN_STORES[vault], prefix, limit, options);
    return pairs.map(([key, record]) => [key, record.value]);
  }

  /** Record counts per vault; the soul count is null when no Soul Vault is attached. */
  async counts(): Promise<{ mind: number; body: number; soul: number | null }> {
    return storageCall(async () => {
      const [mind, body] = await Promise.all([this.db.count("mind_vault"), this.db.count("body_vault")]);
      const soul = this.soulStore ? await this.soulStore.count() : null;
      return { mind, body, soul };
    });
  }

  /** The seed's one-line summary of the three vaults. */
  async cosmicEssence(): Promise<string> {
    const { mind, body, soul } = await this.counts();
    return `Vital Organ Vaults: Mind ${mind} facts, Body ${body} records, Soul ${soul ?? "not set up"}${soul === null ? "" : " memories"}`;
  }

  private async storePlain(vault: PlainVaultName, key: string, value: string): Promise<void> {
    assertKey(key);
    assertText(value, "value", key);
    const record: VaultRecord = { value, updatedAt: Date.now() };
    const storeName = PLAIN_STORES[vault];
    await writeTx(this.db, [storeName], (stores) => {
      stores[storeName].put(record, key);
    });
    if (vault === "mind") this.onMindWrite?.(key);
  }

  private async recallPlain(vault: PlainVaultName, key: string): Promise<string | undefined> {
    return (await this.entry(vault, key))?.value;
  }

  private async forgetPlain(vault: PlainVaultName, key: string): Promise<boolean> {
    assertKey(key);
    const storeName = PLAIN_STORES[vault];
    const found = await writeTx(this.db, [storeName], async (stores) => {
      const store = stores[storeName];
      const found = (await request(store.count(key))) > 0;
      if (found) store.delete(key);
      return found;
    });
    if (found && vault === "mind") this.onMindWrite?.(key);
    return found;
  }
}

/** Splits "mind:fact:" into the vault and the in-vault prefix; an unknown vault is UNKNOWN_VAULT. */
export function routeVaultPrefix(routedPrefix: string): { vault: VaultName; prefix: string } {
  if (typeof routedPrefix !== "string") throw new PhoenixError("INVALID_ARGUMENT", "The prefix must be a string.");
  const colon = routedPrefix.indexOf(":");
  const vault = colon < 0 ? routedPrefix : routedPrefix.slice(0, colon);
  if (vault !== "mind" && vault !== "body" && vault !== "soul") {
    throw new PhoenixError("UNKNOWN_VAULT", `There is no vault "${vault}": start with mind:, body: or soul:.`, {
      subject: routedPrefix,
      replace: true,
    });
  }
  if (colon < 0) throw new PhoenixError("UNKNOWN_VAULT", `Write "${vault}:" with its colon.`, { subject: routedPrefix, replace: true });
  return { vault, prefix: routedPrefix.slice(colon + 1) };
}
