/**
 * Claiming jobs from several workers at once (several processes share one PostgreSQL database:
 * `deno task test --postgres jobs/claim`; the test instance's pool runs the claims side by side).
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { enqueue } from "../../../core/jobs/queue.ts";
import { claimNext } from "../../../core/jobs/store.ts";
import { claimDailyRun } from "../../../core/jobs/daily.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

const claim = suite<{ t: TestInstance }>("job claims at once");
claim.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
claim.after(async (ctx) => {
  await ctx.t.stop();
});

claim("four claims at once on four due jobs take one job each", async ({ t }) => {
  const now = new Date().toISOString();
  const ids: number[] = [];
  for (let i = 0; i < 4; i++) ids.push(await enqueue(t.deps.db, "test.ok", { i }, { now }));
  const lease = new Date(Date.now() + 60_000).toISOString();
  const claimed = await Promise.all(ids.map(() => claimNext(t.deps.db, now, lease)));
  assert.equal(claimed.map((j) => j?.id).sort((a, b) => (a ?? 0) - (b ?? 0)), ids);
  for (const job of claimed) assert.is(job!.attempts, 1);
});

claim("of four processes claiming a daily pass at once, one runs it, once a day", async ({ t }) => {
  const claimsAt = async (iso: string) =>
    (await Promise.all(
      [1, 2, 3, 4].map(() => claimDailyRun(t.deps.db, "test.daily", new Date(iso), 3)),
    )).filter(Boolean).length;
  assert.is(await claimsAt("2026-05-04T03:05:00.000Z"), 1, "the first day");
  assert.is(await claimsAt("2026-05-04T22:00:00.000Z"), 0, "later the same day");
  assert.is(await claimsAt("2026-05-05T03:01:00.000Z"), 1, "the next day");
});

claim.run();
