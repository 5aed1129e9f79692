/**
 * « Nouveau » on the dashboard: what happened on a dossier since its instructeur last looked —
 * a usager message past their read marker, an avis answered or a re-deposit since they last
 * opened it. Read for one page's dossiers at a time, never a scan.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

type Executor = Kysely<Database> | Transaction<Database>;

/** Remembers that `userId` opened the dossier at `now` (ISO). */
export async function markSeen(
  db: Executor,
  dossierId: number,
  options: { userId: number; now: string },
): Promise<void> {
  await db.insertInto("dossier_reads")
    .values({
      dossier_id: dossierId,
      user_id: options.userId,
      last_message_id: 0,
      seen_at: options.now,
    })
    .onConflict((oc) => oc.columns(["dossier_id", "user_id"]).doUpdateSet({ seen_at: options.now }))
    .execute();
}

/** Which of `dossierIds` (one page) hold something new for `userId`. */
export async function unseenAmong(
  db: Executor,
  dossierIds: readonly number[],
  userId: number,
): Promise<Set<number>> {
  if (dossierIds.length === 0) return new Set();
  // Each probe walks one dossier's rows on its (dossier_id, id) index.
  const rows = await sql<{ id: number }>`
    select d.id from dossiers d
    left join dossier_reads r on r.dossier_id = d.id and r.user_id = ${userId}
    where d.id in (${sql.join(dossierIds)}) and (
      exists (select 1 from messages m where m.dossier_id = d.id
        and m.id > coalesce(r.last_message_id, 0) and m.from_instructeur = 0)
      or exists (select 1 from avis a where a.dossier_id = d.id
        and a.answered_at > coalesce(r.seen_at, ''))
      or exists (select 1 from dossier_events e where e.dossier_id = d.id
        and e.event = 'deposer_modifications' and e.created_at > coalesce(r.seen_at, '')))`
    .execute(db);
  return new Set(rows.rows.map((r) => r.id));
}
