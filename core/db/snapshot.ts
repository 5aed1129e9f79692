/**
 * A consistent copy of the live SQLite file, taken while other connections (other processes)
 * keep writing: SQLite's online backup API in one step (`rate: -1`), which reads every page
 * inside one read transaction of the WAL. A plain copy of `guichet.sqlite` misses what still
 * sits in `guichet.sqlite-wal`; this copy holds every transaction committed before it began.
 *
 * The copy blocks the thread that runs it, so the instance runs it in a Web Worker
 * (`snapshot_worker.ts`): requests keep being served meanwhile.
 */
import { backup, DatabaseSync } from "node:sqlite";
import { sql } from "kysely";
import { connectPostgres } from "./mod.ts";

/** Copies the database at `source` into the new file `target` (which must not exist). */
export async function snapshotDatabase(source: string, target: string): Promise<void> {
  await Deno.stat(source); // throws NotFound: opening would create an empty database
  // Not read-only: a read-only connection cannot open a WAL file whose `-shm` is missing.
  const db = new DatabaseSync(source);
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    // One step: a copy made in several steps restarts whenever another process writes.
    await backup(db, target, { rate: -1 });
  } finally {
    db.close();
  }
}

/** Runs `snapshotDatabase` in a Web Worker, so the calling thread keeps serving. */
export function snapshotDatabaseInWorker(source: string, target: string): Promise<void> {
  const worker = new Worker(new URL("./snapshot_worker.ts", import.meta.url).href, {
    type: "module",
  });
  return new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ error?: string }>) => {
      worker.terminate();
      if (event.data.error) reject(new Error(event.data.error));
      else resolve();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage({ source, target });
  });
}

/** What a copy holds that its manifest names: the migrations applied and the stored blobs. */
export interface SnapshotContents {
  /** Names of the migrations applied, in order (core and plugins). */
  readonly migrations: readonly string[];
  /** The storage key of every row of `files` (its blob must come with the copy). */
  readonly storageKeys: readonly string[];
}

/**
 * Opens a read-only transaction on the PostgreSQL database of `url`, exports its snapshot and
 * runs `use` with the snapshot's name (for `pg_dump --snapshot`) while holding it; returns what
 * the same snapshot holds.
 */
export async function inPostgresSnapshot(
  url: string,
  use: (snapshot: string) => Promise<void>,
): Promise<SnapshotContents> {
  const conn = connectPostgres(url, 1);
  try {
    return await conn.db.transaction().setIsolationLevel("repeatable read")
      .setAccessMode("read only").execute(async (trx) => {
        // The first statement: the transaction's snapshot is the one exported.
        const { rows: [{ snapshot }] } = await sql<{ snapshot: string }>`
          select pg_export_snapshot() as snapshot`.execute(trx);
        const migrations = (await sql<{ name: string }>`
          select name from kysely_migration order by name`.execute(trx)).rows.map((r) => r.name);
        const storageKeys = (await trx.selectFrom("files").select("storage_key")
          .orderBy("storage_key").execute()).map((r) => r.storage_key);
        await use(snapshot);
        return { migrations, storageKeys };
      });
  } finally {
    await conn.close();
  }
}

/** Reads a copy (or any Guichet database file) without changing it. */
export function readSnapshot(path: string): SnapshotContents {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const hasTable = (name: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
        undefined;
    const migrations = hasTable("kysely_migration")
      ? db.prepare("SELECT name FROM kysely_migration ORDER BY name").all().map((r) =>
        String(r.name)
      )
      : [];
    const storageKeys = hasTable("files")
      ? db.prepare("SELECT storage_key FROM files ORDER BY storage_key").all().map((r) =>
        String(r.storage_key)
      )
      : [];
    return { migrations, storageKeys };
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of a database file: `ok`, or SQLite's first complaints. */
export function integrityCheck(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare("PRAGMA integrity_check(5)").all();
    return rows.map((r) => String(Object.values(r)[0])).join("\n");
  } finally {
    db.close();
  }
}
