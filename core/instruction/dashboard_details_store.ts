/**
 * What a dashboard page reads besides its rows (core/instruction/dashboard_store.ts): the
 * chosen columns' cells, « Nouveau », the corrections awaited, the colleagues, and the
 * columns each instructeur remembers.
 */
import { sql } from "kysely";
import type { Executor } from "../db/mod.ts";

/** The columns the instructeur chose for the démarche's dashboard, as stored (JSON), if any. */
export async function preferredColumnsJson(
  db: Executor,
  userId: number,
  demarcheId: number,
): Promise<string | undefined> {
  const pref = await db.selectFrom("instructeur_preferences").select("columns")
    .where("user_id", "=", userId).where("demarche_id", "=", demarcheId).executeTakeFirst();
  return pref?.columns;
}

/** Remembers the columns an instructeur shows on a démarche's dashboard. */
export async function savePreferredColumns(
  db: Executor,
  userId: number,
  demarcheId: number,
  columns: readonly string[],
): Promise<void> {
  await db.insertInto("instructeur_preferences")
    .values({ user_id: userId, demarche_id: demarcheId, columns: JSON.stringify(columns) })
    .onConflict((oc) =>
      oc.columns(["user_id", "demarche_id"]).doUpdateSet({ columns: JSON.stringify(columns) })
    )
    .execute();
}

/** The démarche's current form as stored (JSON): its published revision's, else its draft. */
export async function currentFormJson(db: Executor, demarcheId: number): Promise<string> {
  const d = await db.selectFrom("demarches").select(["draft_form", "published_revision_id"])
    .where("id", "=", demarcheId).executeTakeFirstOrThrow();
  if (d.published_revision_id === null) return d.draft_form;
  const r = await db.selectFrom("revisions").select("form").where(
    "id",
    "=",
    d.published_revision_id,
  )
    .executeTakeFirstOrThrow();
  return r.form;
}

/** The chosen columns' cells of the page's dossiers, read from the index. */
export async function cellsOf(
  db: Executor,
  dossierIds: readonly number[],
  stableIds: readonly string[],
) {
  return await db.selectFrom("dossier_champ_index").select(["dossier_id", "stable_id", "display"])
    .where("dossier_id", "in", dossierIds).where(sql<boolean>`item = 0`)
    .where("stable_id", "in", stableIds).execute();
}

/** The instructeurs of these groupes, by address. */
export async function membersOf(db: Executor, groupeIds: readonly number[]) {
  return await db.selectFrom("groupe_membres")
    .innerJoin("users", "users.id", "groupe_membres.user_id")
    .select(["users.id", "users.email"]).distinct()
    .where("groupe_membres.groupe_id", "in", groupeIds).orderBy("users.email").limit(500)
    .execute();
}

/** Which of `dossierIds` (one dashboard page) wait for a correction from their usager. */
export async function pendingCorrectionsAmong(
  db: Executor,
  dossierIds: readonly number[],
): Promise<Set<number>> {
  if (dossierIds.length === 0) return new Set();
  const rows = await db.selectFrom("messages").select("dossier_id").distinct()
    .where("dossier_id", "in", dossierIds).where("correction_reason", "is not", null)
    .where("resolved_at", "is", null).execute();
  return new Set(rows.map((r) => r.dossier_id));
}

/**
 * « Nouveau »: which of `dossierIds` (one page) hold something new for `userId` since they
 * last looked — a usager message past their read marker, an avis answered or a re-deposit
 * since they last opened it. Never a scan.
 */
export async function unseenAmong(
  db: Executor,
  dossierIds: readonly number[],
  userId: number,
): Promise<Set<number>> {
  if (dossierIds.length === 0) return new Set();
  // Each probe walks one dossier's rows on its (dossier_id, id) index.
  const rows = await sql<{ id: number }>`
    select d.id from dossiers d
    left join dossier_reads r on r.dossier_id = d.id and r.user_id = ${userId}
    where d.id in (${sql.join(dossierIds)}) and (
      exists (select 1 from messages m where m.dossier_id = d.id
        and m.id > coalesce(r.last_message_id, 0) and m.from_instructeur = 0)
      or exists (select 1 from avis a where a.dossier_id = d.id
        and a.answered_at > coalesce(r.seen_at, ''))
      or exists (select 1 from dossier_events e where e.dossier_id = d.id
        and e.event = 'deposer_modifications' and e.created_at > coalesce(r.seen_at, '')))`
    .execute(db);
  return new Set(rows.rows.map((r) => r.id));
}

/** Each groupe `userId` instructs, with its démarche. */
export async function myGroupesByDemarche(db: Executor, userId: number) {
  return await db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .innerJoin("demarches", "demarches.id", "groupes_instructeurs.demarche_id")
    .select(["demarches.id", "demarches.titre", "demarches.state", "groupe_membres.groupe_id"])
    .where("groupe_membres.user_id", "=", userId).execute();
}
