/**
 * Signing in through an identity provider (FranceConnect, ProConnect, an OpenID Connect
 * server): the core makes and keeps the flow's secrets (state, nonce, PKCE verifier; one use,
 * ten minutes, bound to the browser by a cookie), asks the provider's plugin to verify the
 * answer, then links the identity to an account and opens the session.
 *
 * Linking rules: an identity already linked signs its account in. An unknown identity whose
 * e-mail has no account creates one. An unknown identity whose e-mail belongs to an account
 * is never linked on the provider's word: the account's owner proves the address first (its
 * password, or a link e-mailed to it and opened in the same browser).
 *
 * Over 400 lines because the flow's start, its return and the linking it decides share one
 * set of secrets and checks; split, each half would re-read the other's rules.
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, type Role } from "../policy/mod.ts";
import { IdentityRefusal } from "../plugin_sdk/define.ts";
import type { IdentityProvider, VerifiedIdentity } from "../plugin_sdk/types.ts";
import type { IdentityErrorCode } from "../shared/identity_errors.ts";
import { isRowId } from "../shared/ids.ts";
import * as store from "./store.ts";
import * as ids from "./identity_store.ts";
import {
  type NewSession,
  openSession,
  randomToken,
  type SessionClient,
  sha256Hex,
} from "./_shared.ts";
import { challengeSecondFactor } from "./second_factor.ts";
import {
  FLOW_MINUTES,
  isAgent,
  type LinkedIdentity,
  parseLinkedIdentity,
  parseProviderConfig,
  PENDING_MINUTES,
} from "./identity_model.ts";

/** A sign-in through a provider that failed: the code the sign-in page explains. */
export class IdentityFlowError extends Error {
  override readonly name = "IdentityFlowError";
  constructor(readonly code: IdentityErrorCode, readonly providerId: number, detail: string) {
    super(detail);
  }
}

/** Where a provider sends the browser back for the instance `providerId`. */
export const redirectUriOf = (deps: Deps, providerId: number) =>
  `${deps.baseUrl}/connexion/fournisseur/${providerId}/retour`;

const minutes = (now: Date, m: number) => new Date(now.getTime() + m * 60_000).toISOString();

/** A configured instance with its plugin contribution and validated settings, or null. */
async function instanceOf(deps: Deps, providerId: number) {
  // From the URL's digits: past PostgreSQL's integer, a query would fail, not find nothing.
  if (!isRowId(providerId)) return null;
  const row = await ids.findProvider(deps.db, providerId);
  if (!row || row.enabled !== 1) return null;
  const contribution = deps.host.identityProviders.get(row.kind) as
    | IdentityProvider<unknown>
    | undefined;
  if (!contribution) return null;
  const parsed = v.safeParse(contribution.config, parseProviderConfig(row.config));
  if (!parsed.success) return null;
  return { row, contribution, config: parsed.output };
}

/**
 * The providers offered on the sign-in page, and whether agents must use one of them.
 */
export async function signInProviders(deps: Deps) {
  const rows = await ids.listProviders(deps.db);
  return rows
    .filter((r) => r.enabled === 1 && deps.host.identityProviders.get(r.kind))
    .map((r) => ({
      id: r.id,
      label: r.label,
      preset: r.preset,
      forUsagers: r.for_usagers === 1,
      forAgents: r.for_agents === 1,
      requiredForAgents: r.required_for_agents === 1,
    }));
}

/**
 * The instances offered to usagers that certify identities (FranceConnect): those a démarche
 * asking for a verified identity sends its usagers to.
 */
export async function certifiedProviders(deps: Deps): Promise<{ id: number; label: string }[]> {
  const rows = await ids.listProviders(deps.db);
  return rows
    .filter((r) =>
      r.enabled === 1 && r.verifies_identity === 1 && r.for_usagers === 1 &&
      deps.host.identityProviders.get(r.kind) !== undefined
    )
    .map((r) => ({ id: r.id, label: r.label }));
}

