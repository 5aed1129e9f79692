/**
 * Queries of démarches, their revisions and their administrators, and of the catalogue. The
 * groupes instructeurs are in `groupes_store.ts`.
 */
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
    mail_templates?: string;
    cloned_from?: number;
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

/** One more dossier deposited for real on the démarche (not en test). */
export async function countDeposit(db: Executor, demarcheId: number): Promise<void> {
  await db.updateTable("demarches").set((eb) => ({
    deposited_dossiers_count: eb("deposited_dossiers_count", "+", 1),
  })).where("id", "=", demarcheId).execute();
}

/** The démarche's administrators with their address, by address. */
export async function listAdministrateurs(db: Executor, demarcheId: number) {
  return await db.selectFrom("demarche_administrateurs")
    .innerJoin("users", "users.id", "demarche_administrateurs.user_id")
    .select(["users.id as userId", "users.email", "demarche_administrateurs.created_at as addedAt"])
    .where("demarche_id", "=", demarcheId).orderBy("users.email").execute();
}

/** The id of the administrator account at `email`, if there is one. */
export async function administratorAccountId(
  db: Executor,
  email: string,
): Promise<number | undefined> {
  return (await db.selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select("users.id").where("users.email", "=", email)
    .where("user_roles.role", "=", "administrateur").executeTakeFirst())?.id;
}

export async function isAdministrateur(db: Executor, demarcheId: number, userId: number) {
  return (await db.selectFrom("demarche_administrateurs").select("user_id")
    .where("demarche_id", "=", demarcheId).where("user_id", "=", userId)
    .executeTakeFirst()) !== undefined;
}

export async function countAdministrateurs(db: Executor, demarcheId: number): Promise<number> {
  const row = await db.selectFrom("demarche_administrateurs")
    .select((eb) => eb.fn.countAll<number>().as("n")).where("demarche_id", "=", demarcheId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function removeAdministrateur(db: Executor, demarcheId: number, userId: number) {
  await db.deleteFrom("demarche_administrateurs").where("demarche_id", "=", demarcheId)
    .where("user_id", "=", userId).execute();
}

/**
 * The catalogue: templates, and démarches in `publicStates` with at least `threshold`
 * deposited dossiers, whose title, description or settings contain `query`; most used first.
 */
export async function searchCatalogue(
  db: Executor,
  opts: { query: string; publicStates: readonly string[]; threshold: number },
) {
  let q = db.selectFrom("demarches")
    .select([
      "id",
      "titre",
      "description",
      "state",
      "settings",
      "deposited_dossiers_count",
      "is_template",
    ])
    .where((eb) =>
      eb.or([
        eb("is_template", "=", 1),
        eb.and([
          eb("state", "in", [...opts.publicStates]),
          eb("deposited_dossiers_count", ">=", opts.threshold),
        ]),
      ])
    )
    .orderBy("deposited_dossiers_count", "desc").orderBy("id").limit(200);
  if (opts.query) {
    const like = `%${opts.query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("titre", "like", like),
        eb("description", "like", like),
        eb("settings", "like", like),
      ])
    );
  }
  return await q.execute();
}

/** The form (JSON) of revision `id`. */
export async function revisionForm(db: Executor, id: number): Promise<string | undefined> {
  return (await db.selectFrom("revisions").select("form").where("id", "=", id)
    .executeTakeFirst())?.form;
}

/** Marks or unmarks an instance template; false when there is no such démarche. */
export async function setTemplate(db: Executor, id: number, template: boolean): Promise<boolean> {
  const r = await db.updateTable("demarches").set({ is_template: template ? 1 : 0 })
    .where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Up to `limit` démarches after id `after`, with their conservation period. */
export async function retentionPage(db: Executor, after: number, limit: number) {
  return await db.selectFrom("demarches").select(["id", "retention_months"])
    .where("id", ">", after).orderBy("id").limit(limit).execute();
}
