/**
 * Passes that run once a day (conservation, implicit decisions): each process checks every
 * few minutes, and the first to see the day's hour claims the day with one write, so of two
 * processes — or a restart — only one runs it.
 */
import type { Executor } from "../db/mod.ts";
import { claimRun } from "./store.ts";

/**
 * Claims today's run of `name` once `hourUtc` has passed (a run missed while the server was
 * down is claimed as soon as it is back); false when it already ran since that hour.
 */
export async function claimDailyRun(
  db: Executor,
  name: string,
  now: Date,
  hourUtc: number,
): Promise<boolean> {
  const threshold = new Date(now);
  threshold.setUTCHours(hourUtc, 0, 0, 0);
  if (threshold > now) threshold.setUTCDate(threshold.getUTCDate() - 1);
  return await claimRun(db, name, { at: now.toISOString(), before: threshold.toISOString() });
}
