/**
 * Queries of the notifications' tables: the instructeurs' choices
 * (`instructeur_notification_settings`), the lines kept for their daily summary
 * (`instructeur_summary_items`) and when each last had one (`instructeur_summaries`). It also
 * reads what an e-mail tells: a dossier with its démarche, the people to tell.
 */
import type { Executor } from "../db/mod.ts";
import { reusableQuery } from "../db/reusable_query.ts";
import type { NotificationSettings } from "./instructeur_model.ts";

/** The saved choices of `userIds` for démarche `demarcheId` (none for those who chose nothing). */
export async function notificationSettings(
  db: Executor,
  demarcheId: number,
  userIds: readonly number[],
) {
  if (!userIds.length) return [];
  return await db.selectFrom("instructeur_notification_settings")
    .select(["user_id", "depot", "message", "avis"])
    .where("demarche_id", "=", demarcheId).where("user_id", "in", [...userIds]).execute();
}

/** Keeps `userId`'s choices for démarche `demarcheId`. */
export async function saveNotificationSettings(
  db: Executor,
  row: { userId: number; demarcheId: number; settings: NotificationSettings; now: string },
): Promise<void> {
  const { depot, message, avis } = row.settings;
  const values = { depot, message, avis, updated_at: row.now };
  await db.insertInto("instructeur_notification_settings")
    .values({ user_id: row.userId, demarche_id: row.demarcheId, ...values })
    .onConflict((oc) => oc.columns(["user_id", "demarche_id"]).doUpdateSet(values))
    .execute();
}

/** What an instructeur's e-mail about dossier `dossierId` names, and who may hear of it. */
export async function dossierAudience(db: Executor, dossierId: number, withFollowers: boolean) {
  const [dossier] = await audienceDossier(db, dossierId);
  if (!dossier) throw new Error(`No dossier "${dossierId}"`);
  if (dossier.groupe_id === null) return { dossier, groupe: [], followers: [] };
  const groupe = (await groupeMembers(db, dossier.groupe_id)).map((m) => m.user_id);
  const followers = withFollowers
    ? (await dossierFollowers(db, dossier.id)).map((f) => f.user_id)
    : [];
  return { dossier, groupe, followers };
}

// Compiled once (`reusableQuery`): every deposit, message and decision tells its audience.
const audienceDossier = reusableQuery((db, dossierId: number) =>
  db.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .select(["dossiers.id", "dossiers.groupe_id", "dossiers.demarche_id", "demarches.titre"])
    .where("dossiers.id", "=", dossierId)
);
const groupeMembers = reusableQuery((db, groupeId: number) =>
  db.selectFrom("groupe_membres").select("user_id").where("groupe_id", "=", groupeId)
);
const dossierFollowers = reusableQuery((db, dossierId: number) =>
  db.selectFrom("dossier_follows").select("user_id").where("dossier_id", "=", dossierId)
);

/** The addresses of `userIds`, by id. */
export async function emailsOf(db: Executor, userIds: readonly number[]): Promise<string[]> {
  if (!userIds.length) return [];
  return (await db.selectFrom("users").select("email").where("id", "in", [...userIds])
    .orderBy("id").execute()).map((u) => u.email);
}

/** Keeps a line of `kind` on dossier `dossierId` for each of `userIds`' next summary. */
export async function addSummaryItems(
  db: Executor,
  item: { userIds: readonly number[]; demarcheId: number; dossierId: number; kind: string },
  now: string,
): Promise<void> {
  if (!item.userIds.length) return;
  await db.insertInto("instructeur_summary_items").values(item.userIds.map((u) => ({
    user_id: u,
    demarche_id: item.demarcheId,
    dossier_id: item.dossierId,
    kind: item.kind,
    created_at: now,
  }))).execute();
}

