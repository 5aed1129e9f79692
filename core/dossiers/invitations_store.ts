/** Queries of `invitations`: who the owner of a dossier invited to fill it. Written only here. */
import type { Executor } from "../db/mod.ts";

/** The dossier's invitations, revoked ones included, oldest first. */
export async function invitationsOf(db: Executor, dossierId: number) {
  return await db.selectFrom("invitations")
    .select(["id", "email", "kind", "scope", "message", "created_at", "revoked_at"])
    .where("dossier_id", "=", dossierId).orderBy("id").execute();
}

/** Whether `email` holds an invitation (not revoked) on the dossier. */
export async function alreadyInvited(
  db: Executor,
  dossierId: number,
  email: string,
): Promise<boolean> {
  const row = await db.selectFrom("invitations").select("id").where("dossier_id", "=", dossierId)
    .where("email", "=", email).where("revoked_at", "is", null).executeTakeFirst();
  return row !== undefined;
}

export async function insertInvitation(
  db: Executor,
  i: {
    dossierId: number;
    kind: string;
    email: string;
    userId: number;
    scope: string;
    message: string;
    now: string;
  },
): Promise<void> {
  await db.insertInto("invitations").values({
    dossier_id: i.dossierId,
    kind: i.kind,
    email: i.email,
    user_id: i.userId,
    scope: i.scope,
    message: i.message,
    created_at: i.now,
  }).execute();
}

/** Revokes one invitation of the dossier; false when there was none left to revoke. */
export async function revokeInvitation(
  db: Executor,
  dossierId: number,
  invitationId: number,
  now: string,
): Promise<boolean> {
  const r = await db.updateTable("invitations").set({ revoked_at: now })
    .where("id", "=", invitationId).where("dossier_id", "=", dossierId)
    .where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
