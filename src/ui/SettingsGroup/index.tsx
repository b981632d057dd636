/**
 * One group of settings as a form: each field with its label, unit and default; save the group, or reset
 * it to its defaults. Shows the live value, so a change made in another tab appears here at once.
 */
import { useEffect, useId, useState } from "preact/hooks";
import { DEFAULT_SETTINGS, FIELD_RULES, type FieldRule, type Phoenix, type Settings, type SettingsGroup as Group } from "../../index.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

export interface SettingsGroupProps {
  phoenix: Phoenix;
  group: Group;
  title: string;
  hint: string;
  /** The current settings (the page re-reads them on every change). */
  settings: Settings;
}

/** "3,600,000 ms (1 h)" so a default in ms reads as a time. */
export function describeValue(value: number | boolean, rule: FieldRule): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  const number = value.toLocaleString("en");
  if (rule.unit !== "ms") return rule.unit ? `${number} ${rule.unit}` : number;
  if (value === 0) return "0 ms";
  const units: Array<[number, string]> = [[86_400_000, "d"], [3_600_000, "h"], [60_000, "min"], [1000, "s"]];
  const [size, name] = units.find(([size]) => value >= size && value % size === 0) ?? [1, "ms"];
  return size === 1 ? `${number} ms` : `${number} ms (${value / size} ${name})`;
}

export function SettingsGroup({ phoenix, group, title, hint, settings }: SettingsGroupProps) {
  const id = useId();
  const rules = FIELD_RULES[group] as Record<string, FieldRule>;
  const current = settings[group] as unknown as Record<string, number | boolean>;
  const defaults = DEFAULT_SETTINGS[group] as unknown as Record<string, number | boolean>;
  const [draft, setDraft] = useState<Record<string, string | boolean>>({});
  const action = useAction();

  useEffect(() => {
    setDraft(Object.fromEntries(Object.entries(current).map(([field, value]) => [field, typeof value === "boolean" ? value : String(value)])));
  }, [settings]);

  const save = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const patch: Record<string, number | boolean> = {};
      for (const [field, value] of Object.entries(draft)) patch[field] = typeof value === "boolean" ? value : value.trim() === "" ? Number.NaN : Number(value);
      await phoenix.settings.update({ [group]: patch });
      return `${title}: saved.`;
    });
  };

  const reset = () => {
    void action.run(async () => {
      await phoenix.settings.reset(group);
      return `${title}: back to the defaults.`;
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid={`settings-${group}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p class="field__hint">{hint}</p>
      {/* noValidate: the settings' own check answers, naming the field (INVALID_SETTING), for every kind of bad value. */}
      <form class="form" onSubmit={save} noValidate>
        {Object.entries(rules).map(([field, rule]) => {
          const inputId = `${id}-${field}`;
          const value = draft[field];
          return (
            <div class="field" key={field}>
              {rule.kind === "boolean" ? (
                <label for={inputId}>
                  <input
                    id={inputId}
                    type="checkbox"
                    data-testid={`setting-${group}-${field}`}
                    checked={value === true}
                    onChange={(event) => setDraft({ ...draft, [field]: event.currentTarget.checked })}
                  />{" "}
                  {rule.label}
                </label>
              ) : (
                <>
                  <label for={inputId}>
                    {rule.label} {rule.unit ? <span class="field__unit">({rule.unit})</span> : null}
                  </label>
                  <input
                    id={inputId}
                    type="number"
                    inputMode={rule.kind === "integer" ? "numeric" : "decimal"}
                    step={rule.kind === "integer" ? 1 : "any"}
                    min={rule.zeroIsOff ? 0 : rule.min}
                    max={rule.max}
                    data-testid={`setting-${group}-${field}`}
                    value={typeof value === "string" ? value : ""}
                    onInput={(event) => setDraft({ ...draft, [field]: event.currentTarget.value })}
                    aria-describedby={`${inputId}-hint`}
                  />
                </>
              )}
              <p class="field__hint" id={`${inputId}-hint`}>
                Now {describeValue(current[field]!, rule)} · default {describeValue(defaults[field]!, rule)}
              </p>
            </div>
          );
        })}
        <div class="button-row">
          <button type="submit" class="button" disabled={action.busy} data-testid={`settings-${group}-save`}>
            Save
          </button>
          <button type="button" class="button" disabled={action.busy} onClick={reset} data-testid={`settings-${group}-reset`}>
            Reset to defaults
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId={`settings-${group}`} />
    </section>
  );
}
