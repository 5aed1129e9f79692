/**
 * Queries of dossiers and their events.
 *
 * Over 400 lines because it is the one owner of the dossiers table and its events: every
 * query that writes them stays here (one writing folder per table).
 */
import { fileLink } from "../files/service.ts";
import * as v from "valibot";
import type { Executor } from "../db/mod.ts";
import { reusableQuery } from "../db/reusable_query.ts";
import { conditionSchema } from "../shared/conditions.ts";
import type { RoutableGroupe } from "./routing.ts";
import { parseEventDetails } from "./model.ts";

export async function insertDossier(
  db: Executor,
  d: {
    demarcheId: number;
    revisionId: number | null;
    ownerId: number;
    isTest: boolean;
    values: string;
    now: string;
    /** The provider whose verified identity filled its identity champs (FranceConnect). */
    identiteVerifieePar?: string | null;
  },
): Promise<number> {
  const row = await db.insertInto("dossiers").values({
    demarche_id: d.demarcheId,
    revision_id: d.revisionId,
    owner_id: d.ownerId,
    state: "brouillon",
    is_test: d.isTest ? 1 : 0,
    champ_values: d.values,
    identite_verifiee_par: d.identiteVerifieePar ?? null,
    created_at: d.now,
    updated_at: d.now,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

const dossierById = reusableQuery((db, id: number) =>
  db.selectFrom("dossiers").selectAll().where("id", "=", id)
);

/** The dossier numbered `id` (every save and deposit starts with it: compiled once). */
export async function findDossier(db: Executor, id: number) {
  const [row] = await dossierById(db, id);
  return row as typeof row | undefined;
}

export async function listForOwner(db: Executor, ownerId: number, opts: { deleted: boolean }) {
  return await db.selectFrom("dossiers")
    .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
    .select([
      "dossiers.id",
      "dossiers.state",
      "dossiers.is_test",
      "dossiers.created_at",
      "dossiers.updated_at",
      "dossiers.deposited_at",
      "dossiers.decided_at",
      "dossiers.deleted_by_usager_at",
      "demarches.titre as demarcheTitre",
    ])
    .select((eb) => eb("dossiers.owner_id", "!=", ownerId).as("invited"))
    .where((eb) =>
      eb.or([
        eb("dossiers.owner_id", "=", ownerId),
        eb("dossiers.id", "in", (sub) =>
          sub.selectFrom("invitations").select("dossier_id").where("user_id", "=", ownerId)
            .where("revoked_at", "is", null)),
      ])
    )
    .where("dossiers.deleted_by_usager_at", opts.deleted ? "is not" : "is", null)
    .orderBy("dossiers.id", "desc").limit(500).execute();
}

/** The revision of a dossier's values, which every save that changes them raises. */
export async function valuesRevision(db: Executor, id: number): Promise<number | undefined> {
  const [row] = await valuesRevisionById(db, id);
  return row?.values_revision;
}

// Compiled once (`reusableQuery`): every deposit runs these.
const valuesRevisionById = reusableQuery((db, id: number) =>
  db.selectFrom("dossiers").select("values_revision").where("id", "=", id)
);
const lifecycleDemarcheById = reusableQuery((db, id: number) =>
  db.selectFrom("demarches").select(["id", "mode", "settings"]).where("id", "=", id)
);
const ownerEmailOf = reusableQuery((db, dossierId: number) =>
  db.selectFrom("dossiers").innerJoin("users", "users.id", "dossiers.owner_id")
    .select("users.email").where("dossiers.id", "=", dossierId)
);
const routingGroupesOf = reusableQuery((db, demarcheId: number) =>
  db.selectFrom("groupes_instructeurs")
    .select(["id", "is_default", "routing_rule"])
    .where("demarche_id", "=", demarcheId).orderBy("is_default").orderBy("position")
    .orderBy("id")
);

/**
 * Gives a brouillon held by `from` to `to` (a prefilled brouillon claimed by its usager);
 * whether it was still `from`'s brouillon.
 */
export async function transferOwner(
  db: Executor,
  id: number,
  t: { from: number; to: number; now: string },
): Promise<boolean> {
  const done = await db.updateTable("dossiers").set({ owner_id: t.to, updated_at: t.now })
    .where("id", "=", id).where("owner_id", "=", t.from).where("state", "=", "brouillon")
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

export async function updateDossier(
  db: Executor,
  id: number,
  changes: {
    champ_values?: string;
    deleted_by_usager_at?: string | null;
    annotation_values?: string;
    pending_values?: string | null;
    /** The provider whose verified identity the identity champs hold (`identite.ts`). */
    identite_verifiee_par?: string | null;
  },
  now: string,
) {
  const columns = setColumns(changes);
  await updateById(columns)(db, id, ...columns.map((c) => changes[c as keyof typeof changes]), now);
}

/** The columns an update sets, in order: those of `changes` with a value (Kysely skips undefined). */
function setColumns(changes: object): string[] {
  return Object.entries(changes).flatMap(([column, value]) => value === undefined ? [] : [column]);
}

type Write = (db: Executor, ...args: unknown[]) => Promise<unknown[]>;

/** Updates of a dossier, compiled once per list of columns (a deposit made two per call). */
const writes = new Map<string, Write>();

/** At most this many shapes kept: a few call sites each set their own columns. */
const WRITES_KEPT = 64;

function kept(key: string, build: () => Write): Write {
  let write = writes.get(key);
  if (write === undefined) {
    write = build();
    if (writes.size >= WRITES_KEPT) writes.clear();
    writes.set(key, write);
  }
  return write;
}

/** `update dossiers set <columns>, updated_at where id`: arguments id, the values, now. */
function updateById(columns: readonly string[]): Write {
  return kept(
    `id:${columns}`,
    () =>
      reusableQuery((db, id: unknown, ...values: unknown[]) =>
        db.updateTable("dossiers")
          .set({
            ...Object.fromEntries(columns.map((c, i) => [c, values[i]])),
            updated_at: values[columns.length],
          } as never)
          .where("id", "=", id as number)
      ) as Write,
  );
}

/**
 * `update dossiers set <columns>, updated_at where id and state returning id`: arguments id,
 * the state expected, the values, now.
 */
function updateInState(columns: readonly string[]): Write {
  return kept(
    `state:${columns}`,
    () =>
      reusableQuery((db, id: unknown, from: unknown, ...values: unknown[]) =>
        db.updateTable("dossiers")
          .set({
            ...Object.fromEntries(columns.map((c, i) => [c, values[i]])),
            updated_at: values[columns.length],
          } as never)
          .where("id", "=", id as number).where("state", "=", from as string)
          .returning("id")
      ) as Write,
  );
}

/**
 * Links a dossier to its attestation's file, only if it is still accepted (a decision taken
 * back meanwhile leaves the file unlinked); whether it was.
 */
export async function linkAttestation(db: Executor, id: number, fileId: string): Promise<boolean> {
  const r = await db.updateTable("dossiers").set({ attestation_file_id: fileId })
    .where("id", "=", id).where("state", "=", "accepte").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The columns a transition sets besides the state (core/dossiers/transition.ts). */
export interface StateChange {
  readonly state: string;
  readonly deposited_at?: string;
  readonly en_instruction_at?: string;
  readonly decided_at?: string | null;
  readonly motivation?: string | null;
  readonly groupe_id?: number | null;
  readonly justificatif_file_id?: string | null;
  readonly attestation_file_id?: null;
  readonly archived?: 0;
  readonly pending_values?: null;
  readonly implicit_decision_on?: string | null;
  readonly implicit_decision_suspended_on?: string | null;
}

/**
 * Moves the state only if it is still `from`: of two concurrent decisions, one wins. Only
 * `applyTransition` calls it: no other code writes `dossiers.state`.
 */
export async function moveState(
  db: Executor,
  id: number,
  from: string,
  changes: StateChange,
  now: string,
): Promise<boolean> {
  const columns = setColumns(changes);
  const moved = await updateInState(columns)(
    db,
    id,
    from,
    ...columns.map((c) => changes[c as keyof StateChange]),
    now,
  );
  return moved.length === 1;
}

export async function insertEvent(
  db: Executor,
  e: {
    dossierId: number;
    event: string;
    from: string;
    to: string;
    actorId: number | null;
    automatic: boolean;
    motivation?: string | null;
    /** Stored as JSON: what the event did besides moving the state (a re-deposit's changes). */
    details?: Readonly<Record<string, unknown>> | null;
    now: string;
  },
) {
  await insertEventRow(
    db,
    e.dossierId,
    e.event,
    e.from,
    e.to,
    e.actorId,
    e.automatic ? 1 : 0,
    e.motivation ?? null,
    e.details ? JSON.stringify(e.details) : null,
    e.now,
  );
}

// Compiled once (`reusableQuery`): every change of state writes its event.
const insertEventRow = reusableQuery((
  db,
  dossierId: number,
  event: string,
  from: string,
  to: string,
  actorId: number | null,
  automatic: number,
  motivation: string | null,
  details: string | null,
  now: string,
) =>
  db.insertInto("dossier_events").values({
    dossier_id: dossierId,
    event,
    from_state: from,
    to_state: to,
    actor_id: actorId,
    automatic,
    motivation,
    details,
    created_at: now,
  })
);

export async function eventsOf(db: Executor, dossierId: number) {
  const events = await db.selectFrom("dossier_events")
    .leftJoin("users", "users.id", "dossier_events.actor_id")
    .select([
      "dossier_events.event",
      "dossier_events.from_state",
      "dossier_events.to_state",
      "dossier_events.automatic",
      "dossier_events.motivation",
      "dossier_events.details",
      "dossier_events.created_at",
      "users.email as actor",
    ])
    .where("dossier_events.dossier_id", "=", dossierId).orderBy("dossier_events.id").execute();
  return await Promise.all(events.map(async ({ details, ...e }) => {
    // A decision's justificatif stays in the history even once the decision is withdrawn.
    const id = details ? parseEventDetails(details).justificatif : undefined;
    return { ...e, justificatif: id ? await fileLink(db, id) : null };
  }));
}

/**
 * The stable ids the usager changed in their latest re-deposit, until an instructeur takes
 * the dossier in hand (then they have read the dossier as it is).
 */
export async function changedSinceDeposit(db: Executor, dossierId: number): Promise<string[]> {
  const last = await db.selectFrom("dossier_events").select(["event", "details"])
    .where("dossier_id", "=", dossierId)
    .where("event", "in", ["deposer_modifications", "passer_en_instruction"])
    .orderBy("id", "desc").limit(1).executeTakeFirst();
  if (last?.event !== "deposer_modifications" || !last.details) return [];
  return parseEventDetails(last.details).changed ?? [];
}

/** Writes a save's merged values, its revision and what it changed (see `co_editing.ts`). */
export async function writeSavedValues(
  db: Executor,
  id: number,
  changes: {
    champ_values?: string;
    pending_values?: string;
    annotation_values?: string;
    values_revision: number;
    champ_revisions?: string;
    annotation_revisions?: string;
  },
  now: string,
) {
  const set = Object.entries({ ...changes, updated_at: now }).filter(([, v]) => v !== undefined);
  const columns = set.map(([column]) => column).join();
  let update = savedValuesUpdates.get(columns);
  if (update === undefined) {
    update = reusableQuery((db, id: number, ...values: unknown[]) =>
      db.updateTable("dossiers")
        .set(Object.fromEntries(set.map(([column], i) => [column, values[i]])))
        .where("id", "=", id)
    );
    savedValuesUpdates.set(columns, update);
  }
  await update(db, id, ...set.map(([, value]) => value));
}

/**
 * Writes a brouillon's identity champs as its owner's certified provider gives them, and which
 * provider it is (« Identité FranceConnect », `identite.ts`).
 */
export async function writeIdentityValues(
  db: Executor,
  id: number,
  changes: {
    champ_values: string;
    champ_revisions: string;
    values_revision: number;
    identite_verifiee_par: string;
  },
  now: string,
) {
  const columns = setColumns(changes);
  await updateById(columns)(db, id, ...columns.map((c) => changes[c as keyof typeof changes]), now);
}

/** The update of each set of columns a save writes (a handful), compiled once. */
const savedValuesUpdates = new Map<
  string,
  (db: Executor, id: number, ...values: unknown[]) => Promise<unknown[]>
>();

/** E-mail addresses of these accounts, by id: who changed a champ a save conflicts with. */
export async function emailsOf(
  db: Executor,
  ids: readonly number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "email"]).where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** What the lifecycle reads of a dossier's démarche: its mode and its settings (JSON). */
export async function lifecycleDemarche(db: Executor, demarcheId: number) {
  const [row] = await lifecycleDemarcheById(db, demarcheId);
  if (!row) throw new Error(`No démarche "${demarcheId}"`);
  return row;
}

/** The address of the dossier's owner, to write to them. */
export async function ownerEmail(db: Executor, dossierId: number): Promise<string> {
  const [row] = await ownerEmailOf(db, dossierId);
  if (!row) throw new Error(`No dossier "${dossierId}" with an owner`);
  return row.email;
}

/** The groupes a deposit is routed among, in routing order (the default one last). */
export async function routingGroupes(db: Executor, demarcheId: number): Promise<RoutableGroupe[]> {
  const rows = await routingGroupesOf(db, demarcheId);
  return rows.map((g) => ({
    id: g.id,
    isDefault: g.is_default === 1,
    rule: g.routing_rule ? v.parse(conditionSchema, JSON.parse(g.routing_rule)) : null,
  }));
}

/**
 * Replaces the deposited values by the re-deposited ones, only while the dossier is still
 * en construction; false when an instructeur took it in hand meanwhile.
 */
export async function replaceDepositedValues(
  db: Executor,
  id: number,
  values: string,
  now: string,
): Promise<boolean> {
  const r = await db.updateTable("dossiers")
    .set({ champ_values: values, pending_values: null, updated_at: now })
    .where("id", "=", id).where("state", "=", "en_construction").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A demande de correction stops the « silence vaut … » clock (a second one changes nothing). */
export async function suspendImplicitDate(db: Executor, dossierId: number, day: string) {
  await db.updateTable("dossiers").set({ implicit_decision_suspended_on: day })
    .where("id", "=", dossierId).where("implicit_decision_on", "is not", null)
    .where("implicit_decision_suspended_on", "is", null).execute();
}

/** The dossier's « silence vaut … » date and the day it was suspended, if any. */
export async function implicitDates(db: Executor, dossierId: number) {
  return await db.selectFrom("dossiers")
    .select(["implicit_decision_on", "implicit_decision_suspended_on"])
    .where("id", "=", dossierId).executeTakeFirst();
}

/** Sets the dossier's « silence vaut … » date (null: none) and lifts its suspension. */
export async function setImplicitDate(db: Executor, dossierId: number, on: string | null) {
  await db.updateTable("dossiers")
    .set({ implicit_decision_on: on, implicit_decision_suspended_on: null })
    .where("id", "=", dossierId).execute();
}

/**
 * One page of the dossiers whose « silence vaut … » date has come by `today`, after `from`:
 * word for word the partial index's condition (migration 0024), then its order, so a range
 * read of the index.
 */
export async function implicitDue(
  db: Executor,
  today: string,
  from: { on: string; id: number } | undefined,
  limit: number,
) {
  let q = db.selectFrom("dossiers")
    .select(["id", "demarche_id", "state", "implicit_decision_on"])
    .where("implicit_decision_on", "is not", null)
    .where("implicit_decision_suspended_on", "is", null)
    .where("implicit_decision_on", "<=", today);
  if (from) {
    q = q.where((eb) =>
      eb.or([
        eb("implicit_decision_on", ">", from.on),
        eb.and([eb("implicit_decision_on", "=", from.on), eb("id", ">", from.id)]),
      ])
    );
  }
  return await q.orderBy("implicit_decision_on").orderBy("id").limit(limit).execute();
}

/** Archives (or brings back) a dossier; the caller keeps the counters in step (`tracked`). */
export async function setArchived(db: Executor, id: number, on: boolean) {
  await db.updateTable("dossiers").set({ archived: on ? 1 : 0 }).where("id", "=", id).execute();
}

/** Moves a dossier to another groupe; the caller keeps the counters in step (`tracked`). */
export async function setGroupe(db: Executor, id: number, groupeId: number, now: string) {
  await db.updateTable("dossiers").set({ groupe_id: groupeId, updated_at: now })
    .where("id", "=", id).execute();
}

/**
 * The démarche's dossiers not yet en instruction (test ones apart) follow its new revision;
 * their values are kept by stable champ id.
 */
export async function followRevision(db: Executor, demarcheId: number, revisionId: number) {
  await db.updateTable("dossiers").set({ revision_id: revisionId })
    .where("demarche_id", "=", demarcheId).where("is_test", "=", 0)
    .where("state", "in", ["brouillon", "en_construction"]).execute();
}

/** Deletes the démarche's test dossiers (and, by cascade, what hangs on them). */
export async function deleteTestDossiers(db: Executor, demarcheId: number) {
  await db.deleteFrom("dossiers").where("demarche_id", "=", demarcheId).where("is_test", "=", 1)
    .execute();
}

/** Keeps the dossier until `until` (« Conserver »). */
export async function setConservationUntil(db: Executor, id: number, until: string) {
  await db.updateTable("dossiers").set({ conservation_until: until }).where("id", "=", id)
    .execute();
}

/**
 * Records the expiry notice unless another pass did since `seen` was read; true when this
 * call claimed it (and must send the mail, in the same transaction).
 */
export async function claimExpiryNotice(
  db: Executor,
  id: number,
  seen: string | null,
  now: string,
): Promise<boolean> {
  const r = await db.updateTable("dossiers").set({ expiry_notice_at: now })
    .where("id", "=", id)
    .where((eb) =>
      seen === null ? eb("expiry_notice_at", "is", null) : eb("expiry_notice_at", "=", seen)
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Forgets « Conserver » dates already past: they no longer hold any dossier back. */
export async function clearPastConservations(db: Executor, ids: readonly number[], now: string) {
  if (ids.length === 0) return;
  await db.updateTable("dossiers").set({ conservation_until: null })
    .where("id", "in", [...ids]).where("conservation_until", "<=", now).execute();
}

/** Deletes dossier `id`; its champ index, events, messages, avis… go by cascade. */
export async function deleteDossierRow(db: Executor, id: number) {
  await db.deleteFrom("dossiers").where("id", "=", id).execute();
}
