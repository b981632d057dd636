/**
 * Checking a settings patch and restoring stored settings. A patch is checked field by field against
 * FIELD_RULES before anything is written; the first bad field is named in INVALID_SETTING's subject
 * ("retention.stmMs"). Stored settings (from `meta` or a backup) are restored leniently: a field that is
 * missing or out of range takes its default, so an older or damaged record never stops the app.
 */
import { PhoenixError } from "../errors.js";
import { DEFAULT_SETTINGS, FIELD_RULES, SETTINGS_GROUPS, type FieldRule, type Settings, type SettingsGroup, type SettingsPatch } from "./types.js";

export const SETTINGS_TYPE = "phoenix-settings";
export const SETTINGS_VERSION = 1;

/** How settings are kept in `meta`. */
export interface StoredSettings {
  type: typeof SETTINGS_TYPE;
  version: number;
  value: Settings;
  /** When they were last changed, so a backup merge keeps the newer. */
  updatedAt: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why `value` breaks `rule`, or undefined. */
function fieldProblem(value: unknown, rule: FieldRule): string | undefined {
  if (rule.kind === "boolean") return typeof value === "boolean" ? undefined : "must be true or false";
  if (typeof value !== "number" || !Number.isFinite(value)) return "must be a finite number";
  if (rule.kind === "integer" && !Number.isInteger(value)) return "must be a whole number";
  if (rule.zeroIsOff && value === 0) return undefined;
  if (rule.min !== undefined && value < rule.min) return rule.zeroIsOff ? `must be 0 (off) or at least ${rule.min}` : `must be at least ${rule.min}`;
  if (rule.max !== undefined && value > rule.max) return `must be at most ${rule.max}`;
  return undefined;
}

function invalid(field: string, why: string): PhoenixError {
  return new PhoenixError("INVALID_SETTING", `${field} ${why}.`, { subject: field });
}

/** Checks every field of `patch`; throws INVALID_SETTING naming the first bad one. */
export function assertPatch(patch: unknown): asserts patch is SettingsPatch {
  if (!isObject(patch)) throw invalid("settings", "patch must be an object like { retention: { stmMs: 3600000 } }");
  for (const [group, fields] of Object.entries(patch)) {
    if (!Object.hasOwn(FIELD_RULES, group)) throw invalid(group, `is not a settings group (${SETTINGS_GROUPS.join(", ")})`);
    if (fields === undefined) continue;
    if (!isObject(fields)) throw invalid(group, "must be an object");
    const rules = FIELD_RULES[group as SettingsGroup] as Record<string, FieldRule>;
    for (const [field, value] of Object.entries(fields)) {
      const name = `${group}.${field}`;
      if (!Object.hasOwn(rules, field)) throw invalid(name, "is not a setting");
      if (value === undefined) continue;
      const problem = fieldProblem(value, rules[field]!);
      if (problem) throw invalid(name, problem);
    }
  }
}

/** `base` with `patch` applied (a new object; `patch` must have passed assertPatch). */
export function applyPatch(base: Settings, patch: SettingsPatch): Settings {
  const next = cloneSettings(base);
  for (const group of SETTINGS_GROUPS) {
    const fields = patch[group] as Record<string, unknown> | undefined;
    if (!fields) continue;
    const target = next[group] as unknown as Record<string, unknown>;
    for (const [field, value] of Object.entries(fields)) if (value !== undefined) target[field] = value;
  }
  return next;
}

/** The field paths whose values differ ("pulse.keep"). */
export function changedFields(before: Settings, after: Settings): string[] {
  const changed: string[] = [];
  for (const group of SETTINGS_GROUPS) {
    const a = before[group] as unknown as Record<string, unknown>;
    const b = after[group] as unknown as Record<string, unknown>;
    for (const field of Object.keys(b)) if (a[field] !== b[field]) changed.push(`${group}.${field}`);
  }
  return changed;
}

export function cloneSettings(settings: Settings): Settings {
  return {
    retention: { ...settings.retention },
    vectorKb: { ...settings.vectorKb },
    pulse: { ...settings.pulse },
    soul: { ...settings.soul },
    audit: { ...settings.audit },
  };
}

/** Settings from a stored record: its valid fields over the defaults. Unknown or newer formats give defaults. */
export function restoreSettings(stored: unknown): Settings {
  const settings = cloneSettings(DEFAULT_SETTINGS);
  if (!isObject(stored) || stored.type !== SETTINGS_TYPE || stored.version !== SETTINGS_VERSION || !isObject(stored.value)) {
    return settings;
  }
  for (const group of SETTINGS_GROUPS) {
    const fields = stored.value[group];
    if (!isObject(fields)) continue;
    const rules = FIELD_RULES[group] as Record<string, FieldRule>;
    const target = settings[group] as unknown as Record<string, unknown>;
    for (const [field, rule] of Object.entries(rules)) {
      if (fields[field] !== undefined && fieldProblem(fields[field], rule) === undefined) target[field] = fields[field];
    }
  }
  return settings;
}
