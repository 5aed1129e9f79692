/**
 * Account use cases: sign-up with e-mail confirmation, sign-in and sessions, password reset
 * and change, e-mail change, administrator-account requests, first installation.
 * Every e-mail is queued in the same transaction as the change that causes it.
 */
import { createHash } from "node:crypto";
import { encodeBase64Url } from "./_encoding.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, type Role } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import {
  type AdminRequestStatus,
  passwordWeakness,
  SESSION_DAYS,
  TOKEN_HOURS,
  type TokenKind,
} from "./model.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import * as store from "./store.ts";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";

type Trx = Transaction<Database> | Kysely<Database>;

/** A new session: the opaque token goes to the cookie, only its hash to the database. */
export interface NewSession {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Hex SHA-256 of a token (node:crypto's one-shot hash costs ~15× less than crypto.subtle). */
function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

const sha256 = (text: string): Promise<string> => Promise.resolve(sha256Hex(text));

function randomToken(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The session id stored for a cookie token. */
export const sessionIdOf = sha256;

const hours = (now: Date, h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();

async function issueToken(
  deps: Deps,
  trx: Trx,
  kind: TokenKind,
  opts: { userId: number | null; email?: string | null; keepEarlier?: boolean },
): Promise<string> {
  const token = randomToken();
  const now = deps.clock();
  if (opts.userId !== null && !opts.keepEarlier) {
    await store.voidTokens(trx, opts.userId, kind, now.toISOString());
  }
  await store.insertToken(trx, {
    id: await sha256(token),
    kind,
    userId: opts.userId,
    email: opts.email ?? null,
    now: now.toISOString(),
    expiresAt: hours(now, TOKEN_HOURS[kind]),
  });
  return token;
}

const link = (deps: Deps, path: string, token?: string) =>
  `${deps.baseUrl}${path}${token ? `?jeton=${token}` : ""}`;

function assertStrong(password: string, email?: string) {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw new AppError("BAD_REQUEST", weakness, { password: weakness });
}

const invalidLink = () =>
  new AppError(
    "BAD_REQUEST",
    "Ce lien n’est plus valable : il a déjà servi ou il a expiré. Demandez-en un nouveau.",
  );

async function openSession(deps: Deps, trx: Trx, userId: number): Promise<NewSession> {
  const token = randomToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await store.insertSession(trx, {
    id: await sha256(token),
    userId,
    now: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return { token, expiresAt };
}

/**
 * Creates an account and sends the confirmation link. Answers the same whether or not the
 * address already has an account (that owner gets a different e-mail), so sign-up cannot
 * be used to find out who is registered.
 */
export async function signUp(deps: Deps, input: { email: string; password: string }) {
  assertStrong(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const existing = await store.findUserByEmail(trx, input.email);
    if (existing?.email_verified_at) {
      const token = await issueToken(deps, trx, "reinitialisation", { userId: existing.id });
      await queueMessage(
        trx,
        mails.dejaInscrit(input.email, link(deps, "/mot-de-passe/nouveau", token)),
        { now },
      );
      return;
    }
    const userId = existing?.id ??
      await store.insertUser(trx, { email: input.email, passwordHash, verifiedAt: null, now });
    if (existing) await store.updateUser(trx, userId, { passwordHash, now });
    const token = await issueToken(deps, trx, "confirmation", { userId });
    await queueMessage(trx, mails.confirmation(input.email, link(deps, "/confirmation", token)), {
      now,
    });
  });
}

/** Confirms the e-mail from the link and signs the person in. */
export async function confirmEmail(deps: Deps, input: { token: string }): Promise<NewSession> {
  const id = await sha256(input.token);
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const token = await store.consumeToken(trx, id, "confirmation", now);
    if (!token?.user_id) throw invalidLink();
    await store.updateUser(trx, token.user_id, { verifiedAt: now, now });
    return await openSession(deps, trx, token.user_id);
  });
}

/**
 * Signs in. Failures are counted per address and per IP; past the limit the answer is
 * "too many attempts" whatever the password, which stops guessing.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string },
  opts: { ip: string; previousSessionId?: string },
): Promise<NewSession> {
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
  signInEmail.reset(input.email);
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    if (!user.email_verified_at) {
      const token = await issueToken(deps, trx, "confirmation", { userId: user.id });
      await queueMessage(trx, mails.confirmation(user.email, link(deps, "/confirmation", token)), {
        now,
      });
      return null;
    }
    // Rotation: the session this browser had before is dropped, a new id is issued.
    if (opts.previousSessionId) await store.deleteSession(trx, opts.previousSessionId);
    return await openSession(deps, trx, user.id);
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

/** The signed-in account behind a session cookie, or null. Runs on every request. */
export async function actorFromSession(deps: Deps, cookieToken: string): Promise<Actor | null> {
  const sessionId = sha256Hex(cookieToken);
  const row = await store.findSessionAccount(deps.db, sessionId, deps.clock().toISOString());
  if (!row) return null;
  const roles: Role[] = ["usager", ...((row.roles?.split(",") ?? []) as Role[])];
  return { userId: row.id, email: row.email, roles, sessionId };
}

/** Sends a reset link if the address has an account; answers the same either way. */
export async function requestPasswordReset(deps: Deps, input: { email: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const user = await store.findUserByEmail(trx, input.email);
    if (!user) return;
    const token = await issueToken(deps, trx, "reinitialisation", { userId: user.id });
    await queueMessage(
      trx,
      mails.reinitialisation(user.email, link(deps, "/mot-de-passe/nouveau", token)),
      { now: deps.clock().toISOString() },
    );
  });
}

/**
 * Sets a password from an e-mailed link (reset, or first password of an accepted
 * administrator). The link proves the address, so the e-mail counts as confirmed; every
 * other session of the account is closed, and the person is signed in.
 */
export async function setPasswordWithToken(
  deps: Deps,
  input: { token: string; password: string },
): Promise<NewSession> {
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
    return await openSession(deps, trx, user.id);
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

/** Sends a confirmation link to the new address; the change applies when it is opened. */
export async function requestEmailChange(
  deps: Deps,
  actor: Actor | null,
  input: { email: string; password: string },
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
    return { email: token.email };
  });
}

/** The account page's data. */
export async function me(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "compte.lire");
  const user = await store.findUserById(deps.db, me.userId);
  return { id: me.userId, email: me.email, roles: me.roles, createdAt: user?.created_at ?? null };
}

