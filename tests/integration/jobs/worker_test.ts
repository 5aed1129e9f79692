import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { enqueue } from "../../../core/jobs/queue.ts";
import { LEASE_MS } from "../../../core/jobs/model.ts";
import { createWorker, type JobHandler, type Worker } from "../../../core/jobs/worker.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

interface Ctx {
  t: TestInstance;
  worker: Worker;
  runs: { kind: string; payload: unknown; at: string }[];
  failuresLeft: number;
}

let clockNow = new Date("2026-04-01T10:00:00.000Z");
const clock = () => new Date(clockNow);
const advance = (ms: number) => {
  clockNow = new Date(clockNow.getTime() + ms);
};

const queue = suite<Ctx>("job worker");
queue.before(async (ctx) => {
  ctx.t = await startTestInstance({ clock });
  ctx.runs = [];
  ctx.failuresLeft = 0;
  const record = (kind: string): JobHandler => (payload) => {
    ctx.runs.push({ kind, payload, at: clock().toISOString() });
    return Promise.resolve();
  };
  ctx.worker = createWorker(ctx.t.deps.db, {
    clock,
    log: () => {},
    handlers: {
      "test.ok": record("test.ok"),
      "test.flaky": (payload, job) => {
        if (ctx.failuresLeft-- > 0) {
          return Promise.reject(new Error("Service distant indisponible"));
        }
        return record("test.flaky")(payload, job);
      },
      "test.broken": () => Promise.reject(new Error("Always broken")),
    },
  });
});
queue.before.each((ctx) => {
  ctx.runs.length = 0;
  ctx.failuresLeft = 0;
});
queue.after(async (ctx) => {
  await ctx.worker.stop();
  await ctx.t.stop();
});

const now = () => clock().toISOString();
const job = (t: TestInstance, id: number) =>
  t.deps.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

queue("runs a due job once with its payload, then marks it done", async ({ t, worker, runs }) => {
  const id = await enqueue(t.deps.db, "test.ok", { dossier: 7, texte: "é" }, { now: now() });
  assert.is(await worker.drain(), 1);
  assert.equal(runs.map((r) => r.payload), [{ dossier: 7, texte: "é" }]);
  const row = await job(t, id);
  assert.is(row.status, "done");
  assert.is(row.attempts, 1);
  assert.is(await worker.drain(), 0);
  assert.is(runs.length, 1);
});

queue("a job scheduled later waits for its time; due jobs run oldest first", async (ctx) => {
  const { t, worker, runs } = ctx;
  await enqueue(t.deps.db, "test.ok", "plus tard", {
    now: now(),
    runAt: new Date(clockNow.getTime() + 60_000).toISOString(),
  });
  await enqueue(t.deps.db, "test.ok", "premier", { now: now() });
  await enqueue(t.deps.db, "test.ok", "second", { now: now() });
  await worker.drain();
  assert.equal(runs.map((r) => r.payload), ["premier", "second"]);
  advance(60_000);
  await worker.drain();
  assert.equal(runs.map((r) => r.payload), ["premier", "second", "plus tard"]);
});

queue("a failing job is retried after its backoff, not before", async (ctx) => {
  const { t, worker, runs } = ctx;
  ctx.failuresLeft = 2;
  const id = await enqueue(t.deps.db, "test.flaky", "x", { now: now() });
  await worker.drain();
  let row = await job(t, id);
  assert.is(row.status, "pending");
  assert.is(row.attempts, 1);
  assert.is(row.last_error, "Service distant indisponible");

  advance(9_000);
  assert.is(await worker.drain(), 0);
  advance(1_000);
  assert.is(await worker.drain(), 1);
  row = await job(t, id);
  assert.is(row.attempts, 2);
  assert.is(row.status, "pending");

  advance(19_999);
  assert.is(await worker.drain(), 0);
  advance(1);
  assert.is(await worker.drain(), 1);
  row = await job(t, id);
  assert.is(row.status, "done");
  assert.is(row.last_error, null);
  assert.is(runs.length, 1);
});

