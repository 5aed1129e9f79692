/** Queries of the `jobs` table, and of `conservation_runs` (the daily passes' claims). */
import { type Db, dialectOf, type Executor, jsonNumber } from "../db/mod.ts";
import type { JobStatus } from "./model.ts";
import { reusableQuery } from "../db/reusable_query.ts";

export interface NewJob {
  kind: string;
  payload: unknown;
  runAt?: string;
  maxAttempts: number;
}

// Compiled once (`reusableQuery`): every deposit and decision queues its e-mail with it.
const insertJobRow = reusableQuery((
  db,
  kind: string,
  payload: string,
  maxAttempts: number,
  runAt: string,
  now: string,
) =>
  db.insertInto("jobs").values({
    kind,
    payload,
    status: "pending",
    attempts: 0,
    max_attempts: maxAttempts,
    run_at: runAt,
    created_at: now,
    updated_at: now,
  }).returning("id")
);

export async function insertJob(db: Executor, job: NewJob, now: string): Promise<number> {
  const [row] = await insertJobRow(
    db,
    job.kind,
    JSON.stringify(job.payload),
    job.maxAttempts,
    job.runAt ?? now,
    now,
  );
  if (!row) throw new Error(`The job "${job.kind}" was not inserted`);
  return row.id;
}

/**
 * Takes the next due job, marking it running with a lease; `undefined` when none is due. On
 * PostgreSQL the row is locked and rows other processes hold are skipped (`FOR UPDATE SKIP
 * LOCKED`): without it, workers polling at once all picked the same first job, and all but
 * one found nothing while others waited. SQLite has one writer at a time.
 */
export async function claimNext(db: Db, now: string, lockedUntil: string) {
  return await db.transaction().execute(async (trx) => {
    const due = trx.selectFrom("jobs").select("id")
      .where("status", "=", "pending").where("run_at", "<=", now)
      .orderBy("run_at").orderBy("id").limit(1);
    const next = await (dialectOf(trx) === "postgres" ? due.forUpdate().skipLocked() : due)
      .executeTakeFirst();
    if (!next) return undefined;
    return await trx.updateTable("jobs")
      .set((eb) => ({
        status: "running",
        attempts: eb("attempts", "+", 1),
        locked_until: lockedUntil,
        updated_at: now,
      }))
      .where("id", "=", next.id).where("status", "=", "pending")
      .returningAll().executeTakeFirst();
  });
}

/**
 * Puts back jobs whose worker died holding the lease. One that had used its last attempt is
 * failed instead: a job that crashes the process would otherwise be taken again forever.
 */
export async function releaseExpiredLeases(db: Db, now: string): Promise<void> {
  const expired = db.updateTable("jobs")
    .where("status", "=", "running").where("locked_until", "<=", now);
  await expired.set({
    status: "failed",
    locked_until: null,
    last_error: "The job was interrupted (its worker stopped) on its last attempt",
    updated_at: now,
  }).whereRef("attempts", ">=", "max_attempts").execute();
  await expired.set({ status: "pending", locked_until: null, updated_at: now }).execute();
}

/**
 * Renews the lease of job `id` claimed for its `attempt`-th try; false when the job is no
 * longer that try's (another worker took it back after the lease ran out, or it was reset).
 */
export async function renewLease(
  db: Db,
  id: number,
  opts: { attempt: number; lockedUntil: string; now: string },
): Promise<boolean> {
  const r = await db.updateTable("jobs")
    .set({ locked_until: opts.lockedUntil, updated_at: opts.now })
    .where("id", "=", id).where("status", "=", "running").where("attempts", "=", opts.attempt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Marks the `attempt`-th try of job `id` done; false when that try had lost its lease. */
export async function markDone(
  db: Db,
  id: number,
  opts: { attempt: number; now: string },
): Promise<boolean> {
  const r = await db.updateTable("jobs")
    .set({ status: "done", locked_until: null, last_error: null, updated_at: opts.now })
    .where("id", "=", id).where("status", "=", "running").where("attempts", "=", opts.attempt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Records the failure of the `attempt`-th try of job `id`: `pending` again at `runAt`, or
 * `failed`. False when that try had lost its lease (the outcome is the newer try's to tell).
 */
export async function markRetry(
  db: Db,
  id: number,
  opts: { attempt: number; status: JobStatus; runAt: string; error: string; now: string },
): Promise<boolean> {
  const r = await db.updateTable("jobs")
    .set({
      status: opts.status,
      run_at: opts.runAt,
      locked_until: null,
      last_error: opts.error.slice(0, 2000),
      updated_at: opts.now,
    })
    .where("id", "=", id).where("status", "=", "running").where("attempts", "=", opts.attempt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listJobs(
  db: Db,
  opts: { status?: JobStatus; before?: number; limit: number },
) {
  let q = db.selectFrom("jobs")
    .select([
      "id",
      "kind",
      "status",
      "attempts",
      "max_attempts",
      "run_at",
      "last_error",
      "created_at",
      "updated_at",
    ])
    .orderBy("id", "desc").limit(opts.limit);
  if (opts.status) q = q.where("status", "=", opts.status);
  if (opts.before) q = q.where("id", "<", opts.before);
  return await q.execute();
}

export async function resetForRetry(db: Db, id: number, now: string): Promise<boolean> {
  const r = await db.updateTable("jobs")
    .set({ status: "pending", run_at: now, attempts: 0, updated_at: now })
    .where("id", "=", id).where("status", "=", "failed").executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Claims the run `name` at `at` unless it last ran at or after `before`. The claim is one
 * write: of two processes, one sees its row changed.
 */
export async function claimRun(
  db: Executor,
  name: string,
  opts: { at: string; before: string },
): Promise<boolean> {
  const claim = await db.insertInto("conservation_runs")
    .values({ name, last_run_at: opts.at })
    .onConflict((oc) =>
      oc.column("name").doUpdateSet({ last_run_at: opts.at })
        .where("conservation_runs.last_run_at", "<", opts.before)
    )
    .executeTakeFirst();
  return Number(claim.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Deletes the pending jobs of `kinds` whose payload names dossier `dossierId`. They are few (the
 * queue's index starts with the status); a job already running finds no dossier.
 */
export async function deletePendingForDossier(
  db: Executor,
  kinds: readonly string[],
  dossierId: number,
): Promise<void> {
  await db.deleteFrom("jobs").where("status", "=", "pending")
    .where("kind", "in", [...kinds])
    .where(jsonNumber(db, "payload", "dossierId"), "=", dossierId).execute();
}

/** The error of the latest try of a pending job of `kind` that failed and waits; null if none. */
export async function lastErrorOfPending(db: Executor, kind: string): Promise<string | null> {
  const row = await db.selectFrom("jobs").select("last_error")
    .where("status", "=", "pending").where("kind", "=", kind)
    .where("last_error", "is not", null)
    .orderBy("updated_at", "desc").limit(1).executeTakeFirst();
  return row?.last_error ?? null;
}

/** Jobs not done, by kind and status (`pending`, `running`, `failed`): few, on the queue's index. */
export async function countUnfinishedByKind(db: Executor) {
  const rows = await db.selectFrom("jobs")
    .select((eb) => ["kind", "status", eb.fn.countAll<number>().as("n")])
    .where("status", "in", ["pending", "running", "failed"])
    .groupBy(["kind", "status"]).execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status as JobStatus, n: Number(r.n) }));
}