/** Anyone may ask for an administrator account; super-admins are told by e-mail. */
export async function requestAdminAccount(
  deps: Deps,
  input: { nom: string; organisation: string; email: string; motif: string },
) {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    if (await store.findPendingAdminRequestByEmail(trx, input.email)) {
      throw new AppError(
        "CONFLICT",
        "Une demande est déjà en attente pour cette adresse : vous recevrez un e-mail dès qu’elle sera examinée.",
      );
    }
    await store.insertAdminRequest(trx, { ...input, now });
    for (const to of await store.emailsWithRole(trx, "super_admin")) {
      await queueMessage(trx, {
        to,
        subject: `Nouvelle demande de compte administrateur : ${input.organisation}`,
        text:
          `${input.nom} (${input.email}), ${input.organisation}, demande un compte administrateur.\n\nMotif : ${input.motif}\n\nExaminer la demande : ${deps.baseUrl}/super-admin/demandes`,
      }, { now });
    }
  });
}

export async function listAdminRequests(
  deps: Deps,
  actor: Actor | null,
  input: { status: AdminRequestStatus },
) {
  authorize(actor, "demandes_admin.examiner");
  return await store.listAdminRequests(deps.db, input.status);
}

const notPending = () =>
  new AppError("CONFLICT", "Cette demande a déjà été traitée ou n’existe pas.");

/**
 * Accepts a request: the account gets the administrateur role (it is created if needed)
 * and the requester receives a link to set a password, or to sign in if they have one.
 */
