import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { date, datetime } from "../../../../plugins/champs_standard/dates.ts";
import {
  frenchDate,
  normalizeDateTime,
  parisDateTime,
} from "../../../../plugins/champs_standard/_calendar.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal, text } from "./_support.ts";

const calendar = suite("calendar helpers");

calendar("parisDateTime() gives local Paris time, winter and summer", () => {
  assert.is(parisDateTime(new Date("2026-03-12T13:30:00Z")), "2026-03-12T14:30");
  assert.is(parisDateTime(new Date("2026-07-01T22:15:00Z")), "2026-07-02T00:15");
});

calendar("parisDateTime() asked again answers each minute's own time, across midnight too", () => {
  assert.is(parisDateTime(new Date("2026-03-12T22:59:10Z")), "2026-03-12T23:59");
  assert.is(parisDateTime(new Date("2026-03-12T22:59:59.999Z")), "2026-03-12T23:59");
  assert.is(parisDateTime(new Date("2026-03-12T23:00:00Z")), "2026-03-13T00:00");
  assert.is(parisDateTime(new Date("2026-03-12T22:59:30Z")), "2026-03-12T23:59");
  // The night clocks go forward: 02:00 is skipped.
  assert.is(parisDateTime(new Date("2026-03-29T00:59:00Z")), "2026-03-29T01:59");
  assert.is(parisDateTime(new Date("2026-03-29T01:00:00Z")), "2026-03-29T03:00");
});

calendar("frenchDate() writes the first of the month as 1er", () => {
  assert.is(frenchDate("2026-03-01"), "1er mars 2026");
  assert.is(frenchDate("2026-12-25"), "25 décembre 2026");
});

calendar("frenchDate() kept for a date already written says the same as Intl, every day", () => {
  const intl = new Intl.DateTimeFormat("fr-FR", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
    const iso = new Date(t).toISOString().slice(0, 10);
    const expected = intl.format(new Date(t)).replace(/^1 /, "1er ");
    assert.is(frenchDate(iso), expected);
    assert.is(frenchDate(iso), expected, "read again");
  }
});

calendar("normalizeDateTime() leaves what it cannot read as given", () => {
  assert.is(normalizeDateTime("demain midi"), "demain midi");
});

calendar.run();

const day = suite("date");

day("options default to any day and refuse an inverted range", () => {
  assert.equal(optionsOf(date), { past: false });
  assert.is(
    optionsRefusal(date, { start: "2026-12-31", end: "2026-01-01" }),
    "La date de début doit précéder la date de fin",
  );
  assert.is(
    optionsRefusal(date, { start: "2026-02-30" }),
    "La date de début doit être une date valide, par exemple 2026-03-12",
  );
});

day("value() stores ISO days, typed ISO or French", () => {
  assert.is(accepted(date, "2026-03-12"), "2026-03-12");
  assert.is(accepted(date, " 12/03/2026 "), "2026-03-12");
  assert.is(accepted(date, "1/3/2026"), "2026-03-01");
});

day("value() refuses a day that does not exist", () => {
  assert.is(refusal(date, "30/02/2026"), "Indiquez une date valide, par exemple 12/03/2026");
  assert.is(refusal(date, "hier"), "Indiquez une date valide, par exemple 12/03/2026");
  assert.is(refusal(date, 20260312), "Indiquez une date");
});

day("value() with past refuses a future date with a French message", () => {
  assert.is(accepted(date, "1990-05-17", { past: true }), "1990-05-17");
  assert.is(refusal(date, "2999-01-01", { past: true }), "Indiquez une date passée");
  const today = parisDateTime(new Date()).slice(0, 10);
  assert.is(refusal(date, today, { past: true }), "Indiquez une date passée");
});

day("value() keeps to the range, bounds included, naming them in French", () => {
  const range = { start: "2026-01-01", end: "2026-06-30" };
  assert.is(accepted(date, "2026-01-01", range), "2026-01-01");
  assert.is(accepted(date, "2026-06-30", range), "2026-06-30");
  assert.is(
    refusal(date, "2026-07-01", range),
    "Indiquez une date comprise entre le 1er janvier 2026 et le 30 juin 2026",
  );
  assert.is(
    refusal(date, "2025-12-31", { start: "2026-01-01" }),
    "Indiquez une date à partir du 1er janvier 2026",
  );
  assert.is(
    refusal(date, "2026-07-01", { end: "2026-06-30" }),
    "Indiquez une date jusqu’au 30 juin 2026 inclus",
  );
});

day("toText() writes the day in French; columns keep ISO", () => {
  assert.is(text(date, "2026-03-12"), "12 mars 2026");
  assert.equal(date.toColumns?.("2026-03-12", optionsOf(date)), { value: "2026-03-12" });
  assert.equal(date.tags?.("2026-03-12", optionsOf(date)), { value: "12 mars 2026" });
  assert.is(date.columnKind, "date");
});

day("isEmpty() uses the default: null and empty string", () => {
  assert.ok(empty(date, null));
  assert.ok(empty(date, ""));
  assert.not.ok(empty(date, "2026-03-12"));
});

day.run();

const moment = suite("datetime");

moment("value() stores YYYY-MM-DDTHH:mm from what people type", () => {
  assert.is(accepted(datetime, "2026-03-12T14:30"), "2026-03-12T14:30");
  assert.is(accepted(datetime, "2026-03-12 14:30:59"), "2026-03-12T14:30");
  assert.is(accepted(datetime, "12/03/2026 à 9h05"), "2026-03-12T09:05");
});

moment("value() refuses an impossible time", () => {
  assert.is(
    refusal(datetime, "2026-03-12T24:00"),
    "Indiquez une date et une heure valides, par exemple 12/03/2026 14:30",
  );
  assert.is(
    refusal(datetime, "2026-03-12"),
    "Indiquez une date et une heure valides, par exemple 12/03/2026 14:30",
  );
});

moment("value() with past refuses a future moment", () => {
  assert.is(
    refusal(datetime, "2999-01-01T00:00", { past: true }),
    "Indiquez une date et une heure passées",
  );
  assert.is(accepted(datetime, "2000-01-01T00:00", { past: true }), "2000-01-01T00:00");
});

moment("value() compares the range on the day", () => {
  const range = { start: "2026-03-12", end: "2026-03-12" };
  assert.is(accepted(datetime, "2026-03-12T23:59", range), "2026-03-12T23:59");
  assert.is(
    refusal(datetime, "2026-03-13T00:00", range),
    "Indiquez le 12 mars 2026, seule date acceptée",
  );
});

moment("toText() writes the day in French and the time", () => {
  assert.is(text(datetime, "2026-03-12T14:30"), "12 mars 2026 à 14:30");
});

moment.run();
