/**
 * Queries of users, roles, sessions, single-use tokens, admin requests and the account
 * e-mails' quota (`mail_quota`).
 */
import { sql } from "kysely";
import { reusableQuery } from "../db/reusable_query.ts";
import type { Executor } from "../db/mod.ts";
import type { Role } from "../policy/mod.ts";
import type { AdminRequestStatus, TokenKind } from "./model.ts";

export async function findUserByEmail(db: Executor, email: string) {
  return await db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

export async function findUserById(db: Executor, id: number) {
  return await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertUser(
  db: Executor,
  user: { email: string; passwordHash: string | null; verifiedAt: string | null; now: string },
): Promise<number> {
  const row = await db.insertInto("users").values({
    email: user.email,
    password_hash: user.passwordHash,
    email_verified_at: user.verifiedAt,
    created_at: user.now,
    updated_at: user.now,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Executor,
  id: number,
  changes: { email?: string; passwordHash?: string | null; verifiedAt?: string; now: string },
): Promise<void> {
  await db.updateTable("users").set({
    ...(changes.email !== undefined && { email: changes.email }),
    ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
    ...(changes.verifiedAt !== undefined && { email_verified_at: changes.verifiedAt }),
    updated_at: changes.now,
  }).where("id", "=", id).execute();
}

export async function rolesOf(db: Executor, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom("user_roles").select("role").where("user_id", "=", userId)
    .execute();
  return rows.map((r) => r.role as Role);
}

/** Grants `role`; true when the account did not have it yet. */
export async function grantRole(
  db: Executor,
  userId: number,
  role: Role,
  now: string,
): Promise<boolean> {
  const done = await db.insertInto("user_roles").values({ user_id: userId, role, created_at: now })
    .onConflict((oc) => oc.columns(["user_id", "role"]).doNothing()).executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function countWithRole(db: Executor, role: Role): Promise<number> {
  const row = await db.selectFrom("user_roles").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", role).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function emailsWithRole(db: Executor, role: Role): Promise<string[]> {
  const rows = await db.selectFrom("user_roles").innerJoin(
    "users",
    "users.id",
    "user_roles.user_id",
  )
    .select("users.email").where("user_roles.role", "=", role).execute();
  return rows.map((r) => r.email);
}

export async function insertSession(
  db: Executor,
  s: {
    id: string;
    userId: number;
    now: string;
    expiresAt: string;
    userAgent?: string | null;
    ip?: string | null;
  },
) {
  await db.insertInto("sessions").values({
    id: s.id,
    user_id: s.userId,
    created_at: s.now,
    expires_at: s.expiresAt,
    last_seen_at: s.now,
    user_agent: s.userAgent ?? null,
    ip: s.ip ?? null,
  }).execute();
}

/**
 * The session's account and roles, in one statement: this runs on every request, so the
 * query is built and compiled once (`reusableQuery`), then only its parameters change.
 */
const sessionAccount = reusableQuery((db, sessionId: string, now: string) =>
  db.selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select((eb) => [
      "users.id",
      "users.email",
      "users.totp_enabled_at",
      "sessions.last_seen_at",
      eb.selectFrom("user_roles").select(sql<string>`string_agg(role, ',')`.as("r"))
        .whereRef("user_roles.user_id", "=", "users.id").as("roles"),
    ])
    .where("sessions.id", "=", sessionId).where("sessions.expires_at", ">", now)
);

/** The account of an unexpired session, with its roles (comma-separated), if any. */
export async function findSessionAccount(db: Executor, sessionId: string, now: string) {
  const [row] = await sessionAccount(db, sessionId, now);
  return row as typeof row | undefined;
}

export async function deleteSession(db: Executor, id: string) {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Records a request on the session, unless one was recorded since `before` (another request). */
export async function touchSession(db: Executor, id: string, now: string, before: string) {
  await db.updateTable("sessions").set({ last_seen_at: now })
    .where("id", "=", id).where("last_seen_at", "<", before).execute();
}

/** The account's unexpired sessions, most recently used first. */
export async function listSessionsOf(db: Executor, userId: number, now: string) {
  return await db.selectFrom("sessions")
    .select(["id", "created_at", "last_seen_at", "user_agent", "ip"])
    .where("user_id", "=", userId).where("expires_at", ">", now)
    .orderBy("last_seen_at", "desc").limit(200).execute();
}

export async function findSession(db: Executor, id: string) {
  return await db.selectFrom("sessions").select(["id", "user_id"]).where("id", "=", id)
    .executeTakeFirst();
}

export async function setTotpSecret(db: Executor, userId: number, secret: string | null) {
  await db.updateTable("users").set({
    totp_secret: secret,
    totp_enabled_at: null,
    totp_last_step: null,
  }).where("id", "=", userId).execute();
}

export async function enableTotp(db: Executor, userId: number, step: number, now: string) {
  await db.updateTable("users").set({ totp_enabled_at: now, totp_last_step: step })
    .where("id", "=", userId).execute();
}

/**
 * Records `step` as the last accepted code's, only if it comes after the one recorded: two
 * requests with the same code cannot both pass. Returns whether it was recorded.
 */
export async function claimTotpStep(db: Executor, userId: number, step: number) {
  const result = await db.updateTable("users").set({ totp_last_step: step })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function replaceRecoveryCodes(
  db: Executor,
  userId: number,
  hashes: readonly string[],
  now: string,
) {
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  if (hashes.length === 0) return;
  await db.insertInto("recovery_codes").values(
    hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null, created_at: now })),
  ).execute();
}

/** Marks the code used if it is one of the account's unused ones; returns whether it was. */
export async function useRecoveryCode(db: Executor, userId: number, hash: string, now: string) {
  const result = await db.updateTable("recovery_codes").set({ used_at: now })
    .where("user_id", "=", userId).where("code_hash", "=", hash).where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: number): Promise<number> {
  const row = await db.selectFrom("recovery_codes").select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId).where("used_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteSessionsOf(db: Executor, userId: number, exceptId?: string) {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  await q.execute();
}

export async function insertToken(
  db: Executor,
  t: {
    id: string;
    kind: TokenKind;
    userId: number | null;
    email: string | null;
    now: string;
    expiresAt: string;
    context?: string | null;
  },
) {
  await db.insertInto("tokens").values({
    context: t.context ?? null,
    id: t.id,
    kind: t.kind,
    user_id: t.userId,
    email: t.email,
    created_at: t.now,
    expires_at: t.expiresAt,
    used_at: null,
  }).execute();
}

/** Marks the token used and returns it, if it is of `kind`, unused and unexpired. */
export async function consumeToken(db: Executor, id: string, kind: TokenKind, now: string) {
  return await db.updateTable("tokens").set({ used_at: now })
    .where("id", "=", id).where("kind", "=", kind).where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["id", "user_id", "email"]).executeTakeFirst();
}

export async function findLiveToken(db: Executor, id: string, kind: TokenKind, now: string) {
  return await db.selectFrom("tokens").select(["id", "user_id", "email", "context"])
    .where("id", "=", id).where("kind", "=", kind).where("used_at", "is", null)
    .where("expires_at", ">", now).executeTakeFirst();
}

/** Voids every unused token of `kind`, whoever it is for (the installation link). */
export async function voidAllTokens(db: Executor, kind: TokenKind, now: string) {
  await db.updateTable("tokens").set({ used_at: now })
    .where("kind", "=", kind).where("used_at", "is", null).execute();
}

/** Voids earlier unused tokens of the same kind, so only the newest link works. */
export async function voidTokens(db: Executor, userId: number, kind: TokenKind, now: string) {
  await db.updateTable("tokens").set({ used_at: now })
    .where("user_id", "=", userId).where("kind", "=", kind).where("used_at", "is", null).execute();
}

export async function insertAdminRequest(
  db: Executor,
  r: { nom: string; organisation: string; email: string; motif: string; now: string },
): Promise<number> {
  const row = await db.insertInto("admin_requests").values({
    nom: r.nom,
    organisation: r.organisation,
    email: r.email,
    motif: r.motif,
    status: "en_attente",
    created_at: r.now,
    decided_at: null,
    decided_by: null,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findPendingAdminRequestByEmail(db: Executor, email: string) {
  return await db.selectFrom("admin_requests").select("id")
    .where("email", "=", email).where("status", "=", "en_attente").executeTakeFirst();
}

export async function listAdminRequests(db: Executor, status: AdminRequestStatus) {
  return await db.selectFrom("admin_requests")
    .select(["id", "nom", "organisation", "email", "motif", "status", "created_at", "decided_at"])
    .where("status", "=", status).orderBy("id", "desc").limit(500).execute();
}

/** Moves a pending request to `status`; returns it, or undefined if it was not pending. */
export async function decideAdminRequest(
  db: Executor,
  id: number,
  d: { status: AdminRequestStatus; by: number; now: string },
) {
  return await db.updateTable("admin_requests")
    .set({ status: d.status, decided_at: d.now, decided_by: d.by })
    .where("id", "=", id).where("status", "=", "en_attente")
    .returning(["id", "email"]).executeTakeFirst();
}

/** Withdraws `role`; true when the account had it. */
export async function revokeRole(db: Executor, userId: number, role: Role): Promise<boolean> {
  const done = await db.deleteFrom("user_roles").where("user_id", "=", userId)
    .where("role", "=", role).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}

/** The times of `key`'s e-mails after `since`, oldest first, up to `max`. */
export async function recentMails(db: Executor, key: string, since: string, max: number) {
  return await db.selectFrom("mail_quota").select("sent_at")
    .where("key", "=", key).where("sent_at", ">", since)
    .orderBy("sent_at").limit(max).execute();
}

/** Counts one e-mail of `key` at `at`. */
export async function countMail(db: Executor, key: string, at: string): Promise<void> {
  await db.insertInto("mail_quota").values({ key, sent_at: at }).execute();
}

/** Drops the quota's rows at or before `before`: out of the window, they count no more. */
export async function forgetMailsBefore(db: Executor, before: string): Promise<void> {
  await db.deleteFrom("mail_quota").where("sent_at", "<=", before).execute();
}
