/**
 * The conservation pass's queries. Each walk reads one partial index of migration 0022 in
 * keyset order; its conditions repeat the index's word for word, literals included, or
 * SQLite would not use it. Deleting a dossier removes every row that hangs on it.
 */
import { sql } from "kysely";
import type { Executor } from "../db/mod.ts";
import { deleteDossierRow } from "../dossiers/store.ts";
import { deleteFilesOfDossier } from "../files/store.ts";
import { deletePendingForDossier } from "../jobs/store.ts";
import { applyDeltas, deltasOf, placeOf } from "../dossiers/counters.ts";
import { unindexSearchText } from "../db/search.ts";
import type { DeletionReason } from "./model.ts";
import { AUTOMATIC_JOB } from "../dossiers/transition.ts";
import { ATTESTATION_JOB } from "../instruction/attestation.ts";
import { AFTER_HOOK_JOB } from "../plugin_host/service.ts";

/** One rule's walk: the dossiers of a démarche whose reference date is at most `cutoff`. */
export type Walk = "brouillon" | "en_construction" | "decided";

const WALKS = {
  brouillon: {
    ref: sql.ref<string>("updated_at"),
    where: sql`state = 'brouillon' and deleted_by_usager_at is null
      and conservation_until is null`,
  },
  en_construction: {
    ref: sql.ref<string>("deposited_at"),
    where: sql`state = 'en_construction' and conservation_until is null`,
  },
  decided: {
    ref: sql.ref<string>("decided_at"),
    where: sql`state in ('accepte', 'refuse', 'sans_suite') and conservation_until is null`,
  },
} as const;

/** A keyset position in a walk: the last (date, id) read. */
export interface Position {
  readonly at: string;
  readonly id: number;
}

const START: Position = { at: "", id: 0 };

/** The next `limit` dossiers of a walk after `from`, oldest reference first. */
export async function walkDemarche(
  db: Executor,
  walk: Walk,
  input: { demarcheId: number; cutoff: string; from?: Position; limit: number },
): Promise<Position[]> {
  return (await walkDemarcheQuery(walk, input).execute(db)).rows;
}

/** The statement of `walkDemarche` (exported so a test can read its plan). */
export function walkDemarcheQuery(
  walk: Walk,
  input: { demarcheId: number; cutoff: string; from?: Position; limit: number },
) {
  const { ref, where } = WALKS[walk];
  const from = input.from ?? START;
  return sql<Position>`select id, ${ref} as at
    from dossiers where demarche_id = ${input.demarcheId} and ${where}
      and ${ref} <= ${input.cutoff} and (${ref}, id) > (${from.at}, ${from.id})
    order by ${ref}, id limit ${input.limit}`;
}

/** The next `limit` kept dossiers (« Conserver ») kept until `until` at most. */
export async function walkConserved(
  db: Executor,
  input: { until: string; from?: Position; limit: number },
): Promise<Position[]> {
  return (await walkConservedQuery(input).execute(db)).rows;
}

/** The statement of `walkConserved`. */
export function walkConservedQuery(input: { until: string; from?: Position; limit: number }) {
  const from = input.from ?? START;
  return sql<Position>`select id, conservation_until as at
    from dossiers where conservation_until is not null
      and conservation_until <= ${input.until}
      and (conservation_until, id) > (${from.at}, ${from.id})
    order by conservation_until, id limit ${input.limit}`;
}

/** The next `limit` brouillons put in the bin at `before` at the latest. */
export async function walkCorbeille(
  db: Executor,
  input: { before: string; from?: Position; limit: number },
): Promise<Position[]> {
  return (await walkCorbeilleQuery(input).execute(db)).rows;
}

/** The statement of `walkCorbeille`. */
export function walkCorbeilleQuery(input: { before: string; from?: Position; limit: number }) {
  const from = input.from ?? START;
  return sql<Position>`select id,
      deleted_by_usager_at as at
    from dossiers where state = 'brouillon' and deleted_by_usager_at is not null
      and deleted_by_usager_at <= ${input.before}
      and (deleted_by_usager_at, id) > (${from.at}, ${from.id})
    order by deleted_by_usager_at, id limit ${input.limit}`;
}

/**
 * The dossiers `ids` with what the rules and the notice need; `prefill_waiting` is 1 for a
 * brouillon prefilled through the API that no usager has claimed yet (its owner is the
 * placeholder account, which has no mailbox).
 */
export async function dossiersFor(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return await db.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .innerJoin("users", "users.id", "dossiers.owner_id")
    .leftJoin("dossier_prefills", "dossier_prefills.dossier_id", "dossiers.id")
    .select(sql<number>`dossier_prefills.dossier_id is not null
      and dossier_prefills.claimed_at is null`.as("prefill_waiting"))
    .select([
      "dossiers.id",
      "dossiers.demarche_id",
      "dossiers.state",
      "dossiers.updated_at",
      "dossiers.deposited_at",
      "dossiers.decided_at",
      "dossiers.conservation_until",
      "dossiers.expiry_notice_at",
      "dossiers.deleted_by_usager_at",
      "demarches.retention_months",
      "demarches.titre",
      "users.email",
    ])
    .where("dossiers.id", "in", [...ids]).execute();
}

/** Job kinds whose payload names a dossier (`dossierId`). */
const DOSSIER_JOBS = [AUTOMATIC_JOB, ATTESTATION_JOB, AFTER_HOOK_JOB];

/**
 * Deletes a dossier for good, inside the caller's transaction: its row and, by cascade, its
 * champ index, events, messages, avis, invitations, follows, reads and summary items; its
 * search text, its files' rows and the jobs still waiting for it; the tab counters it was
 * counted in. Returns the blobs to remove once committed, and the search terms to forget.
 */
export async function deleteDossier(
  trx: Executor,
  d: { id: number; demarche_id: number; state: string },
  opts: { reason: DeletionReason; now: string },
): Promise<{ blobs: string[]; terms: string[] }> {
  const before = await placeOf(trx, d.id);
  if (!before) return { blobs: [], terms: [] };
  const blobs = await deleteFilesOfDossier(trx, d.id);
  await deleteDossierRow(trx, d.id);
  await applyDeltas(trx, deltasOf(before, null));
  const terms = await unindexSearchText(trx, { id: d.id, demarcheId: d.demarche_id });
  await deletePendingForDossier(trx, DOSSIER_JOBS, d.id);
  await trx.insertInto("deleted_dossiers").values({
    dossier_id: d.id,
    demarche_id: d.demarche_id,
    state: d.state,
    reason: opts.reason,
    deleted_at: opts.now,
  }).onConflict((oc) => oc.column("dossier_id").doNothing()).execute();
  return { blobs, terms };
}
