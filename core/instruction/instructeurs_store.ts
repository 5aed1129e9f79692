/**
 * Reads about the instructeurs of a démarche: the démarches someone instructs, who instructs
 * a démarche, the people of a dossier.
 */
import type { Executor } from "../db/mod.ts";

/** The démarches `userId` instructs (or only `demarcheId`), with their titles. */
export async function instructedDemarches(db: Executor, userId: number, demarcheId?: number) {
  let q = db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .innerJoin("demarches", "demarches.id", "groupes_instructeurs.demarche_id")
    .select(["demarches.id", "demarches.titre"]).distinct()
    .where("groupe_membres.user_id", "=", userId);
  if (demarcheId !== undefined) q = q.where("demarches.id", "=", demarcheId);
  return await q.execute();
}

/** The instructeurs of every groupe of the démarche. */
export async function demarcheInstructeurs(db: Executor, demarcheId: number): Promise<number[]> {
  return (await db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .select("groupe_membres.user_id").where("groupes_instructeurs.demarche_id", "=", demarcheId)
    .execute()).map((m) => m.user_id);
}

/** The people of a dossier: its owner, invités, followers and experts, as addresses. */
export async function peopleRows(db: Executor, dossier: { id: number; owner_id: number }) {
  const owner = await db.selectFrom("users").select("email").where("id", "=", dossier.owner_id)
    .executeTakeFirstOrThrow();
  const invites = await db.selectFrom("invitations").select("email")
    .where("dossier_id", "=", dossier.id).where("revoked_at", "is", null).orderBy("id").execute();
  const followers = await db.selectFrom("dossier_follows")
    .innerJoin("users", "users.id", "dossier_follows.user_id").select("users.email")
    .where("dossier_follows.dossier_id", "=", dossier.id).orderBy("dossier_follows.created_at")
    .execute();
  const experts = await db.selectFrom("avis").select("expert_email as email")
    .where("dossier_id", "=", dossier.id).where("revoked_at", "is", null).orderBy("id").execute();
  return { owner, invites, followers, experts };
}