/**
 * The instances agents (instructeurs, administrateurs) must sign in with; empty: any way.
 * Super-admins are not bound, so that a provider's outage never locks the instance.
 */
export async function agentProviderIds(deps: Deps): Promise<number[]> {
  return (await signInProviders(deps)).filter((p) => p.requiredForAgents).map((p) => p.id);
}

/**
 * Why an account with `roles` may not sign in with its password: agents (not super-admins)
 * of an instance that requires a provider for them. Null: it may.
 */
export async function agentPasswordRefusal(
  deps: Deps,
  roles: readonly Role[],
): Promise<string | null> {
  if (!isAgent(roles) || roles.includes("super_admin")) return null;
  const required = (await signInProviders(deps)).filter((p) => p.requiredForAgents);
  if (required.length === 0) return null;
  const names = required.map((p) => `« ${p.label} »`).join(" ou ");
  return `Les agents (instructeurs, administrateurs) de ce site se connectent avec ${names} : choisissez ce bouton sur la page de connexion.`;
}

/**
 * Begins a sign-in: keeps the flow's secrets and returns the provider's address, with the
 * token of the browser cookie that binds the flow. A signed-in person links the provider to
 * their account instead of signing in. Each start counts against the client's address
 * (`ip`), like sign-in's attempts: each one stores a flow and calls the provider.
 */
export async function startIdentityFlow(
  deps: Deps,
  actor: Actor | null,
  input: { providerId: number; retour?: string; ip: string },
): Promise<{ url: string; browserToken: string }> {
  const nowMs = deps.clock().getTime();
  if (await deps.limiters.identityFlows.retryAfter(input.ip, nowMs) > 0) {
    throw new IdentityFlowError("trop_de_tentatives", input.providerId, "Too many flows begun");
  }
  await deps.limiters.identityFlows.fail(input.ip, nowMs);
  const instance = await instanceOf(deps, input.providerId);
  if (!instance) throw new IdentityFlowError("inconnu", input.providerId, "No such provider");
  const flow = { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken() };
  let url: string;
  try {
    url = await instance.contribution.start({
      config: instance.config,
      redirectUri: redirectUriOf(deps, input.providerId),
      flow,
    });
  } catch (error) {
    throw refusal(error, input.providerId);
  }
  const browserToken = randomToken();
  const now = deps.clock();
  await ids.insertFlow(deps.db, {
    id: sha256Hex(flow.state),
    providerId: input.providerId,
    browserHash: sha256Hex(browserToken),
    nonce: flow.nonce,
    codeVerifier: flow.codeVerifier,
    userId: actor?.userId ?? null,
    retour: input.retour ?? null,
    now: now.toISOString(),
    expiresAt: minutes(now, FLOW_MINUTES),
  });
  return { url, browserToken };
}

function refusal(error: unknown, providerId: number): IdentityFlowError {
  if (error instanceof IdentityRefusal) {
    return new IdentityFlowError(error.reason, providerId, error.message);
  }
  return new IdentityFlowError(
    "indisponible",
    providerId,
    `Identity provider failed: ${(error as Error)?.message ?? String(error)}`,
  );
}

const linkedOf = (identity: VerifiedIdentity): LinkedIdentity => ({
  email: identity.email,
  givenName: identity.givenName,
  familyName: identity.familyName,
  birthdate: identity.birthdate,
  gender: identity.gender,
  acr: identity.acr,
});

/** What the callback ends with. */
export type FlowOutcome =
  | { readonly kind: "session"; readonly session: NewSession; readonly retour: string | null }
  | { readonly kind: "challenge"; readonly challenge: string; readonly retour: string | null }
  | { readonly kind: "linked" }
  | { readonly kind: "pending"; readonly token: string };

/** Whether an account with `roles` may use the instance, as a refusal code or null. */
function roleRefusal(
  row: { id: number; for_usagers: number; for_agents: number },
  roles: readonly Role[],
  required: readonly number[],
): IdentityErrorCode | null {
  const agent = isAgent(roles);
  if (agent && row.for_agents !== 1) return "reserve_usagers";
  if (!agent && row.for_usagers !== 1) return "reserve_agents";
  if (agent && required.length > 0 && !required.includes(row.id)) return "agents_fournisseur";
  return null;
}

