/** What the account use cases share: tokens sent by e-mail, sessions, password checks. */
import { createHash } from "node:crypto";
import { encodeBase64Url } from "./_encoding.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { passwordWeakness, SESSION_DAYS, TOKEN_HOURS, type TokenKind } from "./model.ts";
import * as store from "./store.ts";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { recordEvent } from "../audit/service.ts";

export type Trx = Transaction<Database> | Kysely<Database>;

/** A new session: the opaque token goes to the cookie, only its hash to the database. */
export interface NewSession {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Hex SHA-256 of a token (node:crypto's one-shot hash costs ~15× less than crypto.subtle). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export const sha256 = (text: string): Promise<string> => Promise.resolve(sha256Hex(text));

export function randomToken(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export const hours = (now: Date, h: number) =>
  new Date(now.getTime() + h * 3_600_000).toISOString();

export async function issueToken(
  deps: Deps,
  trx: Trx,
  kind: TokenKind,
  opts: {
    userId: number | null;
    email?: string | null;
    keepEarlier?: boolean;
    /** An invitation's context (JSON), shown where the password is chosen. */
    context?: string | null;
  },
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
    context: opts.context,
  });
  return token;
}

export const link = (deps: Deps, path: string, token?: string) =>
  `${deps.baseUrl}${path}${token ? `?jeton=${token}` : ""}`;

export function assertStrong(password: string, email?: string) {
  const weakness = passwordWeakness(password, email);
  if (weakness) throw new AppError("BAD_REQUEST", weakness, { password: weakness });
}

export const invalidLink = () =>
  new AppError(
    "BAD_REQUEST",
    "Ce lien n’est plus valable : il a déjà servi ou il a expiré. Demandez-en un nouveau.",
  );

/** The browser a session is opened from, as « Sessions actives » shows it. */
export interface SessionClient {
  readonly ip: string;
  readonly userAgent: string | null;
}

export async function openSession(
  deps: Deps,
  trx: Trx,
  userId: number,
  client?: SessionClient,
): Promise<NewSession> {
  const token = randomToken();
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await store.insertSession(trx, {
    id: await sha256(token),
    userId,
    now: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    userAgent: client?.userAgent?.slice(0, 400) ?? null,
    ip: client?.ip.slice(0, 64) ?? null,
  });
  const email = (await store.findUserById(trx, userId))?.email ?? null;
  await recordEvent(deps, trx, {
    action: "connexion.reussie",
    actor: { userId, email },
    ip: client?.ip,
  });
  return { token, expiresAt };
}
