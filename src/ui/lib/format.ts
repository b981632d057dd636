/** Number, size and time formatting shared by the pages. Pure, so it is unit-tested. */

const BYTE_UNITS = ["B", "kB", "MB", "GB", "TB"] as const;

/** Decimal units, as browsers report storage ("1.5 MB"). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "unknown";
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** "42 %" with one decimal below 10 %, so a small share does not read as zero. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return "unknown";
  const percent = ratio * 100;
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/**
 * Every date the pages show, in one format: the user's locale (the browser's language), date and
 * time to the second, as the date and time pickers of the same browser show them.
 */
const DATE_TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return "unknown";
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "unknown";
  return DATE_TIME_FORMAT.format(d);
}

/** Local "2024-01-01 00:00:00", the machine-readable form inputs take. */
function isoLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A cosmic timestamp is the seed's Unix seconds. */
export function formatUnixSeconds(seconds: number): string {
  return formatDateTime(seconds * 1000);
}

/** The value of an `<input type="datetime-local" step="1">` for a moment (local time). */
export function toLocalInputValue(ms: number): string {
  return isoLocal(ms).replace(" ", "T");
}

/**
 * Milliseconds for an `<input type="datetime-local">` value, or undefined when empty or unreadable.
 * Parsed by hand: `new Date("YYYY-MM-DDTHH:mm")` is local time in today's engines, but the spec
 * history of that form is muddled, and a silent UTC shift would move a range by hours.
 */
export function fromLocalInputValue(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = "0", frac = "0"] = match;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, "0")));
  return Number.isNaN(date.getTime()) ? undefined : date.getTime();
}

/** Pluralised counts: "1 memory", "3 memories". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The first `max` characters of a text on one line, with "…" when cut: for titles and messages. */
export function clip(text: string, max = 60): string {
  const line = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const flat = line.replace(/\s+/g, " ").trim();
  return flat.length > max || line.length < text.length ? `${flat.slice(0, max).trimEnd()}…` : flat;
}