/**
 * Finishes a sign-in from the provider's callback. The flow of its `state` is used up
 * whatever happens; it must belong to this browser (`browserToken`, from the cookie) and to
 * this provider. Then the identity signs in its account, creates one, links to the signed-in
 * account (from « Mon compte »), or waits for the owner's proof (`pending`).
 */
export async function finishIdentityFlow(
  deps: Deps,
  input: {
    providerId: number;
    callbackUrl: URL;
    browserToken: string | null;
    client: SessionClient & { previousSessionId?: string };
  },
): Promise<FlowOutcome> {
  const fail = (code: IdentityErrorCode, detail: string) =>
    new IdentityFlowError(code, input.providerId, detail);
  const state = input.callbackUrl.searchParams.get("state");
  if (!state) throw fail("expiree", "The callback has no state");
  const flow = await ids.takeFlow(deps.db, sha256Hex(state));
  const now = deps.clock();
  if (!flow || flow.expires_at <= now.toISOString()) {
    throw fail("expiree", "Unknown, used or expired state");
  }
  if (
    flow.provider_id !== input.providerId || !input.browserToken ||
    sha256Hex(input.browserToken) !== flow.browser_hash
  ) {
    throw fail("expiree", "The flow belongs to another browser or provider");
  }
  const instance = await instanceOf(deps, input.providerId);
  if (!instance) throw fail("inconnu", "No such provider");
  let identity: VerifiedIdentity;
  try {
    identity = await instance.contribution.finish({
      config: instance.config,
      redirectUri: redirectUriOf(deps, input.providerId),
      callbackUrl: input.callbackUrl,
      flow: { state, nonce: flow.nonce, codeVerifier: flow.code_verifier },
    });
  } catch (error) {
    throw refusal(error, input.providerId);
  }
  const row = instance.row;
  const nowIso = now.toISOString();
  const identityJson = JSON.stringify(linkedOf(identity));
  const required = await agentProviderIds(deps);
  const outcome = await deps.db.transaction().execute(async (trx): Promise<FlowOutcome> => {
    const link = await ids.findLink(trx, row.id, identity.subject);
    if (flow.user_id !== null) {
      if (link && link.user_id !== flow.user_id) throw fail("deja_lie", "Linked elsewhere");
      if (link) await ids.touchLink(trx, link.id, identityJson, nowIso);
      else {
        await ids.insertLink(trx, {
          userId: flow.user_id,
          providerId: row.id,
          subject: identity.subject,
          identity: identityJson,
          now: nowIso,
        });
      }
      return { kind: "linked" };
    }
    const signIn = async (userId: number): Promise<FlowOutcome> => {
      const refused = roleRefusal(row, await store.rolesOf(trx, userId), required);
      if (refused) throw fail(refused, "Refused for the account's roles");
      const user = await store.findUserById(trx, userId);
      // The provider proves who the person is, not their second factor: its code is asked
      // once this transaction is over.
      if (user?.totp_enabled_at && user.email_verified_at) {
        return { kind: "challenge", challenge: String(userId), retour: flow.retour };
      }
      if (input.client.previousSessionId) {
        await store.deleteSession(trx, input.client.previousSessionId);
      }
      const session = await openSession(deps, trx, userId, input.client);
      await ids.insertIdentitySession(trx, {
        sessionId: sha256Hex(session.token),
        providerId: row.id,
        idToken: identity.idToken,
      });
      return { kind: "session", session, retour: flow.retour };
    };
    if (link) {
      await ids.touchLink(trx, link.id, identityJson, nowIso);
      return await signIn(link.user_id);
    }
    if (!identity.email) throw fail("sans_email", "The provider gave no e-mail");
    const existing = await store.findUserByEmail(trx, identity.email);
    if (existing) {
      const refused = roleRefusal(row, await store.rolesOf(trx, existing.id), required);
      if (refused) throw fail(refused, "Refused for the account's roles");
      const token = randomToken();
      await ids.insertPending(trx, {
        id: sha256Hex(token),
        providerId: row.id,
        userId: existing.id,
        subject: identity.subject,
        identity: identityJson,
        retour: flow.retour,
        now: nowIso,
        expiresAt: minutes(now, PENDING_MINUTES),
      });
      return { kind: "pending", token };
    }
    if (row.for_usagers !== 1) throw fail("reserve_agents", "No account for an agents' provider");
    const userId = await store.insertUser(trx, {
      email: identity.email,
      passwordHash: null,
      verifiedAt: identity.emailVerified ? nowIso : null,
      now: nowIso,
    });
    await ids.insertLink(trx, {
      userId,
      providerId: row.id,
      subject: identity.subject,
      identity: identityJson,
      now: nowIso,
    });
    return await signIn(userId);
  });
  if (outcome.kind !== "challenge") return outcome;
  return { ...outcome, challenge: await challengeSecondFactor(deps, Number(outcome.challenge)) };
}

