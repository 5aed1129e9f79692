/**
 * A write transaction no other writer can interleave with, for a read-merge-write.
 *
 * Kysely's `transaction()` on SQLite opens with a plain (deferred) `BEGIN`: it reads from a
 * snapshot and asks for the write lock only at its first write. Within one process that is
 * enough (Kysely holds the one connection for the whole transaction), but a second process
 * on the same file could commit between the read and the write: the first then fails with
 * SQLITE_BUSY instead of waiting. `BEGIN IMMEDIATE` takes the write lock before the first
 * read, waiting up to `busy_timeout` for it, so what is read is still current when written.
 *
 * On PostgreSQL, a transaction about one thing (a dossier) names it with `lock`: it runs READ
 * COMMITTED and takes that lock first (the dossier's row `FOR UPDATE`), so writers of the same
 * dossier go one after the other, as on SQLite, while those of other dossiers run alongside;
 * shared counters are updated by atomic upserts that wait for each other. Without `lock`, it
 * is SERIALIZABLE: PostgreSQL lets concurrent transactions run and aborts one whose reads
 * another has changed (SQLSTATE 40001).
 *
 * Measured by `deno task bench scaling` with 16 usagers saving and depositing their own
 * dossiers: SERIALIZABLE for every save and deposit aborted thousands of transactions (false
 * conflicts on index pages, and every deposit of a groupe updating its counter rows), and
 * 8 tries were not always enough — a 500 for the usager. A lock per dossier has no such
 * conflicts.
 *
 * Either way a transaction PostgreSQL aborts (40001, or a deadlock, 40P01) is run again from
 * the start, up to `ATTEMPTS` times, after a random pause that doubles each time. So `fn` may
 * run more than once: its effects must stay in the database (or be harmless to repeat), as
 * they are for every caller.
 */
import { CompiledQuery } from "kysely";
import { type Db, dialectOf } from "./mod.ts";
import { directSqlite, lendDirect } from "./sqlite_driver.ts";
import { followTransaction } from "./committed.ts";

/** How many times a PostgreSQL transaction is tried before its serialization failure is thrown. */
export const ATTEMPTS = 8;

/** Whether `error` is PostgreSQL asking for the transaction to be tried again. */
export function isSerializationFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40001" || code === "40P01";
}

// Compiled once: a save runs them on every keystroke pause.
const BEGIN = CompiledQuery.raw("begin immediate");
const COMMIT = CompiledQuery.raw("commit");
const ROLLBACK = CompiledQuery.raw("rollback");

/** How a write transaction keeps others out on PostgreSQL (SQLite admits one writer at a time). */
export interface WriteOptions {
  /**
   * Takes the lock of what the transaction is about (e.g. `lockDossier`), before anything
   * else; the transaction then runs READ COMMITTED instead of SERIALIZABLE.
   */
  readonly lock?: (trx: Db) => Promise<void>;
}

/**
 * Runs `fn` in a write transaction — `BEGIN IMMEDIATE` on SQLite, on the connection it holds —
 * committed, or rolled back if it throws.
 */
export async function writeTransaction<T>(
  db: Db,
  fn: (trx: Db) => Promise<T>,
  opts: WriteOptions = {},
): Promise<T> {
  if (dialectOf(db) === "postgres") {
    const { lock } = opts;
    for (let attempt = 1;; attempt++) {
      let followed: ReturnType<typeof followTransaction> | undefined;
      try {
        const body = async (trx: Db) => {
          followed = followTransaction(db, trx);
          if (lock) await lock(trx);
          return await fn(trx);
        };
        const result = lock
          ? await db.transaction().execute(body)
          : await db.transaction().setIsolationLevel("serializable").execute(body);
        followed?.committed();
        return result;
      } catch (error) {
        if (attempt >= ATTEMPTS || !isSerializationFailure(error)) throw error;
        // Random and doubling (20, 40… 1,280 ms at most): transactions of several processes
        // last longer than a few ms, and one that starts again at once meets the same others.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
      } finally {
        followed?.end();
      }
    }
  }
  return await db.connection().execute(async (conn) => {
    // The connection is ours until this returns: its statements may skip Kysely's executor.
    const takeBack = lendDirect(db, conn);
    const followed = followTransaction(db, conn);
    const direct = directSqlite(conn);
    const run = (query: CompiledQuery) =>
      direct ? direct(query.sql, query.parameters) : conn.executeQuery(query);
    try {
      await run(BEGIN);
      try {
        const result = await fn(conn);
        await run(COMMIT);
        followed.committed();
        return result;
      } catch (error) {
        // What failed is the error to tell; a rollback SQLite already did is no news. A
        // commit that failed is rolled back too: the connection goes back with no transaction.
        try {
          await run(ROLLBACK);
        } catch {
          // Nothing to undo.
        }
        throw error;
      }
    } finally {
      followed.end();
      takeBack();
    }
  });
}
