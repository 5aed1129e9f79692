/**
 * Jetons d'API: an administrateur makes one (its secret shown once, only its hash kept),
 * lists theirs, revokes one; a request presenting a secret is turned into an acting account.
 */
import type * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, type Role } from "../policy/mod.ts";
import { randomToken, sha256Hex } from "../accounts/_shared.ts";
import { administered } from "../demarches/_access.ts";
import {
  LAST_USED_EVERY_MS,
  parseAccess,
  parseScope,
  TOKEN_PREFIX,
  type TokenAccess,
  type tokenInputs,
} from "./model.ts";
import * as store from "./store.ts";
import { recordEvent } from "../audit/service.ts";

/**
 * Makes a jeton for the actor over all their démarches or the chosen ones, reading only or
 * also instructing (`access`, « lecture » by default); returns its secret, which is never
 * shown again.
 *
 * @example
 * ```ts
 * const { secret } = await createToken(deps, actor, { label: "Tableur", days: 90, demarcheIds: null });
 * ```
 */
export async function createToken(
  deps: Deps,
  actor: Actor | null,
  input: v.InferOutput<typeof tokenInputs.create>,
) {
  const me = authorize(actor, "jetons_api.gerer");
  const demarcheIds = input.demarcheIds === null ? null : [...new Set(input.demarcheIds)];
  // A chosen démarche must be one of the actor's: another's reads as not found.
  for (const id of demarcheIds ?? []) await administered(deps, me, id);
  const secret = TOKEN_PREFIX + randomToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000).toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await store.insertToken(trx, {
      userId: me.userId,
      label: input.label,
      secretHash: sha256Hex(secret),
      demarcheIds,
      access: input.access,
      now: now.toISOString(),
      expiresAt,
    });
    await recordEvent(deps, trx, {
      action: "jeton.cree",
      actor: me,
      target: { type: "jeton", id },
      details: {
        libelle: input.label,
        acces: input.access,
        demarches: demarcheIds,
        expire: expiresAt,
      },
    });
    return id;
  });
  return { id, secret, expiresAt };
}

/** The actor's jetons, newest first, with their démarches' titles: never a secret. */
export async function listTokens(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "jetons_api.gerer");
  const rows = await store.tokensOf(deps.db, me.userId);
  const titles = new Map(
    (await store.administeredDemarches(deps.db, me.userId, null)).map((d) => [d.id, d.titre]),
  );
  const now = deps.clock().toISOString();
  return rows.map((t) => {
    const scope = parseScope(t.demarche_ids);
    return {
      id: t.id,
      label: t.label,
      createdAt: t.created_at,
      lastUsedAt: t.last_used_at,
      expiresAt: t.expires_at,
      revokedAt: t.revoked_at,
      active: t.revoked_at === null && t.expires_at > now,
      /** « lecture » or « instruction ». */
      access: parseAccess(t.access),
      /** null: all the démarches the owner administers. */
      demarches: scope === null ? null : scope.map((id) => ({ id, titre: titles.get(id) ?? null })),
    };
  });
}

/** Revokes one of the actor's jetons at once; another's reads as not found. */
export async function revokeToken(
  deps: Deps,
  actor: Actor | null,
  input: v.InferOutput<typeof tokenInputs.revoke>,
) {
  const me = authorize(actor, "jetons_api.gerer");
  const token = await store.findToken(deps.db, input.id);
  try {
    if (!token) throw new Error("no such token");
    authorize(me, "jeton_api.revoquer", { ownerId: token.user_id });
  } catch {
    throw new AppError("NOT_FOUND", "Ce jeton n’existe pas.");
  }
  await deps.db.transaction().execute(async (trx) => {
    await store.revokeToken(trx, token.id, deps.clock().toISOString());
    await recordEvent(deps, trx, {
      action: "jeton.revoque",
      actor: me,
      target: { type: "jeton", id: token.id },
      details: { libelle: token.label },
    });
  });
}

/** Who a live jeton acts for, and which démarches it was given (null: all). */
export interface TokenActor {
  readonly tokenId: number;
  readonly actor: Actor;
  readonly scope: readonly number[] | null;
  /** What the jeton may do: read only, or also prefill and instruct. */
  readonly access: TokenAccess;
}

export const invalidToken = () => new AppError("UNAUTHORIZED", "Jeton manquant ou invalide.");

/** The account behind `Authorization: Bearer <secret>`; unknown, revoked, expired: refused. */
export async function authenticate(deps: Deps, header: string | null): Promise<TokenActor> {
  const m = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m || !m[1].startsWith(TOKEN_PREFIX) || m[1].length > 200) throw invalidToken();
  const row = await store.findTokenBySecret(deps.db, sha256Hex(m[1]));
  const now = deps.clock();
  if (!row || row.revoked_at !== null || row.expires_at <= now.toISOString()) {
    throw invalidToken();
  }
  if (
    row.last_used_at === null ||
    now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_EVERY_MS
  ) {
    await store.touchToken(deps.db, row.id, now.toISOString());
  }
  const roles: Role[] = ["usager", ...((row.roles?.split(",") ?? []) as Role[])];
  return {
    tokenId: row.id,
    actor: { userId: row.user_id, email: row.email, roles, sessionId: `api:${row.id}` },
    scope: parseScope(row.demarche_ids),
    access: parseAccess(row.access),
  };
}
