/**
 * Soul Vault (`soul_kb`): the companion's most private memories, sealed with AES-256-GCM.
 *
 * Stored: `soul_kb[id]` ciphertext under a keyed hash of the name (record.ts, crypto/names.ts);
 * `meta["soul:keyring"]` and, with "remember on this device", `meta["soul:device"]` (crypto/keyring.ts).
 * In memory while unlocked: the data keys and the passphrase key, as non-extractable CryptoKeys.
 *
 * This file owns the keys (setup, unlock, lock, passphrase change, rotation); the records themselves are
 * read and written by entries.ts with the keys lent through `SoulSession`.
 */
import { PhoenixError, isPhoenixError } from "../../errors.js";
import type { ScanOptions } from "../../db/prefix.js";
import type { PhoenixDB, SoulRecord } from "../../db/schema.js";
import { writeTx } from "../../db/write.js";
import { DEFAULT_KDF_SETTINGS, assertKdfSettings, newSalt, type Argon2idParams, type Argon2idSettings, type DeriveKeyBytes } from "../../crypto/kdf.js";
import { defaultDeriveKeyBytes } from "../../crypto/kdf-runner.js";
import { derivePassphraseKey } from "../../crypto/keys.js";
import { DEVICE_META_KEY, type SoulKeyring } from "../../crypto/keyring.js";
import { unwrapWithDevice } from "../../crypto/device.js";
import { SOUL_STORE, soulContext, type OpenedSoulRecord } from "./record.js";
import type { AuthenticRecord } from "./open.js";
import { SoulEntries, type SoulSession } from "./entries.js";
import type { SoulRecallOptions, SoulRecordFailure, SoulStore } from "../vaults.js";
import { assertNewPassphrase, assertPassphraseType, normalizePassphrase, MIN_PASSPHRASE_LENGTH } from "./passphrase.js";
import { changeKeyringPassphrase, createKeyring, readDeviceRecord, readKeyring, rememberOnDevice, unwrapKeyring, upgradeKeyring } from "./keyring.js";
import { rotateSoulKey, type RotateOptions, type RotateResult } from "./rotation.js";
import { AutoLock, DEFAULT_AUTO_LOCK_MS, documentVisibility, type AutoLockClock, type PageVisibility } from "./autolock.js";
import { refreshedKeys, type UnlockedKeys } from "./state.js";
import type { ChangePassphraseOptions, RememberOptions, SoulVaultOptions } from "./options.js";

export { MIN_PASSPHRASE_LENGTH, SOUL_STORE, soulContext, type RotateOptions, type RotateResult };
export { DEFAULT_AUTO_LOCK_MS, type AutoLockClock, type PageVisibility };
export type { ChangePassphraseOptions, RememberOptions, SoulVaultOptions };

export class SoulVault implements SoulStore {
  private unlocked: UnlockedKeys | undefined;
  /** Increases on every lock(), so an unlock that finishes after a lock() does not undo it. */
  private lockEpoch = 0;
  private readonly lockListeners = new Set<() => void>();
  private readonly kdfSettings: Argon2idSettings;
  private readonly derive: DeriveKeyBytes;
  private readonly minPassphraseLength: number;
  private readonly beforeRotate: (() => Promise<unknown>) | undefined;
  private rotation: Promise<unknown> = Promise.resolve();
  private readonly autoLock: AutoLock;
  private readonly entries: SoulEntries;

  constructor(
    private readonly db: PhoenixDB,
    options: SoulVaultOptions = {},
  ) {
    const kdf = options.kdf ?? DEFAULT_KDF_SETTINGS;
    assertKdfSettings(kdf);
    this.kdfSettings = { ...kdf };
    this.derive = options.deriveKeyBytes ?? defaultDeriveKeyBytes;
    this.minPassphraseLength = options.minPassphraseLength ?? MIN_PASSPHRASE_LENGTH;
    this.beforeRotate = options.beforeRotate;
    const visibility = options.visibility === null ? undefined : (options.visibility ?? documentVisibility());
    const session: SoulSession = {
      db,
      requireUnlocked: () => this.requireUnlocked(),
      refreshKeys: (keys) => this.refreshKeys(keys),
      lock: () => this.lock(),
    };
    this.entries = new SoulEntries(session);
    this.autoLock = new AutoLock(options.autoLockMs ?? DEFAULT_AUTO_LOCK_MS, () => this.lock(), options.clock, visibility);
  }

