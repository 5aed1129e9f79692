/**
 * A long read walked in one statement, on a connection of its own: an export of a hundred
 * thousand dossiers reads them in one SELECT instead of a query per chunk.
 *
 * Not Kysely's `stream()` on the instance's connection: Kysely's SQLite driver holds its one
 * connection for the whole stream, so every other request of the process would wait for the
 * export to end; and a statement left open on that connection keeps its implicit transaction
 * open, so the writes of other requests would not commit until it ends (and `BEGIN IMMEDIATE`
 * would fail). A second connection reads from one snapshot while the first goes on writing
 * (WAL). Rows come in batches: one await per batch, not per row.
 *
 * On PostgreSQL the pool gives the walk a connection of its own, and one statement reads from
 * one snapshot: a cursor fetching `batch` rows at a time (Kysely's stream).
 *
 * `streamValues` gives each row as its values in the order of the query's select list, not
 * as an object by name: SQLite makes no object per row (an export of 100,000 rows builds
 * 100,000 fewer objects of 13 keys).
 */
import { DatabaseSync } from "node:sqlite";
import { type Compilable, sql } from "kysely";
import { type Db, dialectOf } from "./mod.ts";

type Param = null | number | bigint | string | Uint8Array;

/** The rows of `query`, in batches of `batch`, read on a read-only connection of their own. */
export function streamRows<R>(db: Db, query: Compilable<R>, batch = 500): AsyncGenerator<R[]> {
  return walk<R>(db, query, batch, false);
}

/**
 * The rows of `query` as arrays of their values in select-list order, in batches of `batch`,
 * read on a read-only connection of their own.
 */
export function streamValues(
  db: Db,
  query: Compilable<unknown>,
  batch = 500,
): AsyncGenerator<unknown[][]> {
  return walk<unknown[]>(db, query, batch, true);
}

async function* walk<R>(
  db: Db,
  query: Compilable<unknown>,
  batch: number,
  arrays: boolean,
): AsyncGenerator<R[]> {
  const compiled = query.compile();
  // A driver's rows by name keep the select list's order: their values are the array.
  const shape = (rows: readonly unknown[]) =>
    (arrays ? rows.map((r) => Object.values(r as object)) : rows) as R[];
  if (dialectOf(db) === "postgres") {
    for await (const chunk of db.getExecutor().stream(compiled, batch, {})) {
      if (chunk.rows.length) yield shape(chunk.rows);
    }
    return;
  }
  const { rows: [main] } = await sql<{ file: string }>`select file from pragma_database_list
    where name = 'main'`.execute(db);
  if (!main?.file) {
    // An in-memory database (unit tests) has no second connection: one read, then batches.
    const { rows } = await db.executeQuery(compiled);
    for (let i = 0; i < rows.length; i += batch) yield shape(rows.slice(i, i + batch));
    return;
  }
  const reader = new DatabaseSync(main.file, { readOnly: true });
  try {
    reader.exec("PRAGMA busy_timeout = 5000");
    const statement = reader.prepare(compiled.sql);
    // In node:sqlite since Node 24 and in Deno 2.9, not yet in @types/node.
    if (arrays) (statement as { setReturnArrays?: (on: boolean) => void }).setReturnArrays!(true);
    const rows = statement.iterate(...(compiled.parameters as Param[]));
    let pending: R[] = [];
    for (const row of rows) {
      pending.push(row as R);
      if (pending.length === batch) {
        yield pending;
        pending = [];
      }
    }
    if (pending.length) yield pending;
  } finally {
    reader.close();
  }
}
