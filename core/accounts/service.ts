/**
 * Account use cases: sign-up with e-mail confirmation, sign-in and sessions, password reset
 * and change, e-mail change, accounts of people invited by e-mail. Administrator requests
 * and the first installation are in `admin_requests.ts`.
 * Every e-mail is queued in the same transaction as the change that causes it.
 */
import * as v from "valibot";
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
  invitationContextSchema,
  parseConfirmationContext,
  parseInvitationContext,
  SESSION_TOUCH_MS,
  sessionIdleLimitMs,
} from "./model.ts";
import { challengeSecondFactor } from "./second_factor.ts";
export type { NewSession, SessionClient } from "./_shared.ts";

/** The session id stored for a cookie token. */
export const sessionIdOf = sha256;

/**
 * Creates an account and sends the confirmation link. Answers the same whether or not the
 * address already has an account, so sign-up cannot be used to find out who is registered:
 * an existing account, confirmed or not, is left as it is and its owner gets a link instead
 * (`tellOwner`). Counted per IP and per address (`mail_quota.ts`): past the address's quota
 * nothing is mailed, with the same answer.
 */
export async function signUp(
  deps: Deps,
  input: { email: string; password: string; navigateur?: string },
  opts: { ip: string },
) {
  assertStrong(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    await countIpRequest(deps, trx, opts.ip);
    const existing = await store.findUserByEmail(trx, input.email);
    if (existing) return await tellOwner(deps, trx, existing);
    const userId = await store.insertUser(trx, {
      email: input.email,
      passwordHash,
      verifiedAt: null,
      now,
    });
    if ((await claimMailTo(deps, trx, input.email)).wait) return;
    const token = await issueToken(deps, trx, "confirmation", {
      userId,
      context: input.navigateur
        ? JSON.stringify({ navigateur: sha256Hex(input.navigateur) })
        : null,
    });
    await queueMessage(trx, mails.confirmation(input.email, link(deps, "/confirmation", token)), {
      now,
    });
  });
}

/**
 * A sign-up with the address of an existing account never touches its password: whoever
 * signs up may not be its owner (an invited instructeur's address, say). The owner is mailed
 * a link to choose a password, which also confirms an account not confirmed yet; that
 * account's earlier confirmation links stop working, so that a password someone else chose
 * at an earlier sign-up cannot be confirmed by a click on an old e-mail.
 */
async function tellOwner(
  deps: Deps,
  trx: Trx,
  user: { id: number; email: string; email_verified_at: string | null },
) {
  if ((await claimMailTo(deps, trx, user.email)).wait) return;
  const now = deps.clock().toISOString();
  const token = await issueToken(deps, trx, "reinitialisation", { userId: user.id });
  const url = link(deps, "/mot-de-passe/nouveau", token);
  if (user.email_verified_at) {
    await queueMessage(trx, mails.dejaInscrit(user.email, url), { now });
    return;
  }
  await store.voidTokens(trx, user.id, "confirmation", now);
  await queueMessage(trx, mails.activationCompte(user.email, url), { now });
}

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
 * Confirms the e-mail from the link and signs the person in — only for whoever signed up: the
 * browser that did (its proof, kept since the sign-up) or, from another browser, someone who
 * knows the password chosen then. Else a stranger who signed up with someone's address would
 * get that account confirmed, with the stranger's password, by its owner's click.
 */
export async function confirmEmail(
  deps: Deps,
  input: { token: string; navigateur?: string; password?: string },
  client?: SessionClient & { ip?: string },
): Promise<NewSession> {
  const id = await sha256(input.token);
  const now = deps.clock();
  const live = await store.findLiveToken(deps.db, id, "confirmation", now.toISOString());
  const user = live?.user_id ? await store.findUserById(deps.db, live.user_id) : undefined;
  if (!live || !user) throw invalidLink();
  const proof = parseConfirmationContext(live.context);
  const sameBrowser = proof !== null && input.navigateur !== undefined &&
    sha256Hex(input.navigateur) === proof.navigateur;
  if (!sameBrowser) await provePassword(deps, user, input.password, now.getTime());
  return await deps.db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const token = await store.consumeToken(trx, id, "confirmation", at);
    if (!token?.user_id) throw invalidLink();
    await store.updateUser(trx, token.user_id, { verifiedAt: at, now: at });
    return await openSession(deps, trx, token.user_id, client);
  });
}

