/**
 * The hourly purge of uploads never attached to anything: a file sent and then left (the
 * page closed before saving, a script filling the disk) is deleted, row and blob, once it
 * is `UNATTACHED_TTL_MS` old. A file attached meanwhile is kept: the delete re-checks it.
 */
import type { Deps } from "../deps.ts";
import { UNATTACHED_TTL_MS } from "./model.ts";
import { deleteUnattached, unattachedBefore } from "./store.ts";

/** How often the purge runs. */
export const UNATTACHED_PURGE_EVERY_MS = 60 * 60_000;

const BATCH = 500;

/** Deletes the unattached uploads older than 24 hours; returns how many. */
export async function purgeUnattached(deps: Deps): Promise<number> {
  const before = new Date(deps.clock().getTime() - UNATTACHED_TTL_MS).toISOString();
  let count = 0;
  for (;;) {
    const due = await unattachedBefore(deps.db, before, BATCH);
    if (due.length === 0) return count;
    const deleted = await deleteUnattached(deps.db, due.map((f) => f.id));
    // The row goes first: a blob without a row is harmless, a row without a blob is not.
    for (const f of deleted) await deps.blobs.remove(f.storage_key);
    count += deleted.length;
    if (due.length < BATCH) return count;
  }
}
