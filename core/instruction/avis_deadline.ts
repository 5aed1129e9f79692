/**
 * The answer date of an avis (« Réponse attendue avant le … ») and its automatic reminders,
 * as pure rules of the date and the clock. Dates are calendar days in Europe/Paris written
 * `YYYY-MM-DD`; the date itself is the last day to answer: the avis is late from the next.
 */
import * as v from "valibot";

/** The first automatic reminder goes this many days before the date. */
export const REMINDER_DAYS_BEFORE = 3;
/** Reminders go out from this hour (Paris): nobody is mailed at midnight. */
const REMINDER_HOUR = 8;

const FORMAT = "Indiquez la date de réponse au format AAAA-MM-JJ.";

/** A calendar date `YYYY-MM-DD` that exists (no 31 April). */
export const dueOnSchema = v.pipe(
  v.string(FORMAT),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, FORMAT),
  v.check((s) => {
    const d = new Date(`${s}T12:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "Cette date n’existe pas : vérifiez le jour et le mois."),
);

const parisDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The day in Paris at `now`, `YYYY-MM-DD`. */
export function dayInParis(now: Date): string {
  return parisDay.format(now);
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Why `dueOn` cannot be chosen at `now` (French, for the person), or null when it can. */
export function dueOnProblem(dueOn: string, now: Date): string | null {
  const today = dayInParis(now);
  if (dueOn <= today) return "La date de réponse doit être au plus tôt demain.";
  const [y, m, d] = today.split("-");
  if (dueOn > `${Number(y) + 1}-${m}-${d}`) {
    return "La date de réponse doit être dans un an au plus.";
  }
  return null;
}

/**
 * The day of the first automatic reminder of an avis due on `dueOn`, asked (or given this
 * date) on `today`: three days before the date, or the next day when the date is closer.
 */
export function firstReminderOn(dueOn: string, today: string): string {
  const before = addDays(dueOn, -REMINDER_DAYS_BEFORE);
  const tomorrow = addDays(today, 1);
  return before > tomorrow ? before : tomorrow;
}

/** The day reminders count as today: the Paris day, but yesterday's before 08:00. */
export function reminderDay(now: Date): string {
  const today = dayInParis(now);
  const hour = Number(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris",
      hour: "2-digit",
      hourCycle: "h23",
    })
      .format(now),
  );
  return hour < REMINDER_HOUR ? addDays(today, -1) : today;
}

export type ReminderKind = "avant" | "retard";

/**
 * Which reminder is due on `today` for an avis due on `dueOn`, and the day of the next one
 * (null: none left). Only called once the scheduled day has come. A reminder before the date
 * that was missed (instance down) is not sent late: the overdue one replaces it.
 */
export function reminderFor(dueOn: string, today: string): {
  kind: ReminderKind;
  next: string | null;
} {
  return today > dueOn
    ? { kind: "retard", next: null }
    : { kind: "avant", next: addDays(dueOn, 1) };
}

/** Whether an unanswered, non-revoked avis is past its date at `now`. */
export function isLate(
  avis: { dueOn: string | null; answeredAt: string | null; revoked: boolean },
  now: Date,
): boolean {
  return avis.dueOn !== null && avis.answeredAt === null && !avis.revoked &&
    dayInParis(now) > avis.dueOn;
}

/** "15 mars 2026". */
export function frenchDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString("fr-FR", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Paris",
  });
}
