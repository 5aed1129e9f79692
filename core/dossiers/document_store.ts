/**
 * Reads of « Télécharger le dossier »: the avis, the messagerie and the history as the
 * récapitulatif writes them, and the files attached to the dossier.
 */
import type { Executor } from "../db/mod.ts";

/** Every avis of the dossier, oldest first (the récapitulatif of its instructeurs). */
export async function avisOfDossier(db: Executor, dossierId: number) {
  return await db.selectFrom("avis").selectAll().where("dossier_id", "=", dossierId)
    .orderBy("id").execute();
}

/** The thread, oldest first, with each author's address and attachment's name. */
export async function messagesOfDossier(db: Executor, dossierId: number) {
  return await db.selectFrom("messages")
    .leftJoin("users", "users.id", "messages.author_id")
    .leftJoin("files", "files.id", "messages.file_id")
    .select([
      "messages.body",
      "messages.from_instructeur",
      "messages.correction_reason",
      "messages.created_at",
      "messages.file_id",
      "users.email",
      "files.filename",
    ])
    .where("messages.dossier_id", "=", dossierId).orderBy("messages.id").limit(1000).execute();
}

/** The dossier's history, oldest first. */
export async function historyOf(db: Executor, dossierId: number) {
  return await db.selectFrom("dossier_events")
    .select(["event", "automatic", "motivation", "created_at"])
    .where("dossier_id", "=", dossierId).orderBy("id").execute();
}

/** Which of `ids` are files attached to the dossier, with their names and storage keys. */
export async function attachedFiles(db: Executor, dossierId: number, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return await db.selectFrom("files")
    .select(["id", "filename", "storage_key"])
    .where("id", "in", ids).where("attached_kind", "=", "dossier")
    .where("attached_id", "=", dossierId)
    // Only what the antivirus found sound is ever served (core/files/scan.ts).
    .where("scan_state", "=", "sain").execute();
}
