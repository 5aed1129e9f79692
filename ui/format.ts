/**
 * Dates as people in France read them, the one way the whole interface writes them:
 * « 1er mars 2026 », « 3 mars 2026 à 14:05 », always in Europe/Paris whatever the machine.
 */
const dateTime = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "Europe/Paris",
});

const date = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

/** A calendar day is written as it is, whatever the time zone (UTC noon of that day). */
const day = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "UTC" });

/** « 1 mars 2026 » → « 1er mars 2026 », as French writes the first of a month. */
const premier = (text: string) => text.replace(/^1 /, "1er ");

/** "3 mars 2026 à 14:05", or "—" without a date. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? premier(dateTime.format(new Date(iso))) : "—";
}

/** "3 mars 2026", or "—" without a date. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? premier(date.format(new Date(iso))) : "—";
}

/** A calendar day `YYYY-MM-DD` (a date champ, a deadline): "15 mars 2026". */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return iso;
  return premier(day.format(new Date(Date.UTC(y, m - 1, d, 12))));
}

/** A local date and time `YYYY-MM-DDTHH:mm` (a date-time champ): "15 mars 2026 à 14:30". */
export function formatLocalDateTime(iso: string): string {
  const time = /T(\d{2}:\d{2})/.exec(iso)?.[1];
  return time ? `${formatDay(iso)} à ${time}` : formatDay(iso);
}