  /** Idle time after which the vault locks itself (ms; 0 = never). */
  get autoLockMs(): number {
    return this.autoLock.autoLockMs;
  }

  /** Changes the auto-lock idle time (ms, 0 = never); INVALID_ARGUMENT for anything else. Applies at once. */
  setAutoLockMs(ms: number): void {
    this.autoLock.setMs(ms);
  }

  /** True until setup or unlock, and again after lock(). */
  get isLocked(): boolean {
    this.autoLock.check();
    return this.unlocked === undefined;
  }

  async isSetUp(): Promise<boolean> {
    return (await readKeyring(this.db)) !== undefined;
  }

  /** Whether a rotation was interrupted; the next rotateKey() finishes it. */
  async isRotationPending(): Promise<boolean> {
    const ring = await readKeyring(this.db);
    return ring !== undefined && ring.keys.length > 1;
  }

  async isRememberedOnDevice(): Promise<boolean> {
    return (await readDeviceRecord(this.db)) !== undefined;
  }

  /** Creates the keyring under a new passphrase and leaves the vault unlocked. */
  async setup(passphrase: string, options: RememberOptions = {}): Promise<void> {
    assertNewPassphrase(passphrase, this.minPassphraseLength);
    if (await readKeyring(this.db)) throw new PhoenixError("SOUL_ALREADY_SET_UP");
    const epoch = this.lockEpoch;
    const kdf = { ...this.kdfSettings, salt: newSalt() };
    const passphraseKey = await derivePassphraseKey(normalizePassphrase(passphrase), kdf, this.derive);
    const { ring, keyId, usable } = await createKeyring(this.db, passphraseKey, kdf, options.rememberOnDevice === true);
    this.adopt(epoch, { keys: new Map([[keyId, usable]]), currentKeyId: keyId, passphraseKey, revision: ring.revision });
    await this.openEntries();
  }

  /** Unlocks with the passphrase; BAD_PASSPHRASE (and no change) when it is wrong. */
  async unlock(passphrase: string, options: RememberOptions = {}): Promise<void> {
    assertPassphraseType(passphrase);
    const epoch = this.lockEpoch;
    let ring = await this.requireKeyring();
    const normalized = normalizePassphrase(passphrase);
    let passphraseKey = await derivePassphraseKey(normalized, ring.kdf, this.derive);
    const keys = await unwrapKeyring(ring, passphraseKey);
    // Raised Argon2id defaults and the authenticated keyring format reach existing vaults here, once: the
    // passphrase is at hand only now.
    const rederive = (kdf: Argon2idParams) => derivePassphraseKey(normalized, kdf, this.derive);
    ({ ring, passphraseKey } = await upgradeKeyring(this.db, ring, passphraseKey, rederive, this.kdfSettings));
    if (options.rememberOnDevice === true) {
      // Against the keyring as it is now: another tab may have changed it while this one derived.
      await rememberOnDevice(this.db, await this.requireKeyring(), passphraseKey, await readDeviceRecord(this.db));
    }
    if (options.rememberOnDevice === false) await this.forgetDevice();
    this.adopt(epoch, { keys, currentKeyId: ring.currentKeyId, passphraseKey, revision: ring.revision });
    await this.openEntries();
  }

  /**
   * Unlocks with this profile's device key, if "remember on this device" was chosen. Resolves false (and
   * stays locked) when there is no usable device key; the passphrase still works then.
   */
  async unlockWithDevice(): Promise<boolean> {
    const epoch = this.lockEpoch;
    const ring = await this.requireKeyring();
    const device = await readDeviceRecord(this.db);
    if (!device) return false;
    const keys = await unwrapWithDevice(ring, device);
    if (!keys) return false;
    this.adopt(epoch, { keys, currentKeyId: ring.currentKeyId, passphraseKey: undefined, revision: ring.revision });
    await this.openEntries();
    return true;
  }

