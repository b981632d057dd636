/**
 * One setting as a field: a checkbox for an on/off setting, a number input (with its unit and bounds)
 * for the others, and a hint with the live value and the default, a time in ms also in h/min/s.
 */
import type { FieldRule, SettingsGroup as Group } from "../../index.js";

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

export interface SettingFieldProps {
  /** The input's id. */
  inputId: string;
  group: Group;
  field: string;
  rule: FieldRule;
  /** What the field holds now: the text typed, or the box's state. */
  value: string | boolean | undefined;
  current: number | boolean;
  fallback: number | boolean;
  onValue: (value: string | boolean) => void;
}

function NumberInput({ inputId, group, field, rule, value, onValue }: Omit<SettingFieldProps, "current" | "fallback">) {
  return (
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
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-describedby={`${inputId}-hint`}
      />
    </>
  );
}

export function SettingField(props: SettingFieldProps) {
  const { inputId, group, field, rule, value, current, fallback, onValue } = props;
  return (
    <div class="field">
      {rule.kind === "boolean" ? (
        <label for={inputId}>
          <input id={inputId} type="checkbox" data-testid={`setting-${group}-${field}`} checked={value === true} onChange={(event) => onValue(event.currentTarget.checked)} />{" "}
          {rule.label}
        </label>
      ) : (
        <NumberInput {...props} />
      )}
      <p class="field__hint" id={`${inputId}-hint`}>
        Now {describeValue(current, rule)} · default {describeValue(fallback, rule)}
      </p>
    </div>
  );
}
