/**
 * Calendar helpers for the date champs: reading what people type, checking a day exists,
 * the current day and minute in Europe/Paris, and French rendering (`1er mars 2026`).
 */

const FR_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2})[:h](\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** `12/03/2026` or `2026-03-12` → `2026-03-12`; anything else is returned as given. */
export function normalizeDate(input: string): string {
  const fr = FR_DATE.exec(input);
  if (!fr) return input;
  return `${fr[3]}-${fr[2].padStart(2, "0")}-${fr[1].padStart(2, "0")}`;
}

/**
 * `2026-03-12T14:30`, `2026-03-12 14:30:00`, `12/03/2026 14h30` → `2026-03-12T14:30`
 * (seconds dropped); anything else is returned as given.
 */
export function normalizeDateTime(input: string): string {
  const match = /^(\S+)(?:T|\s+(?:à\s+)?)(\S+)$/.exec(input);
  const time = match && TIME.exec(match[2]);
  if (!match || !time) return input;
  return `${normalizeDate(match[1])}T${time[1].padStart(2, "0")}:${time[2]}`;
}

/** Whether `YYYY-MM-DD` names a day that exists (no 30 February). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Whether `YYYY-MM-DDTHH:mm` names an existing day and a valid time of day. */
export function isIsoDateTime(value: string): boolean {
  const [date, time, ...rest] = value.split("T");
  const t = /^(\d{2}):(\d{2})$/.exec(time ?? "");
  return rest.length === 0 && isIsoDate(date) && !!t && Number(t[1]) < 24 && Number(t[2]) < 60;
}

const PARIS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

let lastMinute = NaN;
let lastText = "";

/**
 * The given instant as local Europe/Paris time, `YYYY-MM-DDTHH:mm`. Every « date passée »
 * champ asks it on every save: the text of the last minute asked is kept, and a new one costs
 * one `formatToParts`.
 */
export function parisDateTime(now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute === lastMinute) return lastText;
  const parts: Record<string, string> = {};
  for (const p of PARIS.formatToParts(now)) parts[p.type] = p.value;
  lastText = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
  lastMinute = minute;
  return lastText;
}

const FR_LONG = new Intl.DateTimeFormat("fr-FR", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** Dates written out lately: a deposit indexes each date champ's text, mails quote them. */
const written = new Map<string, string>();

/** `2026-03-12` → `12 mars 2026`, `2026-03-01` → `1er mars 2026`. */
export function frenchDate(iso: string): string {
  const kept = written.get(iso);
  if (kept !== undefined) return kept;
  const [y, m, d] = iso.split("-").map(Number);
  const text = FR_LONG.format(new Date(Date.UTC(y, m - 1, d))).replace(/^1 /, "1er ");
  if (written.size >= 1024) written.clear();
  written.set(iso, text);
  return text;
}

/** `2026-03-12T14:30` → `12 mars 2026 à 14:30`. */
export function frenchDateTime(iso: string): string {
  const [date, time] = iso.split("T");
  return `${frenchDate(date)} à ${time}`;
}
