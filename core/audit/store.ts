/** Queries of the audit log: `audit_events` (appended only) and `audit_checks`. */
import { sql } from "kysely";
import { type Db, dialectOf, type Executor } from "../db/mod.ts";
import { writeTransaction } from "../db/transaction.ts";
import type { AuditFilter, AuditRow } from "./model.ts";

/** Any key of our own for PostgreSQL's advisory lock of the chain. */
const CHAIN_LOCK = 4_171_512;

/**
 * Holds the chain's end until the transaction ends. SQLite has one writer (the transaction
 * holds the file's write lock); PostgreSQL's READ COMMITTED transactions run side by side, so
 * each append first takes an advisory lock (the unique `prev_hash` would otherwise refuse the
 * second of two concurrent appends instead of making it wait).
 */
export async function lockChain(db: Executor): Promise<void> {
  if (dialectOf(db) === "postgres") {
    await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db);
  }
}

/**
 * A transaction for an append of its own. On SQLite, `BEGIN IMMEDIATE` (the write lock before
 * the chain's end is read); on PostgreSQL a READ COMMITTED one, serialised by `lockChain`: a
 * SERIALIZABLE one would read the end of the chain from a snapshot taken before the lock.
 */
export async function appendTransaction(db: Db, fn: (trx: Executor) => Promise<void>) {
  if (dialectOf(db) === "postgres") await db.transaction().execute(fn);
  else await writeTransaction(db, fn);
}

/** The last event of the chain, or undefined when the log is empty. */
export async function lastEvent(db: Executor) {
  return await db.selectFrom("audit_events").select(["id", "hash"]).orderBy("id", "desc")
    .limit(1).executeTakeFirst();
}

/** Appends one event (its hash already computed over the last one). */
export async function insertEvent(db: Executor, row: AuditRow): Promise<void> {
  await db.insertInto("audit_events").values(row).execute();
}

/** Filtered events, newest first, before event `avant` (keyset), at most `limit`. */
export async function listEvents(
  db: Executor,
  filter: AuditFilter & { from?: string; to?: string },
  opts: { before?: number; limit: number },
): Promise<AuditRow[]> {
  let q = db.selectFrom("audit_events").selectAll();
  if (filter.action) q = q.where("action", "=", filter.action);
  if (filter.personne) {
    const like = `%${filter.personne.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(actor_email) like ${like} escape '\\'`);
  }
  if (filter.demarcheId !== undefined) q = q.where("demarche_id", "=", filter.demarcheId);
  if (filter.from) q = q.where("at", ">=", filter.from);
  if (filter.to) q = q.where("at", "<", filter.to);
  if (opts.before !== undefined) q = q.where("id", "<", opts.before);
  return await q.orderBy("id", "desc").limit(opts.limit).execute();
}

/** Events after `afterId` in the chain's order, at most `limit` (walks of the chain, the CSV). */
export async function eventsAfter(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<AuditRow[]> {
  return await db.selectFrom("audit_events").selectAll().where("id", ">", afterId)
    .orderBy("id", "asc").limit(limit).execute();
}

/** Event `id`'s hash, or undefined when there is no such row. */
export async function hashOfEvent(db: Executor, id: number): Promise<string | undefined> {
  return (await db.selectFrom("audit_events").select("hash").where("id", "=", id)
    .executeTakeFirst())?.hash;
}

/** Records what a verification found. */
export async function insertCheck(
  db: Executor,
  check: {
    at: string;
    intact: boolean;
    checked: number;
    headId: number | null;
    headHash: string | null;
    firstBadId: number | null;
    problem: string | null;
  },
): Promise<void> {
  await db.insertInto("audit_checks").values({
    at: check.at,
    intact: check.intact ? 1 : 0,
    checked: check.checked,
    head_id: check.headId,
    head_hash: check.headHash,
    first_bad_id: check.firstBadId,
    problem: check.problem,
  }).execute();
}

/** The last verification, if any. */
export async function lastCheck(db: Executor) {
  return await db.selectFrom("audit_checks").selectAll().orderBy("id", "desc").limit(1)
    .executeTakeFirst();
}

/** The last verification that found the chain intact: its head must still be there. */
export async function lastIntactCheck(db: Executor) {
  return await db.selectFrom("audit_checks").selectAll().where("intact", "=", 1)
    .where("head_id", "is not", null).orderBy("id", "desc").limit(1).executeTakeFirst();
}

/** The addresses of the super-admins, told when the chain is broken. */
export async function superAdminEmails(db: Executor): Promise<string[]> {
  return (await db.selectFrom("users").innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select("users.email").where("user_roles.role", "=", "super_admin").execute())
    .map((r) => r.email);
}

/** The démarche a dossier or an export belongs to, for the events about them. */
export async function demarcheOfDossier(db: Executor, dossierId: number) {
  return (await db.selectFrom("dossiers").select(["demarche_id", "owner_id"])
    .where("id", "=", dossierId).executeTakeFirst());
}

export async function demarcheOfExport(db: Executor, exportId: number) {
  return (await db.selectFrom("exports").select("demarche_id").where("id", "=", exportId)
    .executeTakeFirst())?.demarche_id;
}
