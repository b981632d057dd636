/**
 * The shape of `phoenix.settings` and its defaults: what the seed kept in environment variables (Vector KB
 * on/off, default top-k, backup schedule), plus memory lifetimes, the Soul Vault's idle lock and the audit
 * log's size. Scripts and other apps rely on this shape, so fields are only ever added.
 */

export interface RetentionSettings {
  /** STM memories expire this long after their last etch (ms). Default 1 hour. */
  stmMs: number;
  /** WM memories expire this long after their last etch (ms). Default 24 hours. */
  wmMs: number;
  /** An EPM memory's ranking weight halves every this many days since its time. Default 30. */
  epmHalfLifeDays: number;
  /** How often the background sweep (expiry + consolidation) runs while the app is open (ms). Default 1 minute. */
  sweepIntervalMs: number;
}

export interface VectorKbSettings {
  /** false: no search worker starts; writes and searches reject with VECTOR_KB_DISABLED. Default true. */
  enabled: boolean;
  /** top-k of a search that gives none. Default 5 (the seed's). */
  defaultTopK: number;
}

export interface PulseSettingsShape {
  /** Time between scheduled Vital Pulse snapshots (ms); 0 turns the schedule off. Default 24 hours. */
  intervalMs: number;
  /** How many snapshots are kept. Default 7. */
  keep: number;
}

export interface SoulSettings {
  /** The unlocked Soul Vault locks itself after this long without use (ms); 0 never. Default 15 minutes. */
  autoLockMs: number;
}

export interface AuditSettings {
  /** How many audit entries are kept, newest first. Default 10,000. */
  keep: number;
}

export interface Settings {
  retention: RetentionSettings;
  vectorKb: VectorKbSettings;
  pulse: PulseSettingsShape;
  soul: SoulSettings;
  audit: AuditSettings;
}

export type SettingsGroup = keyof Settings;

/** A deep partial: what `settings.update(patch)` takes. */
export type SettingsPatch = { [G in SettingsGroup]?: Partial<Settings[G]> };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_SETTINGS: Settings = {
  retention: { stmMs: HOUR, wmMs: DAY, epmHalfLifeDays: 30, sweepIntervalMs: 60_000 },
  vectorKb: { enabled: true, defaultTopK: 5 },
  pulse: { intervalMs: DAY, keep: 7 },
  soul: { autoLockMs: 15 * 60_000 },
  audit: { keep: 10_000 },
};

/** The kind and range of each field, for validation and for the Settings page (unit, bounds). */
export interface FieldRule {
  kind: "integer" | "number" | "boolean";
  min?: number;
  max?: number;
  /** 0 is allowed below `min` (it means "off"). */
  zeroIsOff?: boolean;
  /** Shown next to the field. */
  unit?: "ms" | "days" | "entries" | "snapshots" | "results";
  label: string;
}

const YEAR = 366 * DAY;

export const FIELD_RULES: { [G in SettingsGroup]: { [F in keyof Settings[G]]: FieldRule } } = {
  retention: {
    stmMs: { kind: "integer", min: 1, max: 10 * YEAR, unit: "ms", label: "Short-term memory (STM) lifetime" },
    wmMs: { kind: "integer", min: 1, max: 10 * YEAR, unit: "ms", label: "Working memory (WM) lifetime" },
    epmHalfLifeDays: { kind: "number", min: 0.001, max: 36_500, unit: "days", label: "Episodic memory (EPM) half-life" },
    sweepIntervalMs: { kind: "integer", min: 1000, max: DAY, unit: "ms", label: "Sweep interval" },
  },
  vectorKb: {
    enabled: { kind: "boolean", label: "Vector KB enabled" },
    defaultTopK: { kind: "integer", min: 1, max: 1000, unit: "results", label: "Default top-k" },
  },
  pulse: {
    // A full archive more often than every 15 minutes spends disk and battery on near-identical copies.
    intervalMs: { kind: "integer", min: 15 * 60_000, max: YEAR, zeroIsOff: true, unit: "ms", label: "Snapshot interval (0 = off)" },
    keep: { kind: "integer", min: 1, max: 100, unit: "snapshots", label: "Snapshots kept" },
  },
  soul: {
    autoLockMs: { kind: "integer", min: 0, max: 7 * DAY, unit: "ms", label: "Soul Vault auto-lock (0 = never)" },
  },
  audit: {
    keep: { kind: "integer", min: 100, max: 1_000_000, unit: "entries", label: "Audit entries kept" },
  },
};

export const SETTINGS_GROUPS = Object.keys(DEFAULT_SETTINGS) as SettingsGroup[];
