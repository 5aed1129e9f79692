/** Database access: connection, schema types, migrations. */
import { Kysely, sql, type Transaction } from "kysely";
import type { DatabaseSync } from "node:sqlite";
import { openSqlite, sqliteDialect } from "./sqlite_driver.ts";
import type { Database } from "./schema.ts";
export { CORE_MIGRATIONS, migrateToLatest, migrationStatus } from "./migrator.ts";
export type * from "./schema.ts";

/** The Kysely handle every store receives. */
export type Db = Kysely<Database>;

/** What a store's query runs on: the database, or the caller's transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** An open database: the Kysely handle plus the raw connection for hand-tuned statements. */
export interface Connection {
  readonly db: Db;
  readonly raw: DatabaseSync;
  close(): Promise<void>;
}

/** Opens the SQLite file at `path` (`:memory:` works for unit tests). */
export function connect(path: string): Connection {
  const raw = openSqlite(path);
  const db = new Kysely<Database>({ dialect: sqliteDialect(raw) });
  return { db, raw, close: () => db.destroy() };
}

/** Current time as the ISO string stored in every `*_at` column. */
export function isoNow(clock: () => Date): string {
  return clock().toISOString();
}

/** Whether the database answers (`/healthz`): throws when it does not. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
