/** Queries of démarches and their administrators. */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertDemarche(
  db: Executor,
  d: { titre: string; settings: string; now: string },
): Promise<number> {
  const row = await db.insertInto("demarches").values({
    titre: d.titre,
    state: "brouillon",
    settings: d.settings,
    created_at: d.now,
    updated_at: d.now,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function addAdministrateur(
  db: Executor,
  demarcheId: number,
  userId: number,
  now: string,
) {
  await db.insertInto("demarche_administrateurs")
    .values({ demarche_id: demarcheId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.columns(["demarche_id", "user_id"]).doNothing()).execute();
}

export async function administrateurIds(db: Executor, demarcheId: number): Promise<number[]> {
  const rows = await db.selectFrom("demarche_administrateurs").select("user_id")
    .where("demarche_id", "=", demarcheId).execute();
  return rows.map((r) => r.user_id);
}

/**
 * Who may try a démarche en test: its administrators and the instructeurs of its groupes.
 */
export async function testerIds(db: Executor, demarcheId: number): Promise<number[]> {
  const rows = await db.selectFrom("demarche_administrateurs").select("user_id")
    .where("demarche_id", "=", demarcheId)
    .union(
      db.selectFrom("groupe_membres")
        .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
        .select("groupe_membres.user_id").where(
          "groupes_instructeurs.demarche_id",
          "=",
          demarcheId,
        ),
    ).execute();
  return rows.map((r) => r.user_id);
}

export async function findDemarche(db: Executor, id: number) {
  return await db.selectFrom("demarches").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The démarches `userId` administers, newest first. */
export async function listForAdministrateur(db: Executor, userId: number) {
  return await db.selectFrom("demarches")
    .innerJoin("demarche_administrateurs", "demarche_administrateurs.demarche_id", "demarches.id")
    .select([
      "demarches.id",
      "demarches.titre",
      "demarches.state",
      "demarches.mode",
      "demarches.path",
      "demarches.created_at",
      "demarches.updated_at",
      "demarches.published_at",
    ])
    .where("demarche_administrateurs.user_id", "=", userId)
    .orderBy("demarches.id", "desc").limit(1000).execute();
}

export async function updateDemarche(
  db: Executor,
  id: number,
  changes: {
    titre?: string;
    description?: string;
    mode?: string;
    settings?: string;
    retention_months?: number;
    deadline_at?: string | null;
    draft_form?: string;
  },
  now: string,
) {
  await db.updateTable("demarches").set({ ...changes, updated_at: now }).where("id", "=", id)
    .execute();
}

export async function deleteDemarche(db: Executor, id: number) {
  await db.deleteFrom("demarches").where("id", "=", id).execute();
}

const LIVE_STATES = ["brouillon", "publiee", "depubliee"];

/** Whether another live démarche (en test, publiée or dépubliée) already uses `path`. */
export async function pathTaken(db: Executor, path: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom("demarches").select("id").where("path", "=", path)
    .where("state", "in", LIVE_STATES);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function latestRevision(db: Executor, demarcheId: number) {
  return await db.selectFrom("revisions").selectAll().where("demarche_id", "=", demarcheId)
    .orderBy("number", "desc").limit(1).executeTakeFirst();
}

export async function insertRevision(
  db: Executor,
  r: { demarcheId: number; number: number; form: string; by: number; now: string },
): Promise<number> {
  const row = await db.insertInto("revisions").values({
    demarche_id: r.demarcheId,
    number: r.number,
    form: r.form,
    published_at: r.now,
    published_by: r.by,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function setState(
  db: Executor,
  id: number,
  changes: {
    state: string;
    path?: string;
    published_at?: string;
    closed_at?: string | null;
    published_revision_id?: number;
  },
  now: string,
) {
  await db.updateTable("demarches").set({ ...changes, updated_at: now }).where("id", "=", id)
    .execute();
}

export async function countInstructeurs(db: Executor, demarcheId: number): Promise<number> {
  const row = await db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .select((eb) => eb.fn.count<number>("groupe_membres.user_id").distinct().as("n"))
    .where("groupes_instructeurs.demarche_id", "=", demarcheId).executeTakeFirstOrThrow();
  return Number(row.n);
}
