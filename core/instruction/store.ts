/**
 * Queries of instruction's service: who instructs a dossier, its followers (`dossier_follows`,
 * written only here), the groupes of its démarche.
 */
import type { Executor } from "../db/mod.ts";

/** The groupes `userId` instructs in (on démarche `demarcheId` when given). */
export async function myGroupes(
  db: Executor,
  userId: number,
  demarcheId?: number,
): Promise<number[]> {
  let q = db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .select("groupe_membres.groupe_id").where("groupe_membres.user_id", "=", userId);
  if (demarcheId !== undefined) q = q.where("groupes_instructeurs.demarche_id", "=", demarcheId);
  return (await q.execute()).map((r) => r.groupe_id);
}

/** The instructeurs of a groupe. */
export async function memberIds(db: Executor, groupeId: number): Promise<number[]> {
  return (await db.selectFrom("groupe_membres").select("user_id")
    .where("groupe_id", "=", groupeId).execute()).map((m) => m.user_id);
}

/** An account's address. */
export async function emailOf(db: Executor, userId: number): Promise<string> {
  return (await db.selectFrom("users").select("email").where("id", "=", userId)
    .executeTakeFirstOrThrow()).email;
}

/** Who follows the dossier, with their addresses. */
export async function followersOf(db: Executor, dossierId: number) {
  return await db.selectFrom("dossier_follows")
    .innerJoin("users", "users.id", "dossier_follows.user_id")
    .select(["users.id", "users.email"]).where("dossier_id", "=", dossierId).execute();
}

/** `userId` follows the dossier (following it again changes nothing). */
export async function follow(db: Executor, dossierId: number, userId: number, now: string) {
  await db.insertInto("dossier_follows")
    .values({ dossier_id: dossierId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(["dossier_id", "user_id"]).doNothing()).execute();
}

/** `userId` stops following the dossier. */
export async function unfollow(db: Executor, dossierId: number, userId: number) {
  await db.deleteFrom("dossier_follows").where("dossier_id", "=", dossierId)
    .where("user_id", "=", userId).execute();
}

/** Everyone but `keep` stops following the dossier. */
export async function unfollowAllBut(db: Executor, dossierId: number, keep: readonly number[]) {
  let q = db.deleteFrom("dossier_follows").where("dossier_id", "=", dossierId);
  if (keep.length) q = q.where("user_id", "not in", keep);
  await q.execute();
}

/** The groupe `groupeId` if it belongs to démarche `demarcheId`. */
export async function groupeOn(db: Executor, groupeId: number, demarcheId: number) {
  return await db.selectFrom("groupes_instructeurs").select("id")
    .where("id", "=", groupeId).where("demarche_id", "=", demarcheId).executeTakeFirst();
}

/** The groupes of a démarche, the default one first. */
export async function groupesOfDemarche(db: Executor, demarcheId: number) {
  return await db.selectFrom("groupes_instructeurs").select(["id", "label", "is_default"])
    .where("demarche_id", "=", demarcheId).orderBy("is_default", "desc").orderBy("position")
    .execute();
}