/** The instructeurs with summary lines and no summary since `threshold`. */
export async function summariesDue(db: Executor, threshold: string): Promise<number[]> {
  return (await db.selectFrom("instructeur_summary_items as i")
    .leftJoin("instructeur_summaries as s", "s.user_id", "i.user_id")
    .select("i.user_id").distinct()
    .where((eb) => eb.or([eb("s.last_sent_at", "is", null), eb("s.last_sent_at", "<", threshold)]))
    .execute()).map((r) => r.user_id);
}

/**
 * Claims `userId`'s summary at `now` unless one was made since `threshold`. It takes the
 * write lock, so of two runs only one goes on.
 */
export async function claimSummary(
  db: Executor,
  userId: number,
  at: { now: string; threshold: string },
): Promise<boolean> {
  const claim = await db.insertInto("instructeur_summaries")
    .values({ user_id: userId, last_sent_at: at.now })
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({ last_sent_at: at.now })
        .where("instructeur_summaries.last_sent_at", "<", at.threshold)
    )
    .executeTakeFirst();
  return Number(claim.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Takes `userId`'s summary lines, oldest first: they are deleted as they are read. */
export async function takeSummaryItems(db: Executor, userId: number) {
  const items = await db.selectFrom("instructeur_summary_items")
    .select(["id", "demarche_id", "kind"]).where("user_id", "=", userId).orderBy("id").execute();
  if (items.length) {
    await db.deleteFrom("instructeur_summary_items").where("user_id", "=", userId)
      .where("id", "<=", items.at(-1)!.id).execute();
  }
  return items;
}

/** The démarches among `demarcheIds` that `userId` still instructs. */
export async function instructedDemarches(
  db: Executor,
  userId: number,
  demarcheIds: readonly number[],
) {
  return await db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .innerJoin("demarches", "demarches.id", "groupes_instructeurs.demarche_id")
    .select(["demarches.id", "demarches.titre"]).distinct()
    .where("groupe_membres.user_id", "=", userId).where("demarches.id", "in", [...demarcheIds])
    .execute();
}

export async function userEmail(db: Executor, userId: number): Promise<string> {
  return (await db.selectFrom("users").select("email").where("id", "=", userId)
    .executeTakeFirstOrThrow()).email;
}

/** What the e-mails about dossier `dossierId` tell: the dossier, its démarche, its form. */
export async function dossierForMail(db: Executor, dossierId: number) {
  const [row] = await dossierForMailById(db, dossierId);
  if (!row) throw new Error(`No dossier "${dossierId}"`);
  return row;
}

// Compiled once (`reusableQuery`): every e-mail about a dossier runs these.
const dossierForMailById = reusableQuery((db, dossierId: number) =>
  db.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .leftJoin("revisions", "revisions.id", "dossiers.revision_id")
    .select([
      "dossiers.id",
      "dossiers.state",
      "dossiers.deposited_at",
      "dossiers.decided_at",
      "dossiers.champ_values",
      "demarches.titre",
      "demarches.settings",
      "demarches.mail_templates",
      "revisions.form",
    ])
    .where("dossiers.id", "=", dossierId)
);

/** The stored settings of démarche `demarcheId` (its service signs its e-mails). */
export async function demarcheSettings(db: Executor, demarcheId: number): Promise<string> {
  return (await db.selectFrom("demarches").select("settings").where("id", "=", demarcheId)
    .executeTakeFirstOrThrow()).settings;
}

/**
 * What the e-mails of dossier `dossierId`'s démarche are written from: its stored templates,
 * its mode (Guichet's texts depend on it), its settings (the service signing them).
 */
export async function mailTemplatesOf(db: Executor, dossierId: number) {
  const [row] = await mailTemplatesById(db, dossierId);
  if (!row) throw new Error(`No dossier "${dossierId}"`);
  return row;
}

const mailTemplatesById = reusableQuery((db, dossierId: number) =>
  db.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .select(["demarches.mail_templates", "demarches.mode", "demarches.settings"])
    .where("dossiers.id", "=", dossierId)
);
