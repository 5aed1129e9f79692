/** The people involved in a dossier, as its instructeurs read them on « Personnes impliquées ». */
import type { Executor } from "../db/mod.ts";
import { peopleRows } from "./instructeurs_store.ts";

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
  const { owner, invites, followers, experts } = await peopleRows(db, dossier);
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
