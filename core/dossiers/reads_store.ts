/**
 * Queries of `dossier_reads`: where each person stands on a dossier — the last message they
 * read, when an instructeur last opened it. Written only here; the messagerie and the
 * instructeurs' « Nouveau » read it.
 */
import type { Executor } from "../db/mod.ts";

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

/** The last message `userId` read on the dossier (undefined: never opened the thread). */
export async function lastMessageRead(
  db: Executor,
  dossierId: number,
  userId: number,
): Promise<number | undefined> {
  const read = await db.selectFrom("dossier_reads").select("last_message_id")
    .where("dossier_id", "=", dossierId).where("user_id", "=", userId).executeTakeFirst();
  return read?.last_message_id;
}

/** Remembers that `userId` read the dossier's thread up to message `last`. */
export async function markMessagesRead(
  db: Executor,
  dossierId: number,
  userId: number,
  last: number,
): Promise<void> {
  await db.insertInto("dossier_reads")
    .values({ dossier_id: dossierId, user_id: userId, last_message_id: last })
    .onConflict((oc) =>
      oc.columns(["dossier_id", "user_id"]).doUpdateSet({ last_message_id: last })
    )
    .execute();
}
