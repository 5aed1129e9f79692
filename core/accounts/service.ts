/**
 * Account use cases: sign-in and sessions, password reset and change, e-mail change. Sign-up
 * and its confirmation are in `sign_up.ts`, invited people's accounts in `invited.ts`,
 * administrator requests and the first installation in `admin_requests.ts`.
 * Every e-mail is queued in the same transaction as the change that causes it.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, type Role } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import * as store from "./store.ts";
import { addressQuotaError, claimMailTo, countIpRequest } from "./mail_quota.ts";
import {
  assertStrong,
  invalidLink,
  issueToken,
  link,
  type NewSession,
  openSession,
  type SessionClient,
  sha256,
  sha256Hex,
  type Trx,
} from "./_shared.ts";
import {
  type InvitationContext,
  parseInvitationContext,
  SESSION_TOUCH_MS,
  sessionIdleLimitMs,
} from "./model.ts";
import { challengeSecondFactor } from "./second_factor.ts";
import { agentPasswordRefusal } from "./identity.ts";
import { recordEvent, recordEventAlone } from "../audit/service.ts";
export type { NewSession, SessionClient } from "./_shared.ts";
export { confirmEmail, signUp } from "./sign_up.ts";

/** The session id stored for a cookie token. */
export const sessionIdOf = sha256;

/**
 * At sign-in with the right password of an unconfirmed account: its confirmation link again,
 * within the IP's and the address's quotas (past the address's, the person is told to use
 * the link already sent).
 */
async function resendConfirmation(
  deps: Deps,
  trx: Trx,
  user: { id: number; email: string },
  ip: string,
) {
  await countIpRequest(deps, trx, ip);
  const { wait } = await claimMailTo(deps, trx, user.email);
  if (wait) {
    throw new AppError(
      "FORBIDDEN",
      `Votre adresse e-mail n’est pas encore confirmée : ouvrez le lien de confirmation déjà envoyé par e-mail (pensez à regarder dans les courriers indésirables). Un nouveau lien pourra être envoyé dans ${wait} minute${
        wait > 1 ? "s" : ""
      }.`,
    );
  }
  const token = await issueToken(deps, trx, "confirmation", { userId: user.id });
  await queueMessage(trx, mails.confirmation(user.email, link(deps, "/confirmation", token)), {
    now: deps.clock().toISOString(),
  });
}

/**
 * Signs in. Failures are counted per address and per IP; past the limit the answer is
 * "too many attempts" whatever the password, which stops guessing. An account with a
 * second factor gets no session yet but a challenge, to answer with its code
 * (`second_factor.ts`).
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  opts: SessionClient & { previousSessionId?: string },
): Promise<NewSession | { readonly challenge: string }> {
  const nowMs = deps.clock().getTime();
  const { signInEmail, signInIp } = deps.limiters;
  const wait = Math.max(
    ...await Promise.all([
      signInEmail.retryAfter(input.email, nowMs),
      signInIp.retryAfter(opts.ip, nowMs),
    ]),
  );
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${
        minutes > 1 ? "s" : ""
      }, ou choisissez un nouveau mot de passe.`,
    );
  }
  const user = await store.findUserByEmail(deps.db, input.email);
  if (!(await verifyPassword(user?.password_hash ?? null, input.password)) || !user) {
    await signInEmail.fail(input.email, nowMs);
    await signInIp.fail(opts.ip, nowMs);
    await signInFailed(deps, input.email, opts.ip, "mot_de_passe");
    throw new AppError("UNAUTHORIZED", "Adresse e-mail ou mot de passe incorrect.");
  }
  // Agents bound to a provider (ProConnect…) do not sign in with a password.
  const refusal = await agentPasswordRefusal(deps, await store.rolesOf(deps.db, user.id));
  if (refusal) throw new AppError("FORBIDDEN", refusal);
  // The failures are not forgotten before the code is right: the password alone must not
  // buy more guesses of the code.
  if (user.totp_enabled_at && user.email_verified_at) {
    return { challenge: await challengeSecondFactor(deps, user.id) };
  }
  await signInEmail.reset(input.email);
  return await deps.db.transaction().execute(async (trx) => {
    if (!user.email_verified_at) {
      await resendConfirmation(deps, trx, user, opts.ip);
      return null;
    }
    // Rotation: the session this browser had before is dropped, a new id is issued.
    if (opts.previousSessionId) await store.deleteSession(trx, opts.previousSessionId);
    return await openSession(deps, trx, user.id, opts);
  }).then((session) => {
    if (!session) {
      throw new AppError(
        "FORBIDDEN",
        "Votre adresse e-mail n’est pas encore confirmée : nous venons de vous renvoyer le lien de confirmation.",
      );
    }
    return session;
  });
}

/**
 * A failed sign-in in the audit log: the address tried (an account's or not), the IP, why
 * (`mot_de_passe`, `code`). Attempts refused past the limits are not recorded one by one: a
 * flood would cost a write each and bury the journal; the failures that reached the limit are.
 */
