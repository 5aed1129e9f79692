/**
 * Enqueueing a job. Callers pass the transaction of the change that causes the job, so the
 * change and its consequences commit together (an outbox).
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { DEFAULT_MAX_ATTEMPTS } from "./model.ts";
import { insertJob } from "./store.ts";

/**
 * Adds a job inside the caller's transaction.
 *
 * @example
 * ```ts
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto("users").values(user).execute();
 *   await enqueue(trx, "notification.send", { channel: "email", message }, { now });
 * });
 * ```
 */
export async function enqueue(
  trx: Transaction<Database> | Kysely<Database>,
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