/** The password chosen at sign-up, asked when the confirmation comes from another browser. */
async function provePassword(
  deps: Deps,
  user: { email: string; password_hash: string | null },
  password: string | undefined,
  now: number,
) {
  const key = `confirmation:${user.email}`;
  if (deps.limiters.signInEmail.retryAfter(key, now) > 0) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      "Trop d’essais : réessayez dans un quart d’heure, ou demandez un nouveau mot de passe.",
    );
  }
  if (password === undefined) {
    throw new AppError(
      "BAD_REQUEST",
      "Pour activer votre compte depuis ce navigateur, saisissez le mot de passe choisi à l’inscription.",
      { password: "Saisissez le mot de passe choisi à l’inscription." },
    );
  }
  if (!user.password_hash || !(await verifyPassword(user.password_hash, password))) {
    deps.limiters.signInEmail.fail(key, now);
    throw new AppError(
      "BAD_REQUEST",
      "Ce n’est pas le mot de passe choisi à l’inscription. Si vous n’avez pas créé ce compte, ignorez ce lien.",
      { password: "Mot de passe incorrect." },
    );
  }
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
    signInEmail.retryAfter(input.email, nowMs),
    signInIp.retryAfter(opts.ip, nowMs),
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
    signInEmail.fail(input.email, nowMs);
    signInIp.fail(opts.ip, nowMs);
    throw new AppError("UNAUTHORIZED", "Adresse e-mail ou mot de passe incorrect.");
  }
  // The failures are not forgotten before the code is right: the password alone must not
  // buy more guesses of the code.
  if (user.totp_enabled_at && user.email_verified_at) {
    return { challenge: await challengeSecondFactor(deps, user.id) };
  }
  signInEmail.reset(input.email);
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

/** Ends the session. */
export async function signOut(deps: Deps, sessionId: string): Promise<void> {
  await store.deleteSession(deps.db, sessionId);
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

/**
 * The account of someone invited by e-mail (instructeur, expert, invité, administrator),
 * created without a password when it does not exist. Returns the link the invitation e-mail
 * should carry: sign in for a confirmed account, else set a password. An unconfirmed
 * account's password was chosen by whoever signed up with the address, perhaps not its
 * owner: it is dropped with its confirmation links, so only the invitation's link sets one.
 * `link(context)` gives the link the invitation e-mail carries: it leads to `context.retour`
 * (the dossier, the avis…) once the person is in, and the password page says who invites
 * them to what.
 *
 * @example
 * ```ts
 * const account = await ensureInvitedAccount(deps, trx, "expert@exemple.fr");
 * const link = await account.link({ kind: "avis", retour: "/avis/7", par: me.email });
 * ```
 */
export async function ensureInvitedAccount(
  deps: Deps,
  trx: Trx,
  email: string,
): Promise<InvitedAccount> {
  const now = deps.clock().toISOString();
  const existing = await store.findUserByEmail(trx, email);
  if (existing?.email_verified_at && existing.password_hash) {
    return {
      userId: existing.id,
      isNew: false,
      // The page itself asks a signed-out visitor to sign in, then shows itself.
      link: (context) => Promise.resolve(link(deps, context.retour)),
    };
  }
  if (existing) {
    if (existing.password_hash) {
      await store.updateUser(trx, existing.id, { passwordHash: null, now });
    }
    await store.voidTokens(trx, existing.id, "confirmation", now);
  }
  const userId = existing?.id ??
    await store.insertUser(trx, { email, passwordHash: null, verifiedAt: null, now });
  return {
    userId,
    isNew: true,
    async link(context) {
      // Invited to several démarches before signing in: every invitation's link stays valid.
      const token = await issueToken(deps, trx, "definition_mot_de_passe", {
        userId,
        keepEarlier: true,
        context: JSON.stringify(v.parse(invitationContextSchema, context)),
      });
      return link(deps, "/mot-de-passe/nouveau", token);
    },
  };
}

/** An invited person's account, and the link their invitation e-mail carries. */
export interface InvitedAccount {
  readonly userId: number;
  /** No password yet: the link sets one (else it signs in). */
  readonly isNew: boolean;
  link(context: InvitationContext): Promise<string>;
}

/** Grants or withdraws a role that follows from memberships (instructeur, expert). */
export async function setDerivedRole(
  deps: Deps,
  trx: Trx,
  userId: number,
  role: "instructeur" | "expert",
  on: boolean,
): Promise<void> {
  if (on) await store.grantRole(trx, userId, role, deps.clock().toISOString());
  else await store.revokeRole(trx, userId, role);
}