queue(
  "a job that keeps failing ends failed after its last attempt, with the error",
  async (ctx) => {
    const { t, worker } = ctx;
    const id = await enqueue(t.deps.db, "test.broken", null, { now: now(), maxAttempts: 3 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      assert.is(await worker.drain(), 1, `attempt ${attempt}`);
      advance(3_600_000);
    }
    const row = await job(t, id);
    assert.is(row.status, "failed");
    assert.is(row.attempts, 3);
    assert.is(row.last_error, "Always broken");
    assert.is(await worker.drain(), 0);
  },
);

queue("a job of an unknown kind fails with a reason instead of blocking the queue", async (ctx) => {
  const { t, worker } = ctx;
  const id = await enqueue(t.deps.db, "test.inconnu", null, { now: now(), maxAttempts: 1 });
  await enqueue(t.deps.db, "test.ok", "après", { now: now() });
  assert.is(await worker.drain(), 2);
  const row = await job(t, id);
  assert.is(row.status, "failed");
  assert.is(row.last_error, 'No handler for job kind "test.inconnu"');
  assert.equal(ctx.runs.map((r) => r.payload), ["après"]);
});

async function orphan(t: TestInstance, opts: { lockedUntil: Date; attempts?: number }) {
  const id = await enqueue(t.deps.db, "test.ok", "orphelin", { now: now(), maxAttempts: 3 });
  await t.deps.db.updateTable("jobs").set({
    status: "running",
    attempts: opts.attempts ?? 1,
    locked_until: opts.lockedUntil.toISOString(),
  }).where("id", "=", id).execute();
  return id;
}

queue("a job whose worker died is taken again once its lease has expired", async (ctx) => {
  const { t, worker } = ctx;
  const id = await orphan(t, { lockedUntil: new Date(clockNow.getTime() + LEASE_MS) });
  assert.is(await worker.drain(), 0, "lease still held");
  assert.is((await job(t, id)).status, "running");
  advance(LEASE_MS);
  assert.is(await worker.drain(), 1);
  const row = await job(t, id);
  assert.is(row.status, "done");
  assert.is(row.attempts, 2);
  assert.equal(ctx.runs.map((r) => r.payload), ["orphelin"]);
});

queue("a job whose worker died on its last attempt is failed, not run forever", async (ctx) => {
  const { t, worker } = ctx;
  const id = await orphan(t, { lockedUntil: new Date(clockNow.getTime() - 1), attempts: 3 });
  assert.is(await worker.drain(), 0);
  const row = await job(t, id);
  assert.is(row.status, "failed");
  assert.match(row.last_error ?? "", /interrupted/);
  assert.equal(ctx.runs, []);
});

queue("a job enqueued in a transaction that rolls back never exists", async (ctx) => {
  const { t, worker } = ctx;
  const count = async () =>
    (await t.deps.db.selectFrom("jobs").select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow()).n;
  const before = await count();
  await t.deps.db.transaction().execute(async (trx) => {
    await enqueue(trx, "test.ok", "fantôme", { now: now() });
    throw new Error("The change that caused it failed");
  }).catch(() => {});
  assert.is(await count(), before);
  await t.deps.db.transaction().execute(async (trx) => {
    await enqueue(trx, "test.ok", "réel", { now: now() });
  });
  assert.is(await count(), before + 1);
  await worker.drain();
  assert.equal(ctx.runs.map((r) => r.payload), ["réel"]);
});

queue("drain() called twice at once runs each job once", async (ctx) => {
  const { t, worker } = ctx;
  for (let i = 0; i < 5; i++) await enqueue(t.deps.db, "test.ok", i, { now: now() });
  const [a, b] = await Promise.all([worker.drain(), worker.drain()]);
  assert.is(a, 5);
  assert.is(b, 5);
  assert.equal(ctx.runs.map((r) => r.payload), [0, 1, 2, 3, 4]);
});

queue.run();
