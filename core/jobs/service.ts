/** What the super-admin sees of the job queue: statuses, errors, and a manual retry. */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import type { JobStatus } from "./model.ts";
import * as store from "./store.ts";

/** Jobs newest first, optionally by status, paged by id (`before`). */
export async function listJobs(
  deps: Deps,
  actor: Actor | null,
  input: { status?: JobStatus; before?: number; limit: number },
) {
  authorize(actor, "taches.consulter");
  return await store.listJobs(deps.db, input);
}

/** Puts a failed job back in the queue, attempts reset. */
export async function retryJob(deps: Deps, actor: Actor | null, input: { id: number }) {
  const me = authorize(actor, "taches.consulter");
  await deps.db.transaction().execute(async (trx) => {
    if (!(await store.resetForRetry(trx, input.id, deps.clock().toISOString()))) {
      throw new AppError("CONFLICT", "Seule une tâche en échec peut être relancée.");
    }
    await deps.recordEvent(trx, {
      action: "tache.relancee",
      actor: me,
      target: { type: "tache", id: input.id },
    });
  });
}
