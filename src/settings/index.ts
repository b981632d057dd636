/**
 * `phoenix.settings`: one typed settings object, kept in `meta` (so it travels in backups), the same in
 * every open tab of the profile.
 *
 *     phoenix.settings.get();                                          // the whole object (a copy)
 *     await phoenix.settings.update({ retention: { stmMs: 30 * 60_000 } });
 *     await phoenix.settings.reset("pulse");                           // one group back to its defaults
 *
 * An update is checked whole before anything is written (INVALID_SETTING names the field), written in a
 * read-modify-write transaction (two tabs updating different fields both win), then announced on a
 * BroadcastChannel: the other tabs re-read `meta` and apply it at once. Listeners (`onChange`) are how
 * the rest of the app applies a change: the facade wires the Vector KB, the Vital Pulse, the Soul Vault's
 * auto-lock and the audit log's size to them.
 */
import { putMeta, readMeta, readMetaIn } from "../db/meta.js";
import { PhoenixError } from "../errors.js";
import type { PhoenixDB } from "../db/schema.js";
import { writeTx } from "../db/write.js";
import { DEFAULT_SETTINGS, SETTINGS_GROUPS, type Settings, type SettingsGroup, type SettingsPatch } from "./types.js";
import {
  applyPatch,
  assertPatch,
  changedFields,
  cloneSettings,
  SETTINGS_TYPE,
  SETTINGS_VERSION,
  type StoredSettings,
} from "./validate.js";
import { META_KEYS } from "../db/meta-keys.js";

export * from "./types.js";
export { restoreSettings } from "./validate.js";

/** The `meta` key of the settings record. */
export const SETTINGS_META_KEY = META_KEYS.settings;

export type SettingsListener = (settings: Readonly<Settings>, changed: readonly string[]) => void;

export interface SettingsOptions {
  /** Channel name shared by the tabs of one profile; default `phoenix-settings:<dbName>`. */
  dbName: string;
  clock?: () => number;
}

export class PhoenixSettings {
  private current: Settings;
  private readonly listeners = new Set<SettingsListener>();
  private readonly channel: BroadcastChannel | undefined;
  private readonly clock: () => number;

  private constructor(
    private readonly db: PhoenixDB,
    initial: Settings,
    options: SettingsOptions,
  ) {
    this.current = initial;
    this.clock = options.clock ?? Date.now;
    if (typeof BroadcastChannel === "function") {
      this.channel = new BroadcastChannel(`phoenix-settings:${options.dbName}`);
      this.channel.onmessage = () => void this.reload().catch(() => undefined);
      (this.channel as { unref?: () => void }).unref?.();
    }
  }

  static async open(db: PhoenixDB, options: SettingsOptions): Promise<PhoenixSettings> {
    return new PhoenixSettings(db, await readMeta(db, "settings"), options);
  }

  /** The whole settings object (a copy: changing it changes nothing). */
  get(): Settings {
    return cloneSettings(this.current);
  }

  /** The live object, not to be changed; for the modules that read a setting at each decision. */
  get snapshot(): Readonly<Settings> {
    return this.current;
  }

  /** Checks, writes and applies a deep partial; returns the new settings. Nothing is written on a bad patch. */
  async update(patch: SettingsPatch): Promise<Settings> {
    assertPatch(patch);
    const next = await this.write((stored) => applyPatch(stored, patch));
    return cloneSettings(next);
  }

  /** Sets one group (or every group) back to its defaults. */
  async reset(group?: SettingsGroup): Promise<Settings> {
    if (group !== undefined && !SETTINGS_GROUPS.includes(group)) {
      throw new PhoenixError("INVALID_SETTING", `${String(group)} is not a settings group.`, { subject: String(group) });
    }
    const patch = (group === undefined ? DEFAULT_SETTINGS : { [group]: DEFAULT_SETTINGS[group] }) as SettingsPatch;
    return this.update(patch);
  }

  /** Calls `listener` after every change, from this tab or another; returns the unsubscribe. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads `meta` (another tab changed it, or an import replaced it) and applies what changed. */
  async reload(): Promise<Settings> {
    this.apply(await readMeta(this.db, "settings"));
    return this.get();
  }

  close(): void {
    this.channel?.close();
    this.listeners.clear();
  }

  private async write(change: (stored: Settings) => Settings): Promise<Settings> {
    const next = await writeTx(this.db, ["meta"], async ({ meta }) => {
      // The stored record, not this tab's copy: another tab may have changed other fields meanwhile.
      const stored = await readMetaIn(meta, "settings");
      const value = change(stored);
      const record: StoredSettings = { type: SETTINGS_TYPE, version: SETTINGS_VERSION, value, updatedAt: this.clock() };
      putMeta(meta, "settings", record);
      return value;
    });
    this.apply(next);
    this.channel?.postMessage({ type: "settings-changed" });
    return next;
  }

  private apply(next: Settings): void {
    const changed = changedFields(this.current, next);
    this.current = next;
    if (changed.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(this.current, changed);
      } catch (error) {
        console.warn("A settings listener failed:", error);
      }
    }
  }
}
