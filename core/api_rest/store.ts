/** Queries of jetons d'API and of what the read API returns. */
import { sql } from "kysely";
import type { Executor } from "../db/mod.ts";
import type { Cursor } from "./model.ts";

export async function insertToken(
  db: Executor,
  t: {
    userId: number;
    label: string;
    secretHash: string;
    demarcheIds: readonly number[] | null;
    access: string;
    now: string;
    expiresAt: string;
  },
): Promise<number> {
  const row = await db.insertInto("api_tokens").values({
    user_id: t.userId,
    label: t.label,
    secret_hash: t.secretHash,
    demarche_ids: t.demarcheIds === null ? null : JSON.stringify(t.demarcheIds),
    access: t.access,
    created_at: t.now,
    expires_at: t.expiresAt,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function tokensOf(db: Executor, userId: number) {
  return await db.selectFrom("api_tokens")
    .select([
      "id",
      "label",
      "demarche_ids",
      "access",
      "created_at",
      "last_used_at",
      "expires_at",
      "revoked_at",
    ])
    .where("user_id", "=", userId).orderBy("id", "desc").limit(500).execute();
}

export async function findToken(db: Executor, id: number) {
  return await db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function revokeToken(db: Executor, id: number, now: string) {
  await db.updateTable("api_tokens").set({ revoked_at: now }).where("id", "=", id)
    .where("revoked_at", "is", null).execute();
}

/** The jeton with this secret hash, with its owner's e-mail and roles. */
export async function findTokenBySecret(db: Executor, secretHash: string) {
  return await db.selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select((eb) => [
      "api_tokens.id",
      "api_tokens.user_id",
      "api_tokens.demarche_ids",
      "api_tokens.access",
      "api_tokens.expires_at",
      "api_tokens.revoked_at",
      "api_tokens.last_used_at",
      "users.email",
      eb.selectFrom("user_roles").select(sql<string>`string_agg(role, ',')`.as("r"))
        .whereRef("user_roles.user_id", "=", "users.id").as("roles"),
    ])
    .where("api_tokens.secret_hash", "=", secretHash).executeTakeFirst();
}

export async function touchToken(db: Executor, id: number, now: string) {
  await db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}

/** The démarches `userId` administers, limited to `ids` when given. */
export async function administeredDemarches(
  db: Executor,
  userId: number,
  ids: readonly number[] | null,
) {
  let q = db.selectFrom("demarches")
    .innerJoin("demarche_administrateurs as da", "da.demarche_id", "demarches.id")
    .select(["demarches.id", "demarches.titre", "demarches.state", "demarches.path"])
    .where("da.user_id", "=", userId);
  if (ids !== null) {
    if (ids.length === 0) return [];
    q = q.where("demarches.id", "in", ids);
  }
  return await q.orderBy("demarches.id").execute();
}

export async function findDemarche(db: Executor, id: number) {
  return await db.selectFrom("demarches").select(["id", "titre", "state", "path", "draft_form"])
    .where("id", "=", id).executeTakeFirst();
}

/** The démarche as its descriptor shows it, with its published revision (if any). */
export async function describedDemarche(db: Executor, id: number) {
  return await db.selectFrom("demarches")
    .leftJoin("revisions", "revisions.id", "demarches.published_revision_id")
    .select([
      "demarches.id",
      "demarches.titre",
      "demarches.description",
      "demarches.state",
      "demarches.path",
      "demarches.published_at",
      "demarches.closed_at",
      "revisions.number as revision_number",
      "revisions.form as revision_form",
      "revisions.published_at as revision_published_at",
    ])
    .where("demarches.id", "=", id).executeTakeFirst();
}

/** What a prefill needs of a démarche: whether it takes dossiers, on which revision. */
export async function findDemarcheForPrefill(db: Executor, id: number) {
  return await db.selectFrom("demarches")
    .select(["id", "state", "published_revision_id", "deadline_at", "settings"])
    .where("id", "=", id).executeTakeFirst();
}

export async function administrateurIds(db: Executor, demarcheId: number): Promise<number[]> {
  return (await db.selectFrom("demarche_administrateurs").select("user_id")
    .where("demarche_id", "=", demarcheId).execute()).map((r) => r.user_id);
}

/** Deposited dossiers per state: a walk of the (demarche_id, state, id) index. */
export async function countsByState(db: Executor, demarcheIds: readonly number[]) {
  if (demarcheIds.length === 0) return [];
  return await db.selectFrom("dossiers")
    .select((eb) => ["demarche_id", "state", eb.fn.countAll<number>().as("n")])
    .where("demarche_id", "in", demarcheIds).where("state", "<>", "brouillon")
    .groupBy(["demarche_id", "state"]).execute();
}

const DOSSIER_COLUMNS = [
  "dossiers.id",
  "dossiers.demarche_id",
  "dossiers.revision_id",
  "dossiers.state",
  "dossiers.is_test",
  "dossiers.archived",
  "dossiers.champ_values",
  "dossiers.annotation_values",
  "dossiers.motivation",
  "dossiers.created_at",
  "dossiers.updated_at",
  "dossiers.deposited_at",
  "dossiers.en_instruction_at",
  "dossiers.decided_at",
  "dossiers.deleted_by_usager_at",
  "dossiers.justificatif_file_id",
  "dossiers.attestation_file_id",
  "dossiers.identite_verifiee_par",
  "users.email",
] as const;

/**
 * One page of a démarche's deposited dossiers in (updated_at, id) order, after `after`.
 * The conditions match the partial index `dossiers_api_walk` (migration 0023) word for word.
 */
export function dossiersPageQuery(
  db: Executor,
  q: {
    demarcheId: number;
    state?: string;
    since?: string;
    after?: Cursor;
    limit: number;
  },
) {
  let query = db.selectFrom("dossiers")
    .innerJoin("users", "users.id", "dossiers.owner_id")
    .select(DOSSIER_COLUMNS)
    .where("dossiers.demarche_id", "=", q.demarcheId)
    .where(sql<boolean>`dossiers.state <> 'brouillon'`);
  if (q.state) query = query.where("dossiers.state", "=", q.state);
  if (q.since) query = query.where("dossiers.updated_at", ">=", q.since);
  if (q.after) {
    const { updatedAt, id } = q.after;
    query = query.where((eb) =>
      eb(eb.refTuple("dossiers.updated_at", "dossiers.id"), ">", eb.tuple(updatedAt, id))
    );
  }
  return query.orderBy("dossiers.updated_at").orderBy("dossiers.id").limit(q.limit);
}

export async function dossiersPage(db: Executor, q: Parameters<typeof dossiersPageQuery>[1]) {
  return await dossiersPageQuery(db, q).execute();
}

export async function findDossier(db: Executor, id: number) {
  return await db.selectFrom("dossiers")
    .innerJoin("users", "users.id", "dossiers.owner_id")
    .select(DOSSIER_COLUMNS)
    .where("dossiers.id", "=", id).where("dossiers.state", "<>", "brouillon")
    .executeTakeFirst();
}

export type DossierRow = NonNullable<Awaited<ReturnType<typeof findDossier>>>;

/** The forms of these revisions (a dossier on no revision reads its démarche's draft). */
export async function revisionForms(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom("revisions").select(["id", "form"]).where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.form]));
}

export async function eventsOf(db: Executor, dossierId: number) {
  return await db.selectFrom("dossier_events")
    .leftJoin("users", "users.id", "dossier_events.actor_id")
    .select([
      "dossier_events.id",
      "dossier_events.event",
      "dossier_events.from_state",
      "dossier_events.to_state",
      "dossier_events.automatic",
      "dossier_events.motivation",
      "dossier_events.created_at",
      "users.email",
    ])
    .where("dossier_events.dossier_id", "=", dossierId).orderBy("dossier_events.id")
    .limit(1000).execute();
}