export async function signInFailed(deps: Deps, email: string, ip: string, raison: string) {
  const user = await store.findUserByEmail(deps.db, email);
  await recordEventAlone(deps, {
    action: "connexion.echouee",
    actor: { userId: user?.id ?? null, email: email.slice(0, 320) },
    ip,
    details: { raison },
  });
}

/** Ends the session `actor` signed in with. */
export async function signOut(deps: Deps, actor: Actor): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await store.deleteSession(trx, actor.sessionId);
    await recordEvent(deps, trx, { action: "deconnexion", actor });
  });
}

/**
 * The signed-in account behind a session cookie, or null. Runs on every request, so it
 * writes only when the session was idle: once its idle limit is passed (it is deleted), or
 * at most once a minute to record its last activity.
 */
export async function actorFromSession(deps: Deps, cookieToken: string): Promise<Actor | null> {
  const sessionId = sha256Hex(cookieToken);
  const now = deps.clock();
  const nowIso = now.toISOString();
  const row = await store.findSessionAccount(deps.db, sessionId, nowIso);
  if (!row) return null;
  const roles: Role[] = ["usager", ...((row.roles?.split(",") ?? []) as Role[])];
  const idle = now.getTime() - Date.parse(row.last_seen_at);
  if (idle > sessionIdleLimitMs(roles)) {
    await store.deleteSession(deps.db, sessionId);
    return null;
  }
  if (idle >= SESSION_TOUCH_MS) {
    const before = new Date(now.getTime() - SESSION_TOUCH_MS).toISOString();
    await store.touchSession(deps.db, sessionId, nowIso, before);
  }
  return {
    userId: row.id,
    email: row.email,
    roles,
    sessionId,
    secondFactor: row.totp_enabled_at !== null,
  };
}

/**
 * Sends a reset link if the address has an account and is within its hourly quota of
 * e-mails; answers the same either way (past the IP's quota: a French 429).
 */
export async function requestPasswordReset(
  deps: Deps,
  input: { email: string },
  opts: { ip: string },
) {
  await deps.db.transaction().execute(async (trx) => {
    await countIpRequest(deps, trx, opts.ip);
    const user = await store.findUserByEmail(trx, input.email);
    if (!user || (await claimMailTo(deps, trx, user.email)).wait) return;
    const token = await issueToken(deps, trx, "reinitialisation", { userId: user.id });
    await queueMessage(
      trx,
      mails.reinitialisation(user.email, link(deps, "/mot-de-passe/nouveau", token)),
      { now: deps.clock().toISOString() },
    );
  });
}

/**
 * What a password link is for, read before it is used: the address it sets a password for
 * and, for an invitation, who invites the person to what and where they land afterwards.
 * The link stays usable; an unknown, used or expired one is refused like at use.
 */
export async function passwordLinkInfo(
  deps: Deps,
  input: { token: string },
): Promise<{ email: string; invitation: InvitationContext | null }> {
  const id = await sha256(input.token);
  const now = deps.clock().toISOString();
  const live = await store.findLiveToken(deps.db, id, "reinitialisation", now) ??
    await store.findLiveToken(deps.db, id, "definition_mot_de_passe", now);
  const user = live?.user_id ? await store.findUserById(deps.db, live.user_id) : undefined;
  if (!live || !user) throw invalidLink();
  return { email: user.email, invitation: parseInvitationContext(live.context) };
}

/**
 * Sets a password from an e-mailed link (reset, or first password of an accepted
 * administrator). The link proves the address, so the e-mail counts as confirmed; every
 * other session of the account is closed, and the person is signed in — unless the account
 * has the double authentification (null: it signs in with its code).
 */
