/**
 * Reads of the usager's side of a dossier: the démarche behind a link, the person's dossiers
 * on it, a dossier's invitation for someone, the demande de correction waiting on it.
 */
import type { Executor } from "../db/mod.ts";
import { reusableQuery } from "../db/reusable_query.ts";
import { CORRECTION_LABELS, type CorrectionReason } from "./model.ts";

/** The latest démarche at `path` among `states` (a path is reused once a démarche goes). */
export async function demarcheByPath(db: Executor, path: string, states: readonly string[]) {
  return await db.selectFrom("demarches").selectAll().where("path", "=", path)
    .where("state", "in", states).orderBy("id", "desc").executeTakeFirst();
}

/**
 * The columns of a démarche a dossier's use cases read: all but the draft form, which a
 * dossier made on a published revision never reads and is the row's largest column.
 */
export const DEMARCHE_COLUMNS = [
  "id",
  "titre",
  "description",
  "state",
  "mode",
  "path",
  "settings",
  "retention_months",
  "deadline_at",
  "is_template",
  "cloned_from",
  "created_at",
  "updated_at",
  "published_at",
  "closed_at",
  "published_revision_id",
  "deposited_dossiers_count",
  "mail_templates",
] as const;

// Compiled once: every save and deposit reads both.
const demarcheById = reusableQuery((db, id: number) =>
  db.selectFrom("demarches").select(DEMARCHE_COLUMNS).where("id", "=", id)
);
const draftFormById = reusableQuery((db, id: number) =>
  db.selectFrom("demarches").select("draft_form").where("id", "=", id)
);
const revisionFormById = reusableQuery((db, id: number) =>
  db.selectFrom("revisions").select("form").where("id", "=", id)
);

/** The démarche a dossier was made on, but its draft form (`draftForm`). */
export async function demarcheOf(db: Executor, demarcheId: number) {
  const [row] = await demarcheById(db, demarcheId);
  if (!row) throw new Error(`No démarche "${demarcheId}"`);
  return row;
}

/** The draft form of a démarche, as stored (JSON): what a dossier en test is filled on. */
export async function draftForm(db: Executor, demarcheId: number): Promise<string> {
  const [row] = await draftFormById(db, demarcheId);
  if (!row) throw new Error(`No démarche "${demarcheId}"`);
  return row.draft_form;
}

/** The form of a published revision, as stored (JSON). */
export async function revisionForm(db: Executor, revisionId: number): Promise<string> {
  const [row] = await revisionFormById(db, revisionId);
  if (!row) throw new Error(`No revision "${revisionId}"`);
  return row.form;
}

/** The owner's dossiers on a démarche (the bin apart), newest first. */
export async function ownerDossiersOn(
  db: Executor,
  demarcheId: number,
  ownerId: number,
  test: boolean,
) {
  return await db.selectFrom("dossiers").select(["id", "state", "updated_at"])
    .where("demarche_id", "=", demarcheId).where("owner_id", "=", ownerId)
    .where("is_test", "=", test ? 1 : 0).where("deleted_by_usager_at", "is", null)
    .orderBy("id", "desc").limit(20).execute();
}

/** How many brouillons the person has on the démarche, the bin apart. */
export async function countBrouillons(
  db: Executor,
  demarcheId: number,
  ownerId: number,
): Promise<number> {
  const row = await db.selectFrom("dossiers").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("owner_id", "=", ownerId).where("demarche_id", "=", demarcheId)
    .where("state", "=", "brouillon").where("deleted_by_usager_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The members of the dossier's groupe (none without a groupe). */
export async function groupeMemberIds(db: Executor, groupeId: number | null): Promise<number[]> {
  if (groupeId === null) return [];
  return (await db.selectFrom("groupe_membres").select("user_id").where("groupe_id", "=", groupeId)
    .execute()).map((m) => m.user_id);
}

/** The people the owner invited to fill the dossier (invitations not revoked). */
export async function inviteeIds(db: Executor, dossierId: number): Promise<number[]> {
  return (await db.selectFrom("invitations").select("user_id")
    .where("dossier_id", "=", dossierId).where("revoked_at", "is", null).execute())
    .map((i) => i.user_id);
}

/** A person's address. */
export async function emailOf(db: Executor, userId: number): Promise<string> {
  return (await db.selectFrom("users").select("email").where("id", "=", userId)
    .executeTakeFirstOrThrow()).email;
}

/** The invitation (not revoked) that lets `userId` fill the dossier, if any. */
export async function invitationFor(db: Executor, dossierId: number, userId: number) {
  return await db.selectFrom("invitations").select(["kind", "scope", "user_id"])
    .where("dossier_id", "=", dossierId).where("user_id", "=", userId)
    .where("revoked_at", "is", null).executeTakeFirst();
}

/** The pending demande de correction of a dossier, if any. */
export async function pendingCorrection(db: Executor, dossierId: number) {
  const m = await db.selectFrom("messages").select(["body", "correction_reason", "created_at"])
    .where("dossier_id", "=", dossierId).where("correction_reason", "is not", null)
    .where("resolved_at", "is", null).orderBy("id", "desc").executeTakeFirst();
  return m
    ? {
      body: m.body,
      reason: m.correction_reason!,
      label: CORRECTION_LABELS[m.correction_reason as CorrectionReason],
      askedAt: m.created_at,
    }
    : null;
}
