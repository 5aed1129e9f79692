/**
 * What is known committed, per database. A value read through a database's root handle is
 * committed: on SQLite a root statement runs only while no transaction holds the one
 * connection, and on PostgreSQL on a pooled connection in READ COMMITTED. A value read inside
 * a `writeTransaction` is committed only once that transaction commits: rolled back, what it
 * wrote never was, and on SQLite its row ids are handed out again. So a cache of immutable
 * rows keyed by id (`whenCommitted`) keeps a value read in a transaction only after the commit,
 * and one read in any other transaction not at all.
 */

/** The root handles of open databases (`connect`, `connectPostgres`). */
const roots = new WeakSet<object>();

/** The handle of each `writeTransaction` running, with its root and what waits for its commit. */
const open = new WeakMap<object, { root: object; pending: ((root: object) => void)[] }>();

/** Notes `db` as the root handle of a database. */
export function markRoot(db: object): void {
  roots.add(db);
}

/**
 * The database `db` belongs to: itself when it is a root, the root of the `writeTransaction`
 * it is the handle of, or null for any other handle.
 */
export function rootOf(db: object): object | null {
  return roots.has(db) ? db : open.get(db)?.root ?? null;
}

/**
 * Runs `fn` with the root of `db` once what `db` read is committed: at once on a root, after
 * the commit in a `writeTransaction` (never if it rolls back), and never on another handle.
 */
export function whenCommitted(db: object, fn: (root: object) => void): void {
  if (roots.has(db)) return fn(db);
  open.get(db)?.pending.push(fn);
}

/**
 * Follows the write transaction whose handle is `handle`, opened on `db`: `committed` runs
 * what waits for its commit, and `end` stops following it (call it whatever happened). A
 * transaction opened on anything but a root (inside another one) commits nothing for good,
 * so nothing waits for it.
 */
export function followTransaction(
  db: object,
  handle: object,
): { committed: () => void; end: () => void } {
  if (!roots.has(db)) return { committed: () => {}, end: () => {} };
  const entry = { root: db, pending: [] as ((root: object) => void)[] };
  open.set(handle, entry);
  return {
    committed: () => {
      for (const fn of entry.pending.splice(0)) fn(db);
    },
    end: () => {
      entry.pending.length = 0;
      open.delete(handle);
    },
  };
}
