/**
 * Kysely dialect over Deno's built-in `node:sqlite`.
 *
 * Kysely ships a `SqliteDialect` that expects a better-sqlite3-like object; this file
 * adapts `DatabaseSync` to it and caches prepared statements, which is what keeps Kysely
 * at ~0.65 of raw statement speed instead of ~0.4 (DESIGN.md §8).
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import {
  type DatabaseConnection,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type SqliteStatement,
} from "kysely";

type Param = null | number | bigint | string | Uint8Array;

const CACHE_LIMIT = 500;

function wrap(stmt: StatementSync): SqliteStatement {
  return {
    // Asked once per statement: `columns()` builds its metadata array on every call.
    reader: stmt.columns().length > 0,
    all: (params: ReadonlyArray<unknown>) => stmt.all(...(params as Param[])),
    run: (params: ReadonlyArray<unknown>) => {
      const r = stmt.run(...(params as Param[]));
      return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
    },
    iterate: (params: ReadonlyArray<unknown>) => stmt.iterate(...(params as Param[])),
  };
}

/** A `node:sqlite` database seen through the interface Kysely's SqliteDialect expects. */
export function sqliteAdapter(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) return stmt;
      stmt = wrap(db.prepare(sql));
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

/** The page cache of a connection, in KiB. */
export const PAGE_CACHE_KIB = 65_536;

/** Opens (and creates) a SQLite file with the pragmas Guichet relies on. */
export function openSqlite(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  // 64 MiB of pages kept in memory (SQLite's default is 2 MiB): a dashboard page probes a few
  // hundred dossiers, and each probe missing the cache is a read from the OS (3.2 ms against
  // 0.8 ms for a search page among 1,000,000 dossiers).
  db.exec(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`);
  return db;
}

/**
 * Runs one statement on the connection, at once: its rows (none for a statement that returns
 * none). See `directSqlite`.
 */
export type DirectRun = (sql: string, parameters: readonly unknown[]) => unknown[];

interface Direct {
  readonly run: DirectRun;
  /** Whether Kysely lent the connection out (a transaction, a stream) and has not got it back. */
  readonly held: () => boolean;
}

/** The Kysely handles whose statements may skip Kysely's executor: roots, and lent ones. */
const directs = new WeakMap<object, Direct>();

/**
 * The connection of `db` to run a statement on directly, or null when Kysely must run it.
 *
 * Kysely's executor costs ten promise hops a statement (connection mutex, acquire, run,
 * release, result plugins): on a save's seven statements, more than SQLite's own work on
 * some of them. `node:sqlite` runs a statement synchronously, so one run between two others
 * cannot interleave with them; it only must not land inside a transaction someone else holds
 * the connection for. So a statement runs directly on the root handle while nobody holds the
 * connection, and on a handle lent to a transaction (`lendDirect`) while it lasts; otherwise
 * it waits its turn through Kysely, as before. Same statement cache, same rows.
 */
export function directSqlite(db: object): DirectRun | null {
  const direct = directs.get(db);
  return direct && !direct.held() ? direct.run : null;
}

/**
 * Lets `lent`, the handle of a connection `root` lent out for a transaction, run statements
 * directly; the returned function takes that back (call it before the connection returns).
 */
export function lendDirect(root: object, lent: object): () => void {
  const direct = directs.get(root);
  if (!direct) return () => {};
  directs.set(lent, { run: direct.run, held: () => false });
  return () => directs.delete(lent);
}

/** Kysely's SQLite driver, telling when the one connection is lent out. */
class TrackedSqliteDriver extends SqliteDriver {
  readonly #lent: { value: boolean };
  constructor(config: SqliteDialectConfig, lent: { value: boolean }) {
    super(config);
    this.#lent = lent;
  }
  // Called once Kysely's connection mutex is ours, and before it is released.
  override acquireConnection(): Promise<DatabaseConnection> {
    this.#lent.value = true;
    return super.acquireConnection();
  }
  override releaseConnection(): Promise<void> {
    this.#lent.value = false;
    return super.releaseConnection();
  }
}

class TrackedSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #lent: { value: boolean };
  constructor(config: SqliteDialectConfig, lent: { value: boolean }) {
    super(config);
    this.#config = config;
    this.#lent = lent;
  }
  override createDriver(): SqliteDriver {
    return new TrackedSqliteDriver(this.#config, this.#lent);
  }
}

/**
 * The Kysely dialect for a `node:sqlite` database; `register` is then given the Kysely handle
 * made with it, so that its statements may run directly (`directSqlite`).
 */
export function sqliteDialect(db: DatabaseSync): {
  dialect: SqliteDialect;
  register: (kysely: object) => void;
} {
  const database = sqliteAdapter(db);
  const lent = { value: false };
  const run: DirectRun = (sql, parameters) => {
    const stmt = database.prepare(sql);
    if (stmt.reader) return stmt.all(parameters) as unknown[];
    stmt.run(parameters);
    return [];
  };
  return {
    dialect: new TrackedSqliteDialect({ database }, lent),
    register: (kysely) => directs.set(kysely, { run, held: () => lent.value }),
  };
}
