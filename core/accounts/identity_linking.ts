/**
 * A provider's identity whose e-mail belongs to an existing account waits here until the
 * account's owner proves the address: with the account's password, or with a link e-mailed
 * to the address and opened in the browser that came back from the provider (both secrets
 * are needed, so the owner opening a link someone else asked for links nothing).
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { verifyPassword } from "./password.ts";
import * as store from "./store.ts";
import * as ids from "./identity_store.ts";
import { claimMailTo } from "./mail_quota.ts";
import {
  type NewSession,
  openSession,
  randomToken,
  type SessionClient,
  sha256Hex,
} from "./_shared.ts";
import { PENDING_MINUTES } from "./identity_model.ts";

const pendingGone = () =>
  new AppError(
    "BAD_REQUEST",
    "Cette association a expiré ou a déjà été faite : reconnectez-vous avec le fournisseur d’identité.",
  );

/** What the page of a link waiting for proof shows: the account's address and the provider. */
export async function pendingLinkInfo(deps: Deps, input: { token: string }) {
  const pending = await ids.findPending(
    deps.db,
    sha256Hex(input.token),
    deps.clock().toISOString(),
  );
  if (!pending) throw pendingGone();
  return {
    email: pending.email,
    provider: pending.label,
    emailSent: pending.email_token_hash !== null,
  };
}

/** Links the waiting identity and opens the session, once the owner has proved the address. */
async function completePending(
  deps: Deps,
  pending: NonNullable<Awaited<ReturnType<typeof ids.findPending>>>,
  client: SessionClient & { previousSessionId?: string },
): Promise<{ session: NewSession | null; retour: string | null }> {
  return await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    await ids.deletePending(trx, pending.id);
    const other = await ids.findLink(trx, pending.provider_id, pending.subject);
    if (other && other.user_id !== pending.user_id) throw pendingGone();
    if (!other) {
      await ids.insertLink(trx, {
        userId: pending.user_id,
        providerId: pending.provider_id,
        subject: pending.subject,
        identity: pending.identity,
        now,
      });
    }
    const user = await store.findUserById(trx, pending.user_id);
    // The mailbox is proven now: an account never confirmed counts as confirmed.
    if (user && !user.email_verified_at) {
      await store.updateUser(trx, user.id, { verifiedAt: now, now });
    }
    if (user?.totp_enabled_at) return { session: null, retour: pending.retour };
    if (client.previousSessionId) await store.deleteSession(trx, client.previousSessionId);
    const session = await openSession(deps, trx, pending.user_id, client);
    await ids.insertIdentitySession(trx, {
      sessionId: sha256Hex(session.token),
      providerId: pending.provider_id,
      idToken: null,
    });
    return { session, retour: pending.retour };
  });
}

/**
 * Proves the address with the existing account's password, then links and signs in. Wrong
 * passwords count like sign-in failures (per address and IP).
 */
export async function confirmPendingWithPassword(
  deps: Deps,
  input: { token: string; password: string },
  client: SessionClient & { previousSessionId?: string },
) {
  const pending = await ids.findPending(
    deps.db,
    sha256Hex(input.token),
    deps.clock().toISOString(),
  );
  if (!pending) throw pendingGone();
  const nowMs = deps.clock().getTime();
  const { signInEmail, signInIp } = deps.limiters;
  const wait = Math.max(
    ...await Promise.all([
      signInEmail.retryAfter(pending.email, nowMs),
      signInIp.retryAfter(client.ip, nowMs),
    ]),
  );
  if (wait > 0) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Trop de tentatives. Réessayez dans ${
        Math.ceil(wait / 60_000)
      } minute(s), ou recevez un lien par e-mail.`,
    );
  }
  const user = await store.findUserById(deps.db, pending.user_id);
  if (!user || !(await verifyPassword(user.password_hash, input.password))) {
    await signInEmail.fail(pending.email, nowMs);
    await signInIp.fail(client.ip, nowMs);
    throw new AppError(
      "UNAUTHORIZED",
      "Mot de passe incorrect. Réessayez, ou recevez un lien par e-mail.",
      { password: "Mot de passe incorrect." },
    );
  }
  await signInEmail.reset(pending.email);
  return await completePending(deps, pending, client);
}

/** Sends the account's address a link that confirms the link, within its e-mail quota. */
export async function sendPendingEmail(deps: Deps, input: { token: string }) {
  const id = sha256Hex(input.token);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const pending = await ids.findPending(trx, id, now);
    if (!pending) throw pendingGone();
    const { wait } = await claimMailTo(deps, trx, pending.email);
    if (wait) {
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `Un lien vient déjà d’être envoyé à cette adresse : ouvrez-le, ou réessayez dans ${wait} minute(s).`,
      );
    }
    const emailToken = randomToken();
    await ids.setPendingEmailToken(trx, id, sha256Hex(emailToken));
    const link = `${deps.baseUrl}/connexion/liaison/confirmer?jeton=${emailToken}`;
    await queueMessage(
      trx,
      mails.associationIdentite(pending.email, {
        provider: pending.label,
        link,
        minutes: PENDING_MINUTES,
      }),
      { now },
    );
  });
}

/**
 * Proves the address with the e-mailed link. Both secrets are needed: the link's (the
 * mailbox) and the waiting link's, kept by the browser that came back from the provider, so
 * that the owner opening a link someone else asked for links nothing.
 */
export async function confirmPendingWithEmail(
  deps: Deps,
  input: { token: string; emailToken: string },
  client: SessionClient & { previousSessionId?: string },
) {
  const pending = await ids.findPending(
    deps.db,
    sha256Hex(input.token),
    deps.clock().toISOString(),
  );
  if (!pending || pending.email_token_hash !== sha256Hex(input.emailToken)) {
    throw new AppError(
      "BAD_REQUEST",
      "Ce lien n’est pas valable dans ce navigateur, ou il a expiré : ouvrez-le dans le navigateur où vous vous êtes connecté avec le fournisseur d’identité, ou recommencez la connexion.",
    );
  }
  return await completePending(deps, pending, client);
}
