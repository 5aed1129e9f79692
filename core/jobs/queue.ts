/**
 * Enqueueing a job. Callers pass the transaction of the change that causes the job, so the
 * change and its consequences commit together (an outbox).
 */
import type { Executor } from "../db/mod.ts";
import { DEFAULT_MAX_ATTEMPTS } from "./model.ts";
import { insertJob } from "./store.ts";

/**
 * Adds a job inside the caller's transaction.
 *
 * @example
 * ```ts
 * await db.transaction().execute(async (trx) => {
 *   const userId = await store.insertUser(trx, user);
 *   await enqueue(trx, "notification.send", { channel: "email", message }, { now });
 * });
 * ```
 */
export async function enqueue(
  trx: Executor,
  kind: string,
  payload: unknown,
  opts: { now: string; runAt?: string; maxAttempts?: number },
): Promise<number> {
  return await insertJob(trx, {
    kind,
    payload,
    runAt: opts.runAt,
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  }, opts.now);
}
