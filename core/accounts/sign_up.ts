/**
 * Sign-up and the confirmation of its address. A sign-up never touches an existing account
 * (its owner is mailed a link instead), and a confirmation link confirms only for whoever
 * signed up: the browser that did, or someone who knows the password chosen then.
 * Every e-mail is queued in the same transaction as the change that causes it.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import * as store from "./store.ts";
import { claimMailTo, countIpRequest } from "./mail_quota.ts";
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
import { parseConfirmationContext } from "./model.ts";

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
  if (await deps.limiters.signInEmail.retryAfter(key, now) > 0) {
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
    await deps.limiters.signInEmail.fail(key, now);
    throw new AppError(
      "BAD_REQUEST",
      "Ce n’est pas le mot de passe choisi à l’inscription. Si vous n’avez pas créé ce compte, ignorez ce lien.",
      { password: "Mot de passe incorrect." },
    );
  }
}