export async function acceptAdminRequest(deps: Deps, actor: Actor | null, input: { id: number }) {
  const admin = authorize(actor, "demandes_admin.examiner");
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const request = await store.decideAdminRequest(trx, input.id, {
      status: "acceptee",
      by: admin.userId,
      now,
    });
    if (!request) throw notPending();
    const existing = await store.findUserByEmail(trx, request.email);
    const userId = existing?.id ??
      await store.insertUser(trx, {
        email: request.email,
        passwordHash: null,
        verifiedAt: null,
        now,
      });
    await store.grantRole(trx, userId, "administrateur", now);
    const message = existing?.password_hash
      ? mails.demandeAdminAccepteeCompteExistant(request.email, link(deps, "/connexion"))
      : mails.demandeAdminAcceptee(
        request.email,
        link(
          deps,
          "/mot-de-passe/nouveau",
          await issueToken(deps, trx, "definition_mot_de_passe", { userId }),
        ),
      );
    await queueMessage(trx, message, { now });
  });
}

export async function refuseAdminRequest(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; motif: string },
) {
  const admin = authorize(actor, "demandes_admin.examiner");
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const request = await store.decideAdminRequest(trx, input.id, {
      status: "refusee",
      by: admin.userId,
      now,
    });
    if (!request) throw notPending();
    await queueMessage(trx, mails.demandeAdminRefusee(request.email, input.motif), { now });
  });
}

/**
 * At start: if the instance has no super-admin yet, issues a one-time installation link
 * (e-mailed to `adminEmail` when given) and returns it; otherwise returns null.
 */
export async function prepareInstallation(
  deps: Deps,
  opts: { adminEmail?: string },
): Promise<string | null> {
  return await deps.db.transaction().execute(async (trx) => {
    if (await store.countWithRole(trx, "super_admin") > 0) return null;
    const now = deps.clock().toISOString();
    await trx.updateTable("tokens").set({ used_at: now })
      .where("kind", "=", "installation").where("used_at", "is", null).execute();
    const token = await issueToken(deps, trx, "installation", {
      userId: null,
      email: opts.adminEmail ?? null,
    });
    const url = link(deps, "/installation", token);
    if (opts.adminEmail) await queueMessage(trx, mails.installation(opts.adminEmail, url), { now });
    return url;
  });
}

/** What the installation page shows: the e-mail set by the configuration, if any. */
export async function installationInfo(deps: Deps, input: { token: string }) {
  const live = await store.findLiveToken(
    deps.db,
    await sha256(input.token),
    "installation",
    deps.clock().toISOString(),
  );
  if (!live) throw invalidLink();
  return { email: live.email };
}

/** Creates the super-admin (also administrateur) from the installation link. */
export async function completeInstallation(
  deps: Deps,
  input: { token: string; email: string; password: string },
): Promise<NewSession> {
  const id = await sha256(input.token);
  assertStrong(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const token = await store.consumeToken(trx, id, "installation", now);
    if (!token) throw invalidLink();
    const email = token.email ?? input.email;
    const existing = await store.findUserByEmail(trx, email);
    const userId = existing?.id ??
      await store.insertUser(trx, { email, passwordHash, verifiedAt: now, now });
    if (existing) await store.updateUser(trx, userId, { passwordHash, verifiedAt: now, now });
    await store.grantRole(trx, userId, "super_admin", now);
    await store.grantRole(trx, userId, "administrateur", now);
    return await openSession(deps, trx, userId);
  });
}

/**
 * The account of someone invited by e-mail (instructeur, expert…), created without a
 * password when it does not exist. Returns the link the invitation e-mail should carry:
 * set a password for a new account, sign in for an existing one.
 */
export async function ensureInvitedAccount(
  deps: Deps,
  trx: Trx,
  email: string,
): Promise<{ userId: number; link: string; isNew: boolean }> {
  const now = deps.clock().toISOString();
  const existing = await store.findUserByEmail(trx, email);
  if (existing?.password_hash) {
    return { userId: existing.id, link: link(deps, "/connexion"), isNew: false };
  }
  const userId = existing?.id ??
    await store.insertUser(trx, { email, passwordHash: null, verifiedAt: null, now });
  // Invited to several démarches before signing in: every invitation's link stays valid.
  const token = await issueToken(deps, trx, "definition_mot_de_passe", {
    userId,
    keepEarlier: true,
  });
  return { userId, link: link(deps, "/mot-de-passe/nouveau", token), isNew: true };
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