  /** Removes the device key: from now on only the passphrase unlocks. */
  async forgetDevice(): Promise<void> {
    await writeTx(this.db, ["meta"], ({ meta }) => {
      meta.delete(DEVICE_META_KEY);
    });
  }

  /** Drops every key from memory. Records stay sealed on disk; nothing else changes. */
  lock(): void {
    this.lockEpoch += 1;
    this.unlocked = undefined;
    this.entries.close();
    this.autoLock.stop();
    // Whoever holds plaintext for the unlocked session (the Context Engine's cache) drops it now.
    for (const listener of [...this.lockListeners]) listener();
  }

  /** Calls `listener` on every lock(); returns the way to stop. */
  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /**
   * Re-wraps the data keys under a new passphrase (and the current Argon2id cost). Alone it re-encrypts
   * nothing, so the old passphrase with an older copy of the keyring (a snapshot, a backup) still opens
   * records written later. With `{ rotate: true }` a key rotation follows at once, under the new passphrase:
   * from then on the old passphrase opens only what such an older copy itself holds. Resolves the
   * rotation's result, or undefined without `rotate`. Works locked or unlocked and leaves that as it was.
   */
  async changePassphrase(
    oldPassphrase: string,
    newPassphrase: string,
    options: ChangePassphraseOptions = {},
  ): Promise<RotateResult | undefined> {
    assertPassphraseType(oldPassphrase);
    assertNewPassphrase(newPassphrase, this.minPassphraseLength);
    const derive = (passphrase: string, kdf: Argon2idParams) => derivePassphraseKey(normalizePassphrase(passphrase), kdf, this.derive);
    const ring = await this.requireKeyring();
    const passphrases = [oldPassphrase, newPassphrase] as const;
    const { next, newKey } = await changeKeyringPassphrase(this.db, ring, derive, passphrases, this.kdfSettings);
    if (this.unlocked) this.unlocked = { ...this.unlocked, passphraseKey: newKey, revision: next.revision };
    if (!options.rotate) return undefined;
    // The typed passphrase opened every key, so the rotation needs no unlocked vault; a locked one stays locked.
    const keys = await unwrapKeyring(next, newKey);
    const session: UnlockedKeys = { keys, currentKeyId: next.currentKeyId, passphraseKey: newKey, revision: next.revision };
    return this.queueRotation(() => this.rotateSession(session, newKey, options));
  }

  /**
   * A new data key; every record re-encrypted under it in batches, then the old key removed.
   * Interrupted at any point, every record stays readable (the keyring keeps both keys) and the next
   * call finishes the job. Needs the passphrase key, so unlock with the passphrase first.
   */
  rotateKey(options: RotateOptions = {}): Promise<RotateResult> {
    return this.queueRotation(async () => {
      const unlocked = await this.requireUnlocked();
      if (!unlocked.passphraseKey) {
        throw new PhoenixError("SOUL_LOCKED", "Rotating the key needs the passphrase: unlock with it, not the device key.");
      }
      return this.rotateSession(unlocked, unlocked.passphraseKey, options);
    });
  }

  /** Two rotations at once in one tab would race for the keyring; the second waits for the first. */
  private queueRotation<T>(job: () => Promise<T>): Promise<T> {
    const run = this.rotation.catch(() => undefined).then(job);
    this.rotation = run;
    return run;
  }

  private async rotateSession(unlocked: UnlockedKeys, passphraseKey: CryptoKey, options: RotateOptions): Promise<RotateResult> {
    const epoch = this.lockEpoch;
    await this.beforeRotate?.();
    try {
      return await rotateSoulKey(
        {
          db: this.db,
          unlocked: { ...unlocked, passphraseKey },
          // lock() stops the rotation at its next batch boundary; its keys go with it.
          stopped: () => this.lockEpoch !== epoch,
          device: await readDeviceRecord(this.db),
          nameOf: (id) => this.entries.nameOf(id),
          update: (change) => {
            if (this.unlocked) this.unlocked = change(this.unlocked);
          },
        },
        options,
      );
    } catch (error) {
      // The passphrase key went stale (another tab changed the passphrase or its cost): it must not be
      // used again, so the vault locks and the next unlock derives the current one.
      if (isPhoenixError(error, "SOUL_LOCKED") && this.unlocked?.passphraseKey === passphraseKey) this.lock();
      throw error;
    }
  }

