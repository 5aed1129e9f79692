/**
 * A write transaction no other writer can interleave with, for a read-merge-write.
 *
 * Kysely's `transaction()` on SQLite opens with a plain (deferred) `BEGIN`: it reads from a
 * snapshot and asks for the write lock only at its first write. Within one process that is
 * enough (Kysely holds the one connection for the whole transaction), but a second process
 * on the same file could commit between the read and the write: the first then fails with
 * SQLITE_BUSY instead of waiting. `BEGIN IMMEDIATE` takes the write lock before the first
 * read, waiting up to `busy_timeout` for it, so what is read is still current when written.
 * (On PostgreSQL the same is a `SELECT … FOR UPDATE` of the row in a transaction.)
 */
import { CompiledQuery } from "kysely";
import type { Db } from "./mod.ts";

// Compiled once: a save runs them on every keystroke pause.
const BEGIN = CompiledQuery.raw("begin immediate");
const COMMIT = CompiledQuery.raw("commit");
const ROLLBACK = CompiledQuery.raw("rollback");

/** Runs `fn` in a `BEGIN IMMEDIATE` transaction on the connection it holds: commit, or rollback if it throws. */
export async function writeTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return await db.connection().execute(async (conn) => {
    await conn.executeQuery(BEGIN);
    let result: T;
    try {
      result = await fn(conn);
    } catch (error) {
      // What failed is the error to tell; a rollback SQLite already did is no news.
      await conn.executeQuery(ROLLBACK).catch(() => {});
      throw error;
    }
    await conn.executeQuery(COMMIT);
    return result;
  });
}
