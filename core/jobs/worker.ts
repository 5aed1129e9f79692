/**
 * The in-process worker: claims due jobs one at a time, runs their handler, and records the
 * outcome. A handler that throws (or a process that dies mid-job) leads to a retry with
 * backoff, up to the job's attempt limit; then the job is `failed` and shown to the
 * super-admin. Handlers must be idempotent: a job may run again after a crash.
 */
import type { Db } from "../db/mod.ts";
import { LEASE_MS, retryDelayMs } from "./model.ts";
import { claimNext, markDone, markRetry, releaseExpiredLeases } from "./store.ts";

export type JobHandler = (payload: unknown) => Promise<void>;

export interface Worker {
  /** Runs every job due now (and those that become due while running); resolves when idle. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** Creates a worker over `handlers` (by job kind); `pollMs` defaults to 250. */
export function createWorker(
  db: Db,
  opts: {
    handlers: Readonly<Record<string, JobHandler>>;
    clock: () => Date;
    pollMs?: number;
    log?: (message: string) => void;
  },
): Worker {
  const pollMs = opts.pollMs ?? 250;
  const log = opts.log ?? ((m: string) => console.error(m));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  const runOne = async (): Promise<boolean> => {
    const now = opts.clock();
    const job = await claimNext(
      db,
      now.toISOString(),
      new Date(now.getTime() + LEASE_MS).toISOString(),
    );
    if (!job) return false;
    const handler = opts.handlers[job.kind];
    try {
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload));
      await markDone(db, job.id, opts.clock().toISOString());
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      const at = opts.clock();
      const final = job.attempts >= job.max_attempts;
      log(`Job ${job.id} (${job.kind}) failed, attempt ${job.attempts}: ${message}`);
      await markRetry(db, job.id, {
        status: final ? "failed" : "pending",
        runAt: new Date(at.getTime() + (final ? 0 : retryDelayMs(job.attempts))).toISOString(),
        error: message,
        now: at.toISOString(),
      });
    }
    return true;
  };

  const drain = (): Promise<number> => {
    running ??= (async () => {
      let count = 0;
      try {
        await releaseExpiredLeases(db, opts.clock().toISOString());
        while (await runOne()) count++;
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
