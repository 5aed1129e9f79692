import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { enqueue } from "../../../core/jobs/queue.ts";
import { createWorker } from "../../../core/jobs/worker.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

const job = (t: TestInstance, id: number) =>
  t.deps.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until `ok()` or `ms` have passed; says which. */
async function waitUntil(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await sleep(10);
  return ok();
}

const crash = suite<{ t: TestInstance }>("job worker, after a crash");
crash.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
crash.after(async (ctx) => {
  await ctx.t.stop();
});

crash(
  "a job whose process is killed mid-run is kept while it lives, then re-run by another worker",
  async ({ t }) => {
    const leaseMs = 2_000, heartbeatMs = 400;
    const id = await enqueue(t.deps.db, "test.block", { n: 1 }, {
      now: new Date().toISOString(),
    });
    await t.deps.db.updateTable("jobs").set({ payload: JSON.stringify({ id }) })
      .where("id", "=", id).execute();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../helpers/job_worker_process.ts", import.meta.url).pathname,
        JSON.stringify(t.database),
        String(leaseMs),
        String(heartbeatMs),
      ],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      let text = "";
      const deadline = Date.now() + 30_000;
      while (!text.includes("\n") && Date.now() < deadline) {
        const next = await Promise.race([
          out.read(),
          sleep(deadline - Date.now()).then(() => undefined),
        ]);
        if (!next || next.done) break;
        text += next.value;
      }
      assert.is(text.split("\n")[0], `started ${id}`);
      // Past its first lease, the running process still holds the job: its heartbeat renews it.
      await sleep(leaseMs * 2);
      let row = await job(t, id);
      assert.is(row.status, "running");
      assert.ok(row.locked_until! > new Date().toISOString(), "lease renewed");

      child.kill("SIGKILL");
      assert.is((await child.status).signal, "SIGKILL");
      const killedAt = Date.now();
      const reruns: unknown[] = [];
      const worker = createWorker(t.deps.db, {
        clock: () => new Date(),
        leaseMs,
        heartbeatMs,
        pollMs: 50,
        log: () => {},
        handlers: {
          "test.block": (payload) => {
            reruns.push(payload);
            return Promise.resolve();
          },
        },
      });
      worker.start();
      await waitUntil(() => reruns.length > 0, 60_000);
      await worker.stop();
      assert.is(reruns.length, 1, "re-run within a minute");
      assert.equal(reruns[0], { id });
      assert.ok(Date.now() - killedAt <= leaseMs + 1_000, "taken back once the lease ran out");
      row = await job(t, id);
      assert.is(row.status, "done");
      assert.is(row.attempts, 2);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* already dead */ }
      await out.cancel().catch(() => {});
      await child.status;
    }
  },
);

crash(
  "a worker whose lease was taken back records nothing when its try ends",
  async ({ t }) => {
    const id = await enqueue(t.deps.db, "test.slow", null, { now: new Date().toISOString() });
    let release!: () => void;
    const slowDone = new Promise<void>((r) => release = r);
    let started = false;
    let signal: AbortSignal | undefined;
    // Worker A stalls past its lease (its clock says the lease ended long ago)…
    let aNow = Date.now();
    const a = createWorker(t.deps.db, {
      clock: () => new Date(aNow),
      leaseMs: 1_000,
      heartbeatMs: 50,
      log: () => {},
      handlers: {
        "test.slow": async (_payload, running) => {
          started = true;
          signal = running?.signal;
          await slowDone;
        },
      },
    });
    const aDrain = a.drain();
    assert.ok(await waitUntil(() => started, 10_000), "A runs the job");
    // …so worker B takes the job back and its try fails: the job waits for a retry.
    const b = createWorker(t.deps.db, {
      clock: () => new Date(Date.now() + 10 * 60_000),
      log: () => {},
      handlers: { "test.slow": () => Promise.reject(new Error("Essai de B en échec")) },
    });
    await b.drain();
    let row = await job(t, id);
    assert.is(row.status, "pending");
    assert.is(row.attempts, 2);
    // A's heartbeat finds its lease gone and aborts its try; A then ends well, and says nothing.
    aNow = Date.now();
    const aborted = await waitUntil(() => signal?.aborted === true, 5_000);
    release();
    await aDrain;
    row = await job(t, id);
    assert.is(row.status, "pending");
    assert.is(row.last_error, "Essai de B en échec");
    assert.is(row.attempts, 2);
    assert.ok(aborted, "A's try is aborted");
  },
);

crash.run();
