/**
 * Date champs: `date` (`YYYY-MM-DD`) and `datetime` (`YYYY-MM-DDTHH:mm`, local Europe/Paris
 * time), with "past only" and an optional range of days.
 */
import * as v from "valibot";
import { champType, column, firstFailing, tag } from "./_helpers.ts";
import {
  frenchDate,
  frenchDateTime,
  isIsoDate,
  isIsoDateTime,
  normalizeDate,
  normalizeDateTime,
  parisDateTime,
} from "./_calendar.ts";

const day = (what: string) =>
  v.optional(
    v.pipe(
      v.string(`La date ${what} doit être une date`),
      v.trim(),
      v.transform(normalizeDate),
      v.check(isIsoDate, `La date ${what} doit être une date valide, par exemple 2026-03-12`),
    ),
  );

const dateOptions = v.pipe(
  v.object({
    /** Only days (or moments) before today (now) are accepted. */
    past: v.optional(v.boolean(), false),
    /** First accepted day, `YYYY-MM-DD`, inclusive. */
    start: day("de début"),
    /** Last accepted day, `YYYY-MM-DD`, inclusive. */
    end: day("de fin"),
  }),
  v.check(
    (o) => o.start === undefined || o.end === undefined || o.start <= o.end,
    "La date de début doit précéder la date de fin",
  ),
);

type DateOptions = v.InferOutput<typeof dateOptions>;

function rangeMessage({ start, end }: DateOptions): string {
  if (start && start === end) return `Indiquez le ${frenchDate(start)}, seule date acceptée`;
  if (start && end) {
    return `Indiquez une date comprise entre le ${frenchDate(start)} et le ${frenchDate(end)}`;
  }
  if (start) return `Indiquez une date à partir du ${frenchDate(start)}`;
  return end ? `Indiquez une date jusqu’au ${frenchDate(end)} inclus` : "";
}

function dateValue(options: DateOptions, withTime: boolean, now: Date) {
  const { past, start, end } = options;
  // The day part is what the range bounds are compared with, for both types.
  const dayOf = (value: string) => value.slice(0, 10);
  return v.pipe(
    v.string(withTime ? "Indiquez une date et une heure" : "Indiquez une date"),
    v.trim(),
    v.transform(withTime ? normalizeDateTime : normalizeDate),
    firstFailing<string>(
      [
        withTime ? isIsoDateTime : isIsoDate,
        withTime
          ? "Indiquez une date et une heure valides, par exemple 12/03/2026 14:30"
          : "Indiquez une date valide, par exemple 12/03/2026",
      ],
      [
        (value) => !past || value < parisDateTime(now).slice(0, withTime ? 16 : 10),
        withTime ? "Indiquez une date et une heure passées" : "Indiquez une date passée",
      ],
      [
        (value) => (!start || dayOf(value) >= start) && (!end || dayOf(value) <= end),
        rangeMessage(options),
      ],
    ),
  );
}

/** Date: stored as `YYYY-MM-DD`, typed as `12/03/2026` or picked. */
export const date = champType({
  type: "date",
  label: "Date",
  category: "standard",
  options: dateOptions,
  value: (options: DateOptions, ctx) => dateValue(options, false, ctx.now),
  toText: (value) => frenchDate(value),
  toColumns: (value) => column(value),
  tags: (value) => tag(frenchDate(value)),
  columnKind: "date",
});

/** Date et heure: stored as `YYYY-MM-DDTHH:mm`, local Europe/Paris time. */
export const datetime = champType({
  type: "datetime",
  label: "Date et heure",
  category: "standard",
  options: dateOptions,
  value: (options: DateOptions, ctx) => dateValue(options, true, ctx.now),
  toText: (value) => frenchDateTime(value),
  toColumns: (value) => column(value),
  tags: (value) => tag(frenchDateTime(value)),
  columnKind: "date",
});
