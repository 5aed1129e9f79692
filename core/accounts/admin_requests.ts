/**
 * How administrator accounts come to be: the first super-admin from the installation link,
 * then requests that anyone makes and the super-admin accepts or refuses.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { type AdminRequestStatus } from "./model.ts";
import { hashPassword } from "./password.ts";
import * as store from "./store.ts";
import { countIpRequest } from "./mail_quota.ts";
import { ensureInvitedAccount } from "./invited.ts";
import { recordEvent } from "../audit/service.ts";
import {
  assertStrong,
  invalidLink,
  issueToken,
  link,
  type NewSession,
  openSession,
  type SessionClient,
  sha256,
} from "./_shared.ts";

/**
 * Anyone may ask for an administrator account; super-admins are told by e-mail. The
 * request counts in the IP's hourly quota of e-mails (`mail_quota.ts`).
 */
export async function requestAdminAccount(
  deps: Deps,
  input: { nom: string; organisation: string; email: string; motif: string },
  opts: { ip: string },
) {
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    await countIpRequest(deps, trx, opts.ip);
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
 * and the requester receives a link to set a password, or to sign in if their account is
 * confirmed. Like any invitation (`ensureInvitedAccount`): the password of an unconfirmed
 * account, perhaps chosen by someone else, does not survive.
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
    const account = await ensureInvitedAccount(deps, trx, request.email);
    const link = await account.link({ kind: "administrateur", retour: "/admin" });
    await store.grantRole(trx, account.userId, "administrateur", now);
    await recordEvent(deps, trx, {
      action: "demande_admin.acceptee",
      actor: admin,
      target: { type: "compte", id: account.userId },
      details: { email: request.email, role: "administrateur" },
    });
    const message = account.isNew
      ? mails.demandeAdminAcceptee(request.email, link)
      : mails.demandeAdminAccepteeCompteExistant(request.email, link);
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
    await recordEvent(deps, trx, {
      action: "demande_admin.refusee",
      actor: admin,
      target: { type: "demande_admin", id: input.id },
      details: { email: request.email },
    });
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
    await store.voidAllTokens(trx, "installation", now);
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
  client?: SessionClient,
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
    await recordEvent(deps, trx, {
      action: "installation.terminee",
      actor: { userId, email },
      ip: client?.ip,
      target: { type: "compte", id: userId },
      details: { roles: ["super_admin", "administrateur"] },
    });
    return await openSession(deps, trx, userId, client);
  });
}
