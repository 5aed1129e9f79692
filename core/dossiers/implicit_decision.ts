/**
 * « Silence vaut accord / rejet »: the date on which a dossier is decided implicitly, and how
 * a demande de correction moves it. Pure rules over calendar dates (`YYYY-MM-DD`, the day in
 * France); the deposit, correction and daily pass code store and act on them.
 */
import type { ImplicitDecision } from "../demarches/settings.ts";

const PARIS_DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in France of an instant: `2026-03-15T23:30:00Z` → `2026-03-16`. */
export function dayInFrance(at: Date | string): string {
  return PARIS_DAY.format(typeof at === "string" ? new Date(at) : at);
}

const parse = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return { y, m, d };
};
const format = (date: Date) => date.toISOString().slice(0, 10);

/** `day` plus `n` calendar days (n may be negative). */
export function addDaysTo(day: string, n: number): string {
  const { y, m, d } = parse(day);
  return format(new Date(Date.UTC(y, m - 1, d + n)));
}

/** `day` plus `n` months, clamped to the month's end: 31 January + 1 month = 28 February. */
export function addMonthsTo(day: string, n: number): string {
  const { y, m, d } = parse(day);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))));
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  const a = parse(from);
  const b = parse(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

/** The day of the implicit decision for a deposit (or a reset re-deposit) on `day`. */
export function decisionDate(day: string, rule: Pick<ImplicitDecision, "period" | "unit">) {
  switch (rule.unit) {
    case "jours":
      return addDaysTo(day, rule.period);
    case "semaines":
      return addDaysTo(day, 7 * rule.period);
    case "mois":
      return addMonthsTo(day, rule.period);
  }
}

/**
 * The new date when the re-deposit of `resumedOn` resolves a correction asked on
 * `suspendedOn`: `reset` counts the whole period again from the re-deposit, `continue` adds
 * the days spent in correction to the date it had.
 *
 * @example
 * ```ts
 * resumedDate({ on: "2026-05-15", suspendedOn: "2026-04-01", resumedOn: "2026-04-11" },
 *   { period: 2, unit: "mois", resume: "continue" }); // "2026-05-25"
 * ```
 */
export function resumedDate(
  dates: { readonly on: string; readonly suspendedOn: string; readonly resumedOn: string },
  rule: Pick<ImplicitDecision, "period" | "unit" | "resume">,
): string {
  if (rule.resume === "reset") return decisionDate(dates.resumedOn, rule);
  return addDaysTo(dates.on, Math.max(0, daysBetween(dates.suspendedOn, dates.resumedOn)));
}

const UNIT_LABEL = {
  jours: ["jour", "jours"],
  semaines: ["semaine", "semaines"],
  mois: ["mois", "mois"],
} as const;

/** « 2 mois », « 1 semaine ». */
export function periodLabel(rule: Pick<ImplicitDecision, "period" | "unit">): string {
  return `${rule.period} ${UNIT_LABEL[rule.unit][rule.period > 1 ? 1 : 0]}`;
}

/** The motivation recorded with an implicit decision, which its usager reads. */
export function implicitMotivation(rule: Pick<ImplicitDecision, "decision" | "period" | "unit">) {
  return rule.decision === "sva"
    ? `Décision implicite d’acceptation : l’administration n’a pas répondu dans le délai de ${
      periodLabel(rule)
    } (silence vaut accord).`
    : `Décision implicite de rejet : l’administration n’a pas répondu dans le délai de ${
      periodLabel(rule)
    } (silence vaut rejet).`;
}

/** The sentence of a démarche's page: « Sans réponse dans un délai de 2 mois, … ». */
export function implicitRuleSentence(rule: Pick<ImplicitDecision, "decision" | "period" | "unit">) {
  return `Sans réponse dans un délai de ${periodLabel(rule)}, la demande est ${
    rule.decision === "sva" ? "acceptée" : "rejetée"
  }.`;
}
