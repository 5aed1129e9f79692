/**
 * Which database a Kysely handle speaks to, for the few statements that differ between SQLite
 * and PostgreSQL (migrations' DDL, the full-text search, an upsert's syntax). Its own file,
 * without imports of ours: migrations import it, and `mod.ts` imports the migrations.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql, type Transaction } from "kysely";

/** The two databases Guichet runs on. */
export type Dialect = "sqlite" | "postgres";

/** Which database `db` (or a transaction on it) speaks to. */
// deno-lint-ignore no-explicit-any
export function dialectOf(db: Kysely<any> | Transaction<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * The number at `key` of the JSON object stored as text in `column` (null when absent):
 * SQLite's `json_extract`, PostgreSQL's `->>` on the text cast to jsonb.
 */
export function jsonNumber(
  // deno-lint-ignore no-explicit-any
  db: Kysely<any> | Transaction<any>,
  column: string,
  key: string,
): RawBuilder<number | null> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`Not a JSON key for SQL: ${key}`);
  return dialectOf(db) === "postgres"
    ? sql<number | null>`cast(cast(${sql.ref(column)} as jsonb) ->> ${sql.lit(key)} as numeric)`
    : sql<number | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`;
}
