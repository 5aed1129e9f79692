import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { TRPCClientError } from "@trpc/client";
import { DEFAULT_MAX_ATTEMPTS, retryDelayMs } from "../../../core/jobs/model.ts";
import { SEND_JOB } from "../../../core/notifications/service.ts";
import {
  keepSessionsOpen,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";

let clockNow = new Date("2026-05-04T07:30:00.000Z");
const advance = (ms: number) => {
  clockNow = new Date(clockNow.getTime() + ms);
};

type Agent = Awaited<ReturnType<typeof superAdminAgent>>;

const jobs = suite<{ t: TestInstance; superAdmin: Agent }>("superadmin.jobs with a broken SMTP");
jobs.before(async (ctx) => {
  // Nothing listens on port 1: every e-mail fails to leave, as when the relay is down.
  ctx.t = await startTestInstance({
    clock: () => new Date(clockNow),
    env: { SMTP_URL: "smtp://127.0.0.1:1" },
  });
  ctx.superAdmin = await superAdminAgent(ctx.t);
  // The retries move the clock hours ahead: the session must outlive it.
  await keepSessionsOpen(ctx.t);
});
jobs.after(async (ctx) => {
  await ctx.t.stop();
});

async function mailJob(superAdmin: Agent) {
  const list = await superAdmin.trpc.superadmin.jobs.list.query({});
  const job = list.find((j) => j.kind === SEND_JOB);
  assert.ok(job, "the confirmation e-mail is a job");
  return job!;
}

jobs(
  "an e-mail that cannot be sent stays queued, with the error, for the super-admin",
  async ({ t, superAdmin }) => {
    assert.is(t.catcher, undefined);
    await t.agent().trpc.auth.signUp.mutate({
      email: "relais@exemple.fr",
      password: "Un-mot-de-passe-solide-42",
    });
    await t.flush();
    const job = await mailJob(superAdmin);
    assert.is(job.status, "pending");
    assert.is(job.attempts, 1);
    assert.is(job.max_attempts, DEFAULT_MAX_ATTEMPTS);
    assert.match(job.last_error ?? "", /ECONNREFUSED|connect/i);
    assert.is(new Date(job.run_at).getTime(), clockNow.getTime() + retryDelayMs(1));
    // The payload (with its confirmation link) is not exposed in the list.
    assert.not.ok("payload" in job);
  },
);

jobs("only a failed job can be put back by hand", async ({ superAdmin }) => {
  const job = await mailJob(superAdmin);
  const res = await superAdmin.call("superadmin.jobs.retry", { id: job.id });
  assert.is(res.status, 409);
  assert.is(res.body.error.message, "Seule une tâche en échec peut être relancée.");
  const missing = await superAdmin.call("superadmin.jobs.retry", { id: 999_999 });
  assert.is(missing.status, 409);
});

jobs(
  "it is retried with backoff and ends failed after its last attempt",
  async ({ t, superAdmin }) => {
    for (let attempt = 1; attempt < DEFAULT_MAX_ATTEMPTS; attempt++) {
      assert.is(await t.worker.drain(), 0, `no retry before the backoff (attempt ${attempt})`);
      advance(retryDelayMs(attempt));
      assert.is(await t.worker.drain(), 1, `retry ${attempt}`);
    }
    const job = await mailJob(superAdmin);
    assert.is(job.status, "failed");
    assert.is(job.attempts, DEFAULT_MAX_ATTEMPTS);
    assert.match(job.last_error ?? "", /ECONNREFUSED|connect/i);
    const failed = await superAdmin.trpc.superadmin.jobs.list.query({ status: "failed" });
    assert.equal(failed.map((j) => j.id), [job.id]);
    advance(86_400_000);
    assert.is(await t.worker.drain(), 0, "a failed job is not retried on its own");
  },
);

jobs(
  "superadmin.jobs.retry puts a failed job back in the queue, due now",
  async ({ t, superAdmin }) => {
    const job = await mailJob(superAdmin);
    const res = await superAdmin.trpc.superadmin.jobs.retry.mutate({ id: job.id });
    assert.equal(res, { ok: true });
    const again = await mailJob(superAdmin);
    assert.is(again.status, "pending");
    assert.is(again.attempts, 0);
    assert.is(again.run_at, clockNow.toISOString());
    assert.equal(await superAdmin.trpc.superadmin.jobs.list.query({ status: "failed" }), []);
    assert.is(await t.worker.drain(), 1, "it runs at the next pass");
    assert.is((await mailJob(superAdmin)).attempts, 1);
  },
);

jobs("the list pages newest first and filters by status", async ({ t, superAdmin }) => {
  for (const email of ["a@exemple.fr", "b@exemple.fr"]) {
    await t.agent().trpc.auth.requestPasswordReset.mutate({ email });
  }
  await t.agent().trpc.auth.signUp.mutate({
    email: "page@exemple.fr",
    password: "Un-mot-de-passe-solide-42",
  });
  const all = await superAdmin.trpc.superadmin.jobs.list.query({});
  const ids = all.map((j) => j.id);
  assert.equal(ids, [...ids].sort((a, b) => b - a));
  const [first] = await superAdmin.trpc.superadmin.jobs.list.query({ limit: 1 });
  assert.is(first.id, ids[0]);
  const next = await superAdmin.trpc.superadmin.jobs.list.query({ before: ids[0], limit: 1 });
  assert.is(next[0].id, ids[1]);
  const done = await superAdmin.trpc.superadmin.jobs.list.query({ status: "done" });
  assert.equal(done, []);
  const error = await superAdmin.trpc.superadmin.jobs.list.query({ limit: 500 }).catch((e) => e);
  assert.instance(error, TRPCClientError);
  assert.is(error.data?.httpStatus, 400);
});

jobs.run();
