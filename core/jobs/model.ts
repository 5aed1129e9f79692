/** Pure rules of the job queue: states, retry delays. */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";

export const JOB_STATUSES = ["pending", "running", "done", "failed"] as const;
export type JobStatus = typeof JOB_STATUSES[number];

/**
 * How long a claimed job is leased before another worker may take it over. The worker renews
 * it every `HEARTBEAT_MS` while the job runs, so a long export keeps its lease and the jobs of
 * a process that died are taken back within a minute.
 */
export const LEASE_MS = 60_000;

/** How often a running job's lease is renewed: four beats may be missed before it is lost. */
export const HEARTBEAT_MS = 15_000;

/** Default number of tries before a job is marked failed. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** Delay before the next try: 10 s, 20 s, 40 s… capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export const jobListInput = v.object({
  status: v.optional(v.picklist(JOB_STATUSES, "Statut de tâche inconnu")),
  before: v.optional(rowId("Le curseur « before » doit être un numéro de tâche.")),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)), 50),
});
