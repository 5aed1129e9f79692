/**
 * Queries of the messagerie: the `messages` table, written only here.
 */
import type { Executor } from "../db/mod.ts";

/** The thread of a dossier, oldest first, with each author's address and attachment's name. */
export async function threadOf(db: Executor, dossierId: number) {
  return await db.selectFrom("messages")
    .leftJoin("users", "users.id", "messages.author_id")
    .leftJoin("files", "files.id", "messages.file_id")
    .select([
      "messages.id",
      "messages.body",
      "messages.from_instructeur",
      "messages.correction_reason",
      "messages.resolved_at",
      "messages.created_at",
      "messages.author_id",
      "messages.file_id",
      "users.email",
      "files.id as fileId",
      "files.filename",
    ])
    .where("messages.dossier_id", "=", dossierId).orderBy("messages.id").limit(1000).execute();
}

export async function insertMessage(
  db: Executor,
  m: {
    dossierId: number;
    authorId: number;
    fromInstructeur: boolean;
    body: string;
    fileId: string | null;
    correctionReason: string | null;
    now: string;
  },
): Promise<void> {
  await db.insertInto("messages").values({
    dossier_id: m.dossierId,
    author_id: m.authorId,
    from_instructeur: m.fromInstructeur ? 1 : 0,
    body: m.body,
    file_id: m.fileId,
    correction_reason: m.correctionReason,
    resolved_at: null,
    created_at: m.now,
  }).execute();
}

/** The démarche's title, for the e-mails. */
export async function demarcheTitre(db: Executor, demarcheId: number): Promise<string> {
  return (await db.selectFrom("demarches").select("titre").where("id", "=", demarcheId)
    .executeTakeFirstOrThrow()).titre;
}

/** Marks every pending correction of the dossier resolved (the usager re-deposited). */
export async function resolveCorrections(db: Executor, dossierId: number, now: string) {
  await db.updateTable("messages").set({ resolved_at: now }).where("dossier_id", "=", dossierId)
    .where("correction_reason", "is not", null).where("resolved_at", "is", null).execute();
}
