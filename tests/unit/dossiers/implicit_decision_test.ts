import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  addMonthsTo,
  dayInFrance,
  decisionDate,
  implicitMotivation,
  implicitRuleSentence,
  resumedDate,
} from "../../../core/dossiers/implicit_decision.ts";

const rules = suite("implicit decision dates");

rules("the period counts in days, weeks or calendar months from the deposit day", () => {
  assert.is(decisionDate("2026-03-15", { period: 10, unit: "jours" }), "2026-03-25");
  assert.is(decisionDate("2026-03-15", { period: 3, unit: "semaines" }), "2026-04-05");
  assert.is(decisionDate("2026-03-15", { period: 2, unit: "mois" }), "2026-05-15");
  assert.is(decisionDate("2026-11-30", { period: 12, unit: "jours" }), "2026-12-12");
  assert.is(decisionDate("2026-11-15", { period: 3, unit: "mois" }), "2027-02-15");
});

rules("a month clamps to its end: 31 January + 1 month is the last day of February", () => {
  assert.is(addMonthsTo("2026-01-31", 1), "2026-02-28");
  assert.is(addMonthsTo("2028-01-31", 1), "2028-02-29");
  assert.is(addMonthsTo("2026-08-31", 1), "2026-09-30");
  assert.is(addMonthsTo("2026-12-31", 2), "2027-02-28");
});

rules("the deposit day is the day in France", () => {
  assert.is(dayInFrance("2026-03-15T23:30:00.000Z"), "2026-03-16");
  assert.is(dayInFrance("2026-07-15T21:59:00.000Z"), "2026-07-15");
  assert.is(dayInFrance("2026-07-15T22:00:00.000Z"), "2026-07-16");
});

rules("after a correction, reset counts the whole period again from the re-deposit", () => {
  const dates = { on: "2026-05-15", suspendedOn: "2026-04-01", resumedOn: "2026-04-11" };
  assert.is(resumedDate(dates, { period: 2, unit: "mois", resume: "reset" }), "2026-06-11");
});

rules("after a correction, continue adds the days spent in correction", () => {
  const dates = { on: "2026-05-15", suspendedOn: "2026-04-01", resumedOn: "2026-04-11" };
  assert.is(resumedDate(dates, { period: 2, unit: "mois", resume: "continue" }), "2026-05-25");
  assert.is(
    resumedDate({ ...dates, resumedOn: "2026-04-01" }, {
      period: 2,
      unit: "mois",
      resume: "continue",
    }),
    "2026-05-15",
  );
});

rules("the motivation and the démarche's sentence say the rule in French", () => {
  assert.is(
    implicitMotivation({ decision: "sva", period: 2, unit: "mois" }),
    "Décision implicite d’acceptation : l’administration n’a pas répondu dans le délai de 2 mois (silence vaut accord).",
  );
  assert.is(
    implicitMotivation({ decision: "svr", period: 1, unit: "semaines" }),
    "Décision implicite de rejet : l’administration n’a pas répondu dans le délai de 1 semaine (silence vaut rejet).",
  );
  assert.is(
    implicitRuleSentence({ decision: "sva", period: 2, unit: "mois" }),
    "Sans réponse dans un délai de 2 mois, la demande est acceptée.",
  );
});

rules.run();
