/**
 * Which database a Kysely handle speaks to, for the few statements that differ between SQLite
 * and PostgreSQL (migrations' DDL, the full-text search, an upsert's syntax). Its own file,
 * without imports of ours: migrations import it, and `mod.ts` imports the migrations.
 */
import { type Kysely, PostgresAdapter, type Transaction } from "kysely";

/** The two databases Guichet runs on. */
export type Dialect = "sqlite" | "postgres";

/** Which database `db` (or a transaction on it) speaks to. */
// deno-lint-ignore no-explicit-any
export function dialectOf(db: Kysely<any> | Transaction<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}
