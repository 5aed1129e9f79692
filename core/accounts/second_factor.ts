/**
 * « Double authentification »: a TOTP app (RFC 6238) as a second factor at sign-in, with ten
 * single-use codes de secours. Super-admins must turn it on (the policy refuses their
 * actions until then), administrateurs and instructeurs may. The secret stays in the
 * database; only hashes of the codes de secours are kept.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { newRecoveryCodes, normalizeRecoveryCode } from "./model.ts";
import { verifyPassword } from "./password.ts";
import * as store from "./store.ts";
import { groupSecret, matchTotp, newTotpSecret, otpauthUri } from "./totp.ts";
import { recordEvent, recordEventAlone } from "../audit/service.ts";
import {
  issueToken,
  type NewSession,
  openSession,
  type SessionClient,
  sha256Hex,
  type Trx,
} from "./_shared.ts";

const WRONG_CODE =
  "Ce code n’est pas valable : saisissez le code que votre application affiche maintenant (il change toutes les 30 secondes), ou un code de secours. Un code ne sert qu’une fois.";
const EXPIRED =
  "La connexion a expiré : saisissez de nouveau votre adresse e-mail et votre mot de passe.";

const tooMany = (wait: number) => {
  const minutes = Math.ceil(wait / 60_000);
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`,
  );
};

/**
 * Accepts a code of the account's app (a time step after the last one accepted) or one of
 * its unused codes de secours, and spends it. Returns false when it is neither.
 */
async function spendCode(
  deps: Deps,
  trx: Trx,
  user: { id: number; totp_secret: string | null; totp_last_step: number | null },
  code: string,
): Promise<boolean> {
  if (!user.totp_secret) return false;
  const now = deps.clock();
  const digits = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(digits)) {
    const step = matchTotp(user.totp_secret, digits, {
      nowMs: now.getTime(),
      lastStep: user.totp_last_step,
    });
    return step !== null && await store.claimTotpStep(trx, user.id, step);
  }
  const recovery = normalizeRecoveryCode(code);
  return recovery !== null &&
    await store.useRecoveryCode(trx, user.id, sha256Hex(recovery), now.toISOString());
}

/** Issues the challenge a sign-in with the right password answers with its code. */
export async function challengeSecondFactor(deps: Deps, userId: number): Promise<string> {
  return await deps.db.transaction().execute((trx) =>
    issueToken(deps, trx, "double_authentification", { userId })
  );
}

/**
 * Completes a sign-in with the code of the app or a code de secours. A wrong code counts as
 * a failed sign-in (per address and per IP), so the code cannot be guessed; a right one
 * opens the session, spends the code and the challenge in one transaction.
 */
export async function verifySecondFactor(
  deps: Deps,
  input: { challenge: string; code: string },
  opts: SessionClient & { previousSessionId?: string },
): Promise<NewSession> {
  const nowMs = deps.clock().getTime();
  const challengeId = sha256Hex(input.challenge);
  const live = await store.findLiveToken(
    deps.db,
    challengeId,
    "double_authentification",
    deps.clock().toISOString(),
  );
  const user = live?.user_id ? await store.findUserById(deps.db, live.user_id) : undefined;
  if (!user?.totp_enabled_at) throw new AppError("BAD_REQUEST", EXPIRED);
  const { signInEmail, signInIp } = deps.limiters;
  const wait = Math.max(
    ...await Promise.all([
      signInEmail.retryAfter(user.email, nowMs),
      signInIp.retryAfter(opts.ip, nowMs),
    ]),
  );
  if (wait > 0) throw tooMany(wait);
  const session = await deps.db.transaction().execute(async (trx) => {
    if (!(await spendCode(deps, trx, user, input.code))) return null;
    const now = deps.clock().toISOString();
    if (!(await store.consumeToken(trx, challengeId, "double_authentification", now))) {
      throw new AppError("BAD_REQUEST", EXPIRED);
    }
    if (opts.previousSessionId) await store.deleteSession(trx, opts.previousSessionId);
    return await openSession(deps, trx, user.id, opts);
  });
  if (!session) {
    await signInEmail.fail(user.email, nowMs);
    await signInIp.fail(opts.ip, nowMs);
    await recordEventAlone(deps, {
      action: "connexion.echouee",
      actor: { userId: user.id, email: user.email },
      ip: opts.ip,
      details: { raison: "code" },
    });
    throw new AppError("UNAUTHORIZED", WRONG_CODE, { code: WRONG_CODE });
  }
  await signInEmail.reset(user.email);
  return session;
}

/** What « Mon compte » shows of the second factor. */
export async function secondFactorStatus(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "compte.lire");
  const user = await store.findUserById(deps.db, me.userId);
  const enabled = Boolean(user?.totp_enabled_at);
  return {
    enabled,
    enabledAt: user?.totp_enabled_at ?? null,
    recoveryCodesLeft: enabled ? await store.countUnusedRecoveryCodes(deps.db, me.userId) : 0,
    /** Whether the account may turn it on (administrateurs, instructeurs, super-admins). */
    available: can(me, "double_authentification.activer"),
    /** Super-admins must: their space stays closed until it is on. */
    required: me.roles.includes("super_admin"),
  };
}

