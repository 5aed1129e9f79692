/**
 * Queries of `avis`: the experts' opinions asked on dossiers, their answers and reminders.
 * Written only here.
 */
import type { Executor } from "../db/mod.ts";

export async function insertAvis(
  db: Executor,
  a: {
    dossierId: number;
    askedBy: number;
    expertId: number;
    expertEmail: string;
    introduction: string;
    question: string | null;
    confidentiel: boolean;
    fileId: string | null;
    dueOn: string | null;
    nextReminderOn: string | null;
    now: string;
  },
): Promise<number> {
  const { id } = await db.insertInto("avis").values({
    dossier_id: a.dossierId,
    asked_by: a.askedBy,
    expert_id: a.expertId,
    expert_email: a.expertEmail,
    introduction: a.introduction,
    question: a.question,
    confidentiel: a.confidentiel ? 1 : 0,
    file_id: a.fileId,
    created_at: a.now,
    due_on: a.dueOn,
    next_reminder_on: a.nextReminderOn,
  }).returning("id").executeTakeFirstOrThrow();
  return id;
}

/** Every avis of a dossier, oldest first. */
export async function avisOfDossier(db: Executor, dossierId: number) {
  return await db.selectFrom("avis").selectAll().where("dossier_id", "=", dossierId)
    .orderBy("id").execute();
}

export async function findAvis(db: Executor, avisId: number) {
  return await db.selectFrom("avis").selectAll().where("id", "=", avisId).executeTakeFirst();
}

/** The avis unless it was withdrawn. */
export async function findLiveAvis(db: Executor, avisId: number) {
  return await db.selectFrom("avis").selectAll().where("id", "=", avisId)
    .where("revoked_at", "is", null).executeTakeFirst();
}

/** The title of the démarche of a dossier. */
export async function demarcheTitreOf(db: Executor, dossierId: number): Promise<string> {
  return (await db.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .select("demarches.titre").where("dossiers.id", "=", dossierId).executeTakeFirstOrThrow())
    .titre;
}

export async function setReminded(db: Executor, avisId: number, now: string) {
  await db.updateTable("avis").set({ reminded_at: now }).where("id", "=", avisId).execute();
}

export async function setRevoked(db: Executor, avisId: number, now: string) {
  await db.updateTable("avis").set({ revoked_at: now }).where("id", "=", avisId).execute();
}

/** The expert's requests (withdrawn ones apart), newest first. */
export async function avisOfExpert(db: Executor, expertId: number) {
  return await db.selectFrom("avis")
    .innerJoin("dossiers", "dossiers.id", "avis.dossier_id")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .select([
      "avis.id",
      "avis.dossier_id",
      "avis.introduction",
      "avis.answered_at",
      "avis.created_at",
      "avis.due_on",
      "demarches.titre",
    ])
    .where("avis.expert_id", "=", expertId).where("avis.revoked_at", "is", null)
    .orderBy("avis.id", "desc").limit(500).execute();
}

/** The other experts' answers an expert may read: given, not confidential, not withdrawn. */
export async function othersAnswers(db: Executor, dossierId: number, expertId: number) {
  return await db.selectFrom("avis").selectAll().where("dossier_id", "=", dossierId)
    .where("expert_id", "!=", expertId).where("confidentiel", "=", 0)
    .where("answered_at", "is not", null).where("revoked_at", "is", null).execute();
}

export async function setAnswer(
  db: Executor,
  avisId: number,
  a: { answer: string; yes: boolean | null; fileId: string | null; now: string },
) {
  await db.updateTable("avis").set({
    answer: a.answer,
    answer_yes: a.yes === null ? null : a.yes ? 1 : 0,
    answer_file_id: a.fileId,
    answered_at: a.now,
  }).where("id", "=", avisId).execute();
}

/** A new answer date (null: none) and its first reminder, while the avis is awaited. */
export async function setDueOn(
  db: Executor,
  avisId: number,
  dueOn: string | null,
  nextReminderOn: string | null,
) {
  await db.updateTable("avis").set({ due_on: dueOn, next_reminder_on: nextReminderOn })
    .where("id", "=", avisId).where("answered_at", "is", null).where("revoked_at", "is", null)
    .execute();
}

/**
 * One page of the avis whose reminder is due by `today`, after `from`: the conditions of the
 * partial index `avis_reminders` word for word, then the keyset.
 */
export async function remindersDue(
  db: Executor,
  today: string,
  from: { on: string; id: number } | undefined,
  limit: number,
) {
  return await db.selectFrom("avis").select(["id", "next_reminder_on"])
    .where("next_reminder_on", "is not", null).where("answered_at", "is", null)
    .where("revoked_at", "is", null).where("next_reminder_on", "<=", today)
    .$if(from !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb("next_reminder_on", ">", from!.on),
          eb.and([eb("next_reminder_on", "=", from!.on), eb("id", ">", from!.id)]),
        ])
      ))
    .orderBy("next_reminder_on").orderBy("id").limit(limit).execute();
}

/** An awaited avis with what its reminder says. */
export async function awaitedForReminder(db: Executor, avisId: number) {
  return await db.selectFrom("avis")
    .innerJoin("dossiers", "dossiers.id", "avis.dossier_id")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .select([
      "avis.expert_email",
      "avis.dossier_id",
      "avis.due_on",
      "avis.next_reminder_on",
      "demarches.titre",
      "demarches.id as demarche_id",
    ])
    .where("avis.id", "=", avisId).where("avis.answered_at", "is", null)
    .where("avis.revoked_at", "is", null).executeTakeFirst();
}

/**
 * Moves the reminder on from what was read (`from`), recording the one sent: of two runs,
 * one claims it. False when someone moved it first.
 */
export async function claimReminder(
  db: Executor,
  avisId: number,
  from: string,
  next: string | null,
  now: string,
): Promise<boolean> {
  const claim = await db.updateTable("avis")
    .set({ next_reminder_on: next, auto_reminded_at: now })
    .where("id", "=", avisId).where("next_reminder_on", "=", from)
    .executeTakeFirst();
  return Number(claim.numUpdatedRows) > 0;
}
