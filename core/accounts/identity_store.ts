/**
 * Queries of the identity providers a super-admin configures, the flows in progress, the
 * links between accounts and providers' identities, the links waiting for proof, and which
 * provider opened a session.
 */
import type { Executor } from "../db/mod.ts";

export interface ProviderRow {
  readonly kind: string;
  readonly preset: string | null;
  readonly label: string;
  readonly config: string;
  readonly forUsagers: boolean;
  readonly forAgents: boolean;
  readonly requiredForAgents: boolean;
  readonly verifiesIdentity: boolean;
  readonly enabled: boolean;
}

const providerValues = (p: ProviderRow) => ({
  kind: p.kind,
  preset: p.preset,
  label: p.label,
  config: p.config,
  for_usagers: p.forUsagers ? 1 : 0,
  for_agents: p.forAgents ? 1 : 0,
  required_for_agents: p.requiredForAgents ? 1 : 0,
  verifies_identity: p.verifiesIdentity ? 1 : 0,
  enabled: p.enabled ? 1 : 0,
});

export async function insertProvider(db: Executor, p: ProviderRow, now: string): Promise<number> {
  const row = await db.insertInto("identity_providers")
    .values({ ...providerValues(p), created_at: now, updated_at: now })
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProvider(db: Executor, id: number, p: ProviderRow, now: string) {
  await db.updateTable("identity_providers").set({ ...providerValues(p), updated_at: now })
    .where("id", "=", id).execute();
}

export async function deleteProvider(db: Executor, id: number) {
  await db.deleteFrom("identity_providers").where("id", "=", id).execute();
}

export async function listProviders(db: Executor) {
  return await db.selectFrom("identity_providers").selectAll().orderBy("id").execute();
}

export async function findProvider(db: Executor, id: number) {
  return await db.selectFrom("identity_providers").selectAll().where("id", "=", id)
    .executeTakeFirst();
}

export async function insertFlow(
  db: Executor,
  flow: {
    id: string;
    providerId: number;
    browserHash: string;
    nonce: string;
    codeVerifier: string;
    userId: number | null;
    retour: string | null;
    now: string;
    expiresAt: string;
  },
) {
  await db.deleteFrom("identity_flows").where("expires_at", "<", flow.now).execute();
  await db.insertInto("identity_flows").values({
    id: flow.id,
    provider_id: flow.providerId,
    browser_hash: flow.browserHash,
    nonce: flow.nonce,
    code_verifier: flow.codeVerifier,
    user_id: flow.userId,
    retour: flow.retour,
    created_at: flow.now,
    expires_at: flow.expiresAt,
  }).execute();
}

/** The flow of a `state`, deleted as it is read: a callback is answered once. */
export async function takeFlow(db: Executor, id: string) {
  return await db.deleteFrom("identity_flows").where("id", "=", id).returningAll()
    .executeTakeFirst();
}

export async function findLink(db: Executor, providerId: number, subject: string) {
  return await db.selectFrom("identity_links").selectAll()
    .where("provider_id", "=", providerId).where("subject", "=", subject).executeTakeFirst();
}

export async function insertLink(
  db: Executor,
  link: { userId: number; providerId: number; subject: string; identity: string; now: string },
) {
  await db.insertInto("identity_links").values({
    user_id: link.userId,
    provider_id: link.providerId,
    subject: link.subject,
    identity: link.identity,
    created_at: link.now,
    last_used_at: link.now,
  }).execute();
}

export async function touchLink(db: Executor, id: number, identity: string, now: string) {
  await db.updateTable("identity_links").set({ identity, last_used_at: now })
    .where("id", "=", id).execute();
}

export async function listLinksOf(db: Executor, userId: number) {
  return await db.selectFrom("identity_links")
    .innerJoin("identity_providers", "identity_providers.id", "identity_links.provider_id")
    .select([
      "identity_links.id",
      "identity_links.provider_id",
      "identity_links.identity",
      "identity_links.created_at",
      "identity_links.last_used_at",
      "identity_providers.label",
      "identity_providers.verifies_identity",
    ])
    .where("identity_links.user_id", "=", userId).orderBy("identity_links.id").execute();
}

export async function deleteLink(db: Executor, id: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom("identity_links").where("id", "=", id)
    .where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertPending(
  db: Executor,
  p: {
    id: string;
    providerId: number;
    userId: number;
    subject: string;
    identity: string;
    retour: string | null;
    now: string;
    expiresAt: string;
  },
) {
  await db.deleteFrom("identity_pending_links").where("expires_at", "<", p.now).execute();
  await db.insertInto("identity_pending_links").values({
    id: p.id,
    provider_id: p.providerId,
    user_id: p.userId,
    subject: p.subject,
    identity: p.identity,
    email_token_hash: null,
    retour: p.retour,
    created_at: p.now,
    expires_at: p.expiresAt,
  }).execute();
}

export async function findPending(db: Executor, id: string, now: string) {
  return await db.selectFrom("identity_pending_links")
    .innerJoin("identity_providers", "identity_providers.id", "identity_pending_links.provider_id")
    .innerJoin("users", "users.id", "identity_pending_links.user_id")
    .select([
      "identity_pending_links.id",
      "identity_pending_links.provider_id",
      "identity_pending_links.user_id",
      "identity_pending_links.subject",
      "identity_pending_links.identity",
      "identity_pending_links.email_token_hash",
      "identity_pending_links.retour",
      "identity_providers.label",
      "users.email",
    ])
    .where("identity_pending_links.id", "=", id)
    .where("identity_pending_links.expires_at", ">", now).executeTakeFirst();
}

export async function setPendingEmailToken(db: Executor, id: string, hash: string) {
  await db.updateTable("identity_pending_links").set({ email_token_hash: hash })
    .where("id", "=", id).execute();
}

export async function deletePending(db: Executor, id: string) {
  await db.deleteFrom("identity_pending_links").where("id", "=", id).execute();
}

export async function insertIdentitySession(
  db: Executor,
  s: { sessionId: string; providerId: number; idToken: string | null },
) {
  await db.insertInto("identity_sessions")
    .values({ session_id: s.sessionId, provider_id: s.providerId, id_token: s.idToken })
    .execute();
}

export async function findIdentitySession(db: Executor, sessionId: string) {
  return await db.selectFrom("identity_sessions").selectAll().where("session_id", "=", sessionId)
    .executeTakeFirst();
}