/**
 * Starts enrolment: a new secret, to be read by the app from the `otpauth://` URI (QR code)
 * or typed in; nothing changes at sign-in until `confirmTotp` receives a code of it.
 */
export async function startTotp(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "double_authentification.activer");
  const user = await store.findUserById(deps.db, me.userId);
  if (user?.totp_enabled_at) {
    throw new AppError(
      "CONFLICT",
      "La double authentification est déjà activée. Pour changer d’application, désactivez-la puis activez-la de nouveau.",
    );
  }
  const secret = newTotpSecret();
  await store.setTotpSecret(deps.db, me.userId, secret);
  return {
    secret: groupSecret(secret),
    uri: otpauthUri({ secret, issuer: `Guichet ${new URL(deps.baseUrl).host}`, account: me.email }),
  };
}

/**
 * Confirms enrolment with a code of the app: the second factor is then required at every
 * sign-in, the account's other sessions are closed, and ten codes de secours are returned —
 * the only time they are shown.
 */
export async function confirmTotp(deps: Deps, actor: Actor | null, input: { code: string }) {
  const me = authorize(actor, "double_authentification.activer");
  const user = await store.findUserById(deps.db, me.userId);
  if (user?.totp_enabled_at) {
    throw new AppError("CONFLICT", "La double authentification est déjà activée.");
  }
  if (!user?.totp_secret) {
    throw new AppError(
      "BAD_REQUEST",
      "Commencez par « Configurer l’application » pour obtenir le code à scanner.",
    );
  }
  const now = deps.clock();
  const step = matchTotp(user.totp_secret, input.code.replace(/\s/g, ""), {
    nowMs: now.getTime(),
    lastStep: null,
  });
  if (step === null) {
    const message =
      "Ce code ne correspond pas : saisissez les 6 chiffres que l’application affiche maintenant. S’il est refusé de nouveau, vérifiez que l’heure du téléphone est à l’heure exacte.";
    throw new AppError("BAD_REQUEST", message, { code: message });
  }
  const codes = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    await store.enableTotp(trx, me.userId, step, now.toISOString());
    await store.replaceRecoveryCodes(
      trx,
      me.userId,
      codes.map((c) => sha256Hex(normalizeRecoveryCode(c)!)),
      now.toISOString(),
    );
    await store.deleteSessionsOf(trx, me.userId, me.sessionId);
    await recordEvent(deps, trx, { action: "double_authentification.activee", actor: me });
  });
  return { recoveryCodes: codes };
}

/** Replaces the codes de secours with ten new ones (a current code is asked). */
export async function renewRecoveryCodes(
  deps: Deps,
  actor: Actor | null,
  input: { code: string },
) {
  const me = authorize(actor, "compte.modifier", { ownerId: actor?.userId });
  const codes = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    const user = await store.findUserById(trx, me.userId);
    if (!user?.totp_enabled_at) {
      throw new AppError("BAD_REQUEST", "La double authentification n’est pas activée.");
    }
    if (!(await spendCode(deps, trx, user, input.code))) {
      throw new AppError("BAD_REQUEST", WRONG_CODE, { code: WRONG_CODE });
    }
    await store.replaceRecoveryCodes(
      trx,
      me.userId,
      codes.map((c) => sha256Hex(normalizeRecoveryCode(c)!)),
      deps.clock().toISOString(),
    );
  });
  return { recoveryCodes: codes };
}

/**
 * Turns the second factor off, with the password and a current code (of the app, or a code
 * de secours). Wrong answers count like failed sign-ins. A super-admin may, but their space
 * closes again until it is back on.
 */
export async function disableTotp(
  deps: Deps,
  actor: Actor | null,
  input: { password: string; code: string },
) {
  const me = authorize(actor, "compte.modifier", { ownerId: actor?.userId });
  const nowMs = deps.clock().getTime();
  const wait = await deps.limiters.signInEmail.retryAfter(me.email, nowMs);
  if (wait > 0) throw tooMany(wait);
  const user = await store.findUserById(deps.db, me.userId);
  if (!user?.totp_enabled_at) {
    throw new AppError("BAD_REQUEST", "La double authentification n’est pas activée.");
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    await deps.limiters.signInEmail.fail(me.email, nowMs);
    throw new AppError("BAD_REQUEST", "Le mot de passe est incorrect.", {
      password: "Le mot de passe est incorrect.",
    });
  }
  const done = await deps.db.transaction().execute(async (trx) => {
    if (!(await spendCode(deps, trx, user, input.code))) return false;
    await store.setTotpSecret(trx, me.userId, null);
    await store.replaceRecoveryCodes(trx, me.userId, [], deps.clock().toISOString());
    await recordEvent(deps, trx, { action: "double_authentification.desactivee", actor: me });
    return true;
  });
  if (!done) {
    await deps.limiters.signInEmail.fail(me.email, nowMs);
    throw new AppError("BAD_REQUEST", WRONG_CODE, { code: WRONG_CODE });
  }
}
