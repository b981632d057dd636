/**
 * One group of settings as a form: each field with its label, unit and default; save the group, or reset
 * it to its defaults. Shows the live value, so a change made in another tab appears here at once.
 */
import { useEffect, useId, useState } from "preact/hooks";
import { DEFAULT_SETTINGS, FIELD_RULES, type FieldRule, type Phoenix, type Settings, type SettingsGroup as Group } from "../../index.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { SettingField } from "./SettingField.js";

export { describeValue } from "./SettingField.js";

export interface SettingsGroupProps {
  phoenix: Phoenix;
  group: Group;
  title: string;
  hint: string;
  /** The current settings (the page re-reads them on every change). */
  settings: Settings;
}

/** The draft as a patch: numbers read from their text (an empty field is NaN, for the settings' check to name). */
function draftToPatch(draft: Record<string, string | boolean>): Record<string, number | boolean> {
  const patch: Record<string, number | boolean> = {};
  for (const [field, value] of Object.entries(draft)) patch[field] = typeof value === "boolean" ? value : value.trim() === "" ? Number.NaN : Number(value);
  return patch;
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
      await phoenix.settings.update({ [group]: draftToPatch(draft) });
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
        {Object.entries(rules).map(([field, rule]) => (
          <SettingField
            key={field}
            inputId={`${id}-${field}`}
            group={group}
            field={field}
            rule={rule}
            value={draft[field]}
            current={current[field]!}
            fallback={defaults[field]!}
            onValue={(value) => setDraft({ ...draft, [field]: value })}
          />
        ))}
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
