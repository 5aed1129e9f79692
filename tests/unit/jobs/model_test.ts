import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { jobListInput, retryDelayMs } from "../../../core/jobs/model.ts";

const retry = suite("retryDelayMs");

retry("waits 10 s after the first failure, then doubles", () => {
  assert.equal([1, 2, 3, 4, 5].map(retryDelayMs), [10_000, 20_000, 40_000, 80_000, 160_000]);
});

retry("never waits more than one hour", () => {
  assert.is(retryDelayMs(9), 2_560_000);
  assert.is(retryDelayMs(10), 3_600_000);
  assert.is(retryDelayMs(50), 3_600_000);
  assert.is(retryDelayMs(10_000), 3_600_000);
});

retry("treats zero or negative attempts like the first", () => {
  assert.is(retryDelayMs(0), 10_000);
  assert.is(retryDelayMs(-3), 10_000);
});

retry("grows strictly until the cap", () => {
  for (let n = 1; n < 9; n++) assert.ok(retryDelayMs(n + 1) > retryDelayMs(n));
});

const list = suite("jobListInput");

list("defaults to 50 jobs and refuses more than 200 or an unknown status", () => {
  assert.equal(v.parse(jobListInput, {}), { limit: 50 });
  assert.not.ok(v.safeParse(jobListInput, { limit: 201 }).success);
  assert.not.ok(v.safeParse(jobListInput, { limit: 0 }).success);
  const bad = v.safeParse(jobListInput, { status: "perdu" });
  assert.not.ok(bad.success);
  assert.is(bad.issues?.[0].message, "Statut de tâche inconnu");
});

retry.run();
list.run();