export async function setPasswordWithToken(
  deps: Deps,
  input: { token: string; password: string },
  client?: SessionClient,
): Promise<NewSession | null> {
  const id = await sha256(input.token);
  const live =
    await store.findLiveToken(deps.db, id, "reinitialisation", deps.clock().toISOString()) ??
      await store.findLiveToken(deps.db, id, "definition_mot_de_passe", deps.clock().toISOString());
  if (!live?.user_id) throw invalidLink();
  const user = await store.findUserById(deps.db, live.user_id);
  if (!user) throw invalidLink();
  assertStrong(input.password, user.email);
  const passwordHash = await hashPassword(input.password);
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const used = await store.consumeToken(trx, id, "reinitialisation", now) ??
      await store.consumeToken(trx, id, "definition_mot_de_passe", now);
    if (!used) throw invalidLink();
    await store.updateUser(trx, user.id, {
      passwordHash,
      verifiedAt: user.email_verified_at ?? now,
      now,
    });
    await store.deleteSessionsOf(trx, user.id);
    await recordEvent(deps, trx, {
      action: "mot_de_passe.reinitialise",
      actor: { userId: user.id, email: user.email },
    });
    // The link proves the mailbox, not the second factor: the person signs in with the code.
    if (user.totp_enabled_at) return null;
    return await openSession(deps, trx, user.id, client);
  });
}

/** Changes the password of the signed-in account; other sessions are closed. */
export async function changePassword(
  deps: Deps,
  actor: Actor | null,
  input: { currentPassword: string; newPassword: string },
) {
  const me = authorize(actor, "compte.modifier", { ownerId: actor?.userId });
  const user = await store.findUserById(deps.db, me.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError("BAD_REQUEST", "Le mot de passe actuel est incorrect.", {
      currentPassword: "Le mot de passe actuel est incorrect.",
    });
  }
  assertStrong(input.newPassword, user.email);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await store.updateUser(trx, me.userId, { passwordHash, now: deps.clock().toISOString() });
    await store.deleteSessionsOf(trx, me.userId, me.sessionId);
    await recordEvent(deps, trx, { action: "mot_de_passe.change", actor: me });
  });
}

/**
 * Sends a confirmation link to the new address; the change applies when it is opened. Past
 * the IP's or the new address's hourly quota of e-mails: a French 429.
 */
export async function requestEmailChange(
  deps: Deps,
  actor: Actor | null,
  input: { email: string; password: string },
  opts: { ip: string },
) {
  const me = authorize(actor, "compte.modifier", { ownerId: actor?.userId });
  const user = await store.findUserById(deps.db, me.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.password))) {
    throw new AppError("BAD_REQUEST", "Le mot de passe est incorrect.", {
      password: "Le mot de passe est incorrect.",
    });
  }
  if (input.email === user.email) {
    throw new AppError("BAD_REQUEST", "C’est déjà l’adresse de votre compte.", {
      email: "C’est déjà l’adresse de votre compte.",
    });
  }
  await deps.db.transaction().execute(async (trx) => {
    if (await store.findUserByEmail(trx, input.email)) {
      throw new AppError("CONFLICT", "Cette adresse est déjà utilisée par un autre compte.", {
        email: "Cette adresse est déjà utilisée par un autre compte.",
      });
    }
    await countIpRequest(deps, trx, opts.ip);
    const { wait } = await claimMailTo(deps, trx, input.email);
    if (wait) throw addressQuotaError(wait);
    const token = await issueToken(deps, trx, "changement_email", {
      userId: me.userId,
      email: input.email,
    });
    await queueMessage(
      trx,
      mails.changementEmail(input.email, link(deps, "/compte/email", token)),
      { now: deps.clock().toISOString() },
    );
  });
}

/** Applies an e-mail change from the link sent to the new address. */
export async function confirmEmailChange(deps: Deps, input: { token: string }) {
  const id = await sha256(input.token);
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const token = await store.consumeToken(trx, id, "changement_email", now);
    if (!token?.user_id || !token.email) throw invalidLink();
    if (await store.findUserByEmail(trx, token.email)) {
      throw new AppError("CONFLICT", "Cette adresse est déjà utilisée par un autre compte.");
    }
    await store.updateUser(trx, token.user_id, { email: token.email, verifiedAt: now, now });
    for (const follow of deps.accountFollowers.emailChanged) {
      await follow(trx, token.user_id, token.email);
    }
    return { email: token.email };
  });
}

/** The account page's data. */
export async function me(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "compte.lire");
  const user = await store.findUserById(deps.db, me.userId);
  return { id: me.userId, email: me.email, roles: me.roles, createdAt: user?.created_at ?? null };
}
