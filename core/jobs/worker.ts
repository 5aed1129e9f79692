/**
 * The in-process worker: claims due jobs one at a time, runs their handler, and records the
 * outcome. A handler that throws (or a process that dies mid-job) leads to a retry with
 * backoff, up to the job's attempt limit; then the job is `failed` and shown to the
 * super-admin. Handlers must be idempotent: a job may run again after a crash.
 *
 * While a handler runs, its lease is renewed every heartbeat (`HEARTBEAT_MS`, lease
 * `LEASE_MS`): a live worker keeps its job however long it takes, and the jobs of a process
 * that died are taken back by another once their lease runs out, within a minute. A beat that
 * finds the job taken back (this worker stalled past its lease) aborts the handler's `signal`,
 * and the worker then records nothing: the newer try tells the outcome.
 */
import type { Db } from "../db/mod.ts";
import { HEARTBEAT_MS, LEASE_MS, retryDelayMs } from "./model.ts";
import { claimNext, markDone, markRetry, releaseExpiredLeases, renewLease } from "./store.ts";

/** The try of a job a handler runs. */
export interface RunningJob {
  readonly id: number;
  /** 1 on the first try, 2 on the second… */
  readonly attempt: number;
  /** When the job was queued: with `id`, it names the job, the same on every try. */
  readonly createdAt: string;
  /** Aborted when this try has lost its lease: another worker runs the job now. */
  readonly signal: AbortSignal;
}

export type JobHandler = (payload: unknown, job: RunningJob) => Promise<void>;

export interface Worker {
  /** Runs every job due now (and those that become due while running); resolves when idle. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Creates a worker over `handlers` (by job kind); `pollMs` defaults to 250, `leaseMs` to
 * `LEASE_MS`, `heartbeatMs` to `HEARTBEAT_MS` (tests shorten them to see a crash quickly).
 */
export function createWorker(
  db: Db,
  opts: {
    handlers: Readonly<Record<string, JobHandler>>;
    clock: () => Date;
    pollMs?: number;
    leaseMs?: number;
    heartbeatMs?: number;
    log?: (message: string) => void;
  },
): Worker {
  const pollMs = opts.pollMs ?? 250;
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  const log = opts.log ?? ((m: string) => console.error(m));
  const iso = (ms: number) => new Date(ms).toISOString();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  /** Renews the lease every heartbeat until `stop()`; aborts `lost` when a renewal fails. */
  const heartbeat = (job: { id: number; kind: string; attempts: number }) => {
    const lost = new AbortController();
    let done = false;
    const beat = setInterval(async () => {
      const at = opts.clock().getTime();
      try {
        const kept = await renewLease(db, job.id, {
          attempt: job.attempts,
          lockedUntil: iso(at + leaseMs),
          now: iso(at),
        });
        if (kept || done) return;
        clearInterval(beat);
        log(
          `Job ${job.id} (${job.kind}), attempt ${job.attempts}: lease lost, another try runs it`,
        );
        lost.abort(new Error(`Job ${job.id} lost its lease`));
      } catch (error) {
        log(`Job ${job.id} (${job.kind}): lease not renewed: ${(error as Error).message}`);
      }
    }, heartbeatMs);
    return {
      signal: lost.signal,
      stop() {
        done = true;
        clearInterval(beat);
      },
    };
  };

  const runOne = async (): Promise<boolean> => {
    const now = opts.clock().getTime();
    const job = await claimNext(db, iso(now), iso(now + leaseMs));
    if (!job) return false;
    const handler = opts.handlers[job.kind];
    const lease = heartbeat(job);
    const attempt = job.attempts;
    try {
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload), {
        id: job.id,
        attempt,
        createdAt: job.created_at,
        signal: lease.signal,
      });
      lease.stop();
      if (lease.signal.aborted) return true;
      if (!await markDone(db, job.id, { attempt, now: opts.clock().toISOString() })) {
        log(`Job ${job.id} (${job.kind}), attempt ${attempt}: done, but another try had taken it`);
      }
    } catch (error) {
      lease.stop();
      const message = (error as Error)?.message ?? String(error);
      log(`Job ${job.id} (${job.kind}) failed, attempt ${attempt}: ${message}`);
      if (lease.signal.aborted) return true;
      const at = opts.clock();
      const final = attempt >= job.max_attempts;
      await markRetry(db, job.id, {
        attempt,
        status: final ? "failed" : "pending",
        runAt: new Date(at.getTime() + (final ? 0 : retryDelayMs(attempt))).toISOString(),
        error: message,
        now: at.toISOString(),
      });
    } finally {
      lease.stop();
    }
    return true;
  };

  const drain = (): Promise<number> => {
    running ??= (async () => {
      let count = 0;
      try {
        let released = -Infinity;
        // Leases that ran out are put back at the start and, in a long drain, every heartbeat.
        const releaseIfDue = async () => {
          const now = opts.clock().getTime();
          if (now - released < heartbeatMs) return;
          released = now;
          await releaseExpiredLeases(db, iso(now));
        };
        await releaseIfDue();
        while (await runOne()) {
          count++;
          await releaseIfDue();
        }
      } finally {
        running = undefined;
      }
      return count;
    })();
    return running;
  };

  const tick = async () => {
    if (stopped) return;
    try {
      await drain();
    } catch (error) {
      log(`Job worker error: ${(error as Error).message}`);
    }
    if (!stopped) timer = setTimeout(tick, pollMs);
  };

  return {
    drain,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
