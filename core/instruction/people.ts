/** The people involved in a dossier, as its instructeurs read them on « Personnes impliquées ». */
import type { Executor } from "../db/mod.ts";

export type PersonRole = "usager" | "invite" | "instructeur" | "expert";

const ROLE_LABELS: Record<PersonRole, string> = {
  usager: "Titulaire du dossier",
  invite: "Invité par le titulaire",
  instructeur: "Instructeur qui suit le dossier",
  expert: "Expert sollicité pour un avis",
};

/**
 * The usager, their invités (not revoked), the instructeurs who follow the dossier and the
 * experts asked for an avis (not revoked); one line per person and role.
 */
export async function peopleOf(
  db: Executor,
  dossier: { id: number; owner_id: number },
): Promise<{ email: string; role: PersonRole; roleLabel: string }[]> {
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
  const all: [PersonRole, { email: string }[]][] = [
    ["usager", [owner]],
    ["invite", invites],
    ["instructeur", followers],
    ["expert", experts],
  ];
  const seen = new Set<string>();
  return all.flatMap(([role, rows]) =>
    rows.filter((r) => {
      const key = `${role} ${r.email}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).map((r) => ({ email: r.email, role, roleLabel: ROLE_LABELS[role] }))
  );
}
