/** How much room the database takes, for the operator's metrics. */
import { sql } from "kysely";
import type { Db } from "./mod.ts";
import { dialectOf } from "./dialect.ts";

/** Bytes of the database: SQLite's `page_count × page_size` (the WAL apart), PostgreSQL's own. */
export async function databaseBytes(db: Db): Promise<number> {
  if (dialectOf(db) === "postgres") {
    const r = await sql<{ n: string }>`select pg_database_size(current_database()) as n`
      .execute(db);
    return Number(r.rows[0]?.n ?? 0);
  }
  const r = await sql<{ n: number }>`select page_count * page_size as n
    from pragma_page_count(), pragma_page_size()`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
