/**
 * tRPC initialisation: the request context, the error shape (French message, stable code,
 * field messages) and the base procedures every feature router builds on.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { Deps } from "../deps.ts";
import type { Actor } from "../policy/mod.ts";
import { AppError } from "../errors.ts";
import { installFrenchMessages } from "./valibot_fr.ts";

installFrenchMessages();

export interface Context {
  readonly deps: Deps;
  readonly actor: Actor | null;
  readonly ip: string;
  /** The browser's `User-Agent`, recorded with the sessions it opens. */
  readonly userAgent: string | null;
  /** Sets (or with null, clears) the session cookie of the response. */
  setSession(session: SessionCookie | null): void;
}

/** What the session cookie carries: a session opened by the accounts service. */
export interface SessionCookie {
  readonly token: string;
  readonly expiresAt: Date;
}

interface Issue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

function fieldsOf(cause: unknown): Record<string, string> | undefined {
  if (cause instanceof AppError) return cause.fields ? { ...cause.fields } : undefined;
  const issues = (cause as { issues?: readonly Issue[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = (issue.path ?? []).map((p: PropertyKey | { key: PropertyKey }) =>
      typeof p === "object" ? String(p.key) : String(p)
    )
      .join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

const UNEXPECTED = "Une erreur inattendue est survenue. Réessayez dans un instant.";

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const fields = fieldsOf(error.cause);
    let message = error.message;
    if (error.code === "INTERNAL_SERVER_ERROR") {
      console.error(error.cause ?? error);
      message = UNEXPECTED;
    } else if (fields && !(error.cause instanceof AppError)) {
      message = Object.values(fields)[0];
    }
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fields,
        // Why, for code (a client tells refusals apart by this, never by the French text).
        reason: error.cause instanceof AppError ? error.cause.reason : undefined,
      },
    };
  },
});

/**
 * Whether every string in `value` is text a person could have typed: well-formed UTF-16 (no
 * lone surrogate, which no encoding can store faithfully) and no NUL, which truncates names
 * in C-based tools (PDF readers, spreadsheets, mail clients) downstream.
 */
export function isCleanText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.isWellFormed() && !value.includes("\0");
  if (depth > 32 || value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.every((item) => isCleanText(item, depth + 1));
  for (const key in value) {
    if (!isCleanText(key) || !isCleanText((value as Record<string, unknown>)[key], depth + 1)) {
      return false;
    }
  }
  return true;
}

/**
 * The one middleware of every procedure: refuses input holding text no person types, then
 * turns a service's AppError into the matching tRPC error (everything else stays internal).
 * One middleware, not two: each layer costs every request a closure and an await.
 */
const boundary = t.middleware(async ({ getRawInput, next }) => {
  if (!isCleanText(await getRawInput())) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message:
        "Le texte envoyé contient un caractère invalide (caractère nul ou mal encodé). Retirez-le, puis réessayez.",
    });
  }
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(boundary);
