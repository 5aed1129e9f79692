import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import {
  dueOnProblem,
  dueOnSchema,
  firstReminderOn,
  isLate,
  reminderDay,
  reminderFor,
} from "../../../core/instruction/avis_deadline.ts";

const rules = suite("avis answer dates");

rules("firstReminderOn() is 3 days before the date, or the day after asking when closer", () => {
  assert.is(firstReminderOn("2026-03-10", "2026-03-02"), "2026-03-07");
  assert.is(firstReminderOn("2026-03-05", "2026-03-02"), "2026-03-03");
  assert.is(firstReminderOn("2026-03-03", "2026-03-02"), "2026-03-03");
});

rules("reminderFor() sends « avant » up to the date, then « retard » and nothing after", () => {
  assert.equal(reminderFor("2026-03-10", "2026-03-07"), { kind: "avant", next: "2026-03-11" });
  assert.equal(reminderFor("2026-03-10", "2026-03-10"), { kind: "avant", next: "2026-03-11" });
  assert.equal(reminderFor("2026-03-10", "2026-03-11"), { kind: "retard", next: null });
});

rules("reminderDay() counts from 08:00 in Paris, in winter and in summer", () => {
  assert.is(reminderDay(new Date("2026-03-07T06:59:00Z")), "2026-03-06");
  assert.is(reminderDay(new Date("2026-03-07T07:00:00Z")), "2026-03-07");
  assert.is(reminderDay(new Date("2026-07-07T05:59:00Z")), "2026-07-06");
  assert.is(reminderDay(new Date("2026-07-07T06:00:00Z")), "2026-07-07");
});

rules("dueOnProblem() wants tomorrow at the earliest and a year at most, in Paris", () => {
  const now = new Date("2026-03-02T23:30:00Z"); // already 3 March in Paris
  assert.match(dueOnProblem("2026-03-03", now)!, /au plus tôt demain/);
  assert.is(dueOnProblem("2026-03-04", now), null);
  assert.is(dueOnProblem("2027-03-03", now), null);
  assert.match(dueOnProblem("2027-03-04", now)!, /dans un an au plus/);
});

rules("dueOnSchema refuses what is not a real calendar date", () => {
  assert.ok(v.safeParse(dueOnSchema, "2028-02-29").success);
  for (const bad of ["2027-02-29", "2026-13-01", "3/03/2026", "", 5]) {
    assert.not.ok(v.safeParse(dueOnSchema, bad).success, String(bad));
  }
});

rules("isLate() from the day after the date, never once answered or revoked", () => {
  const a = { dueOn: "2026-03-10", answeredAt: null, revoked: false };
  assert.is(isLate(a, new Date("2026-03-10T22:30:00Z")), false, "still the 10th in Paris");
  assert.is(isLate(a, new Date("2026-03-10T23:30:00Z")), true);
  assert.is(isLate({ ...a, answeredAt: "2026-03-12" }, new Date("2026-03-20")), false);
  assert.is(isLate({ ...a, revoked: true }, new Date("2026-03-20")), false);
  assert.is(isLate({ ...a, dueOn: null }, new Date("2026-03-20")), false);
});

rules.run();