  storeSoul(key: string, value: string): Promise<void> {
    return this.entries.storeMany([[key, value]]);
  }

  /** All or nothing, in one transaction. */
  storeSoulMany(entries: Iterable<readonly [string, string]>): Promise<void> {
    return this.entries.storeMany(entries);
  }

  recallSoul(key: string): Promise<string | undefined> {
    return this.entries.recall(key);
  }

  /** Deletes one record; resolves whether it existed. */
  forgetSoul(key: string): Promise<boolean> {
    return this.entries.forget(key);
  }

  /** Decrypted `[key, value]` pairs under `prefix` (without "soul:"); see SoulEntries.recallPrefix. */
  recallPrefix(prefix: string, limit?: number, options: SoulRecallOptions = {}): Promise<Array<[string, string]>> {
    return this.entries.recallPrefix(prefix, limit, options);
  }

  /** Like recallPrefix, but each record that does not open is listed in `failures` (key and INTEGRITY). */
  recallPrefixSettled(
    prefix: string,
    limit?: number,
    options: ScanOptions = {},
  ): Promise<{ entries: Array<[string, string]>; failures: SoulRecordFailure[] }> {
    return this.entries.recallPrefixSettled(prefix, limit, options);
  }

  /** Archive records this vault authenticates, with their id here (see open.ts); empty while locked. */
  async authenticRecords(records: ReadonlyArray<readonly [string, unknown]>): Promise<Map<string, AuthenticRecord>> {
    return this.unlocked ? this.entries.authentic(records) : new Map();
  }

  /** The id the record named `name` is stored under (a keyed hash of the name); needs the vault unlocked. */
  storedId(name: string): Promise<string> {
    return this.entries.storedId(name);
  }

  /** Records read under their stored ids, opened: name and value, or undefined where one does not open. */
  openStored(records: ReadonlyArray<readonly [string, SoulRecord]>): Promise<Array<OpenedSoulRecord | undefined>> {
    return this.entries.openStored(records);
  }

  /** Number of sealed records; works while locked, since the count is visible on disk anyway. */
  count(): Promise<number> {
    return this.entries.count();
  }

  /** Picks up keys another tab added (rotation) using the key this tab unlocked with; locks if it cannot. */
  private async refreshKeys(unlocked: UnlockedKeys): Promise<UnlockedKeys> {
    try {
      const next = await refreshedKeys(this.db, unlocked);
      if (this.unlocked === unlocked) this.unlocked = next;
      return next;
    } catch (error) {
      if (isPhoenixError(error, "SOUL_LOCKED") && this.unlocked === unlocked) this.lock();
      throw error;
    }
  }

  /** Names into the index, older records moved (migrate.ts). A failure leaves both to the next call. */
  private async openEntries(): Promise<void> {
    await this.entries.open().catch(() => undefined);
  }

  private adopt(epoch: number, keys: UnlockedKeys): void {
    if (epoch !== this.lockEpoch) throw new PhoenixError("SOUL_LOCKED", "lock() was called while unlocking.");
    this.unlocked = keys;
    this.autoLock.start();
  }

  private async requireUnlocked(): Promise<UnlockedKeys> {
    // A timer in a hidden or suspended page may not have fired: the clock decides.
    this.autoLock.check();
    if (this.unlocked) {
      this.autoLock.touch();
      return this.unlocked;
    }
    if (!(await readKeyring(this.db))) throw new PhoenixError("SOUL_NOT_SET_UP");
    // The keyring read may have let an unlock finish meanwhile.
    if (this.unlocked) return this.unlocked;
    throw new PhoenixError("SOUL_LOCKED");
  }

  private async requireKeyring(): Promise<SoulKeyring> {
    const ring = await readKeyring(this.db);
    if (!ring) throw new PhoenixError("SOUL_NOT_SET_UP");
    return ring;
  }
}

export function createSoulVault(db: PhoenixDB, options: SoulVaultOptions = {}): SoulVault {
  return new SoulVault(db, options);
}