/** « Mon compte »: the identities linked to the account. */
export async function listIdentityLinks(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "compte.modifier", { ownerId: actor?.userId });
  const rows = await ids.listLinksOf(deps.db, me.userId);
  return rows.map((r) => {
    const identity = parseLinkedIdentity(r.identity);
    return {
      id: r.id,
      provider: r.label,
      name: [identity.givenName, identity.familyName].filter(Boolean).join(" ") || null,
      email: identity.email,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
    };
  });
}

/**
 * « Retirer »: unlinks one of one's identities; refused when it is the only way left to
 * sign in (no password, no other identity).
 */
export async function removeIdentityLink(deps: Deps, actor: Actor | null, input: { id: number }) {
  const me = authorize(actor, "compte.modifier", { ownerId: actor?.userId });
  await deps.db.transaction().execute(async (trx) => {
    const links = await ids.listLinksOf(trx, me.userId);
    if (!links.some((l) => l.id === input.id)) {
      throw new AppError("NOT_FOUND", "Cette identité n’est plus associée à votre compte.");
    }
    const user = await store.findUserById(trx, me.userId);
    if (!user?.password_hash && links.length === 1) {
      throw new AppError(
        "CONFLICT",
        "C’est votre seul moyen de connexion : choisissez d’abord un mot de passe (« Mot de passe oublié ? » sur la page de connexion), puis retirez cette identité.",
      );
    }
    await ids.deleteLink(trx, input.id, me.userId);
  });
}

/**
 * Where to send the browser after signing out of a session opened through a provider, to
 * end the session there too; null when it was not, or the provider offers no logout.
 */
export async function providerLogoutUrl(deps: Deps, sessionId: string): Promise<string | null> {
  const row = await ids.findIdentitySession(deps.db, sessionId);
  if (!row?.id_token) return null;
  const instance = await instanceOf(deps, row.provider_id);
  if (!instance?.contribution.logoutUrl) return null;
  try {
    return await instance.contribution.logoutUrl({
      config: instance.config,
      idToken: row.id_token,
      postLogoutRedirectUri: `${deps.baseUrl}/`,
    });
  } catch {
    // The provider is down: the session here is closed all the same.
    return null;
  }
}

/**
 * The identity verified by a provider that certifies identities (FranceConnect) for an
 * account, most recently used first; null when it has none.
 */
export async function verifiedIdentityOf(
  deps: Deps,
  userId: number,
): Promise<(LinkedIdentity & { provider: string }) | null> {
  const rows = await ids.listLinksOf(deps.db, userId);
  const certified = rows.filter((r) => r.verifies_identity === 1)
    .sort((a, b) => b.last_used_at.localeCompare(a.last_used_at));
  if (certified.length === 0) return null;
  return { ...parseLinkedIdentity(certified[0].identity), provider: certified[0].label };
}
