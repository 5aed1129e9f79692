/**
 * Database access: connection, schema types, migrations. SQLite by default (one file in
 * `DATA_DIR`), PostgreSQL when `DATABASE_URL` says `postgres://…` (`postgres_driver.ts`); the
 * stores speak Kysely to both and ask `dialectOf` for the rare statement that differs.
 */
import { Kysely, sql, type Transaction } from "kysely";
import type { DatabaseSync } from "node:sqlite";
import { openSqlite, sqliteDialect } from "./sqlite_driver.ts";
import { postgresDialect, sqliteColumnsOnPostgres } from "./postgres_driver.ts";
import type { Database } from "./schema.ts";
import type { Dialect } from "./dialect.ts";
import { markRoot } from "./committed.ts";
export { type Dialect, dialectOf, jsonNumber } from "./dialect.ts";
export { CORE_MIGRATIONS, migrateToLatest, migrationStatus } from "./migrator.ts";
export type * from "./schema.ts";

/** The Kysely handle every store receives. */
export type Db = Kysely<Database>;

/** What a store's query runs on: the database, or the caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** An open database: the Kysely handle, its dialect, and how to close it. */
export interface Connection {
  readonly db: Db;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

/** An open SQLite file, with the raw `node:sqlite` handle for hand-tuned statements. */
export interface SqliteConnection extends Connection {
  readonly dialect: "sqlite";
  readonly raw: DatabaseSync;
}

/** Opens the SQLite file at `path` (`:memory:` works for unit tests). */
export function connect(path: string): SqliteConnection {
  const raw = openSqlite(path);
  const { dialect, register } = sqliteDialect(raw);
  const db = new Kysely<Database>({ dialect });
  register(db);
  markRoot(db);
  return { db, raw, dialect: "sqlite", close: () => db.destroy() };
}

/** Opens a pool of at most `poolSize` connections to the PostgreSQL database at `url`. */
export function connectPostgres(url: string, poolSize: number): Connection {
  const db = new Kysely<Database>({
    dialect: postgresDialect(url, poolSize),
    plugins: [sqliteColumnsOnPostgres],
  });
  markRoot(db);
  return { db, dialect: "postgres", close: () => db.destroy() };
}

/** Where the instance's data lives, as `loadConfig` reads it. */
export type DatabaseTarget =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string; readonly poolSize: number };

/** Opens the instance's database. */
export function openDatabase(target: DatabaseTarget): Connection {
  return target.kind === "postgres"
    ? connectPostgres(target.url, target.poolSize)
    : connect(target.path);
}

/** Current time as the ISO string stored in every `*_at` column. */
export function isoNow(clock: () => Date): string {
  return clock().toISOString();
}

/** Whether the database answers (`/healthz`): throws when it does not. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
