/**
 * The read API over plain HTTP, mounted at `/api/v1`: JSON in French, `Authorization: Bearer`
 * with a jeton d'API, a rate limit per jeton, and errors as `{ erreur: { message, code } }`.
 */
import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { createRateLimiter } from "../rate_limit.ts";
import { dossiersQuery, RATE_LIMIT } from "./model.ts";
import { authenticate, type TokenActor } from "./tokens.ts";
import * as service from "./service.ts";

const STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
} as const;

const UNEXPECTED = "Une erreur inattendue est survenue. Réessayez dans un instant.";

function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  const base: Record<string, string> = { "cache-control": "no-store", ...headers };
  if (error instanceof AppError) {
    if (error.code === "UNAUTHORIZED") base["www-authenticate"] = 'Bearer realm="guichet"';
    return Response.json({ erreur: { message: error.message, code: error.code } }, {
      status: STATUS[error.code],
      headers: base,
    });
  }
  console.error(error);
  return Response.json({ erreur: { message: UNEXPECTED, code: "INTERNAL_SERVER_ERROR" } }, {
    status: 500,
    headers: base,
  });
}

/** A positive integer id of the path; anything else names nothing, so reads as not found. */
function pathId(text: string | undefined, notFound: string): number {
  const id = text && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) throw new AppError("NOT_FOUND", notFound);
  return id;
}

/** The query string as valibot reads it: a parameter given twice is a list, and refused. */
function queryOf(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(url).searchParams) {
    const seen = out[key];
    out[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return out;
}

/** The sub-app serving `/api/v1/*`; one rate limiter per app, in memory like sign-in's. */
export function createApiRest(deps: Deps): Hono {
  const app = new Hono();
  const limiter = createRateLimiter(RATE_LIMIT);

  const endpoint = (
    run: (token: TokenActor, c: Context) => Promise<unknown>,
  ) =>
  async (c: Context) => {
    try {
      const token = await authenticate(deps, c.req.header("authorization") ?? null);
      const key = `jeton:${token.tokenId}`;
      const now = deps.clock().getTime();
      const wait = limiter.retryAfter(key, now);
      if (wait > 0) {
        return errorResponse(
          new AppError(
            "TOO_MANY_REQUESTS",
            `Trop de requêtes avec ce jeton (au plus ${RATE_LIMIT.max} par minute). Réessayez dans ${
              Math.ceil(wait / 1000)
            } s.`,
          ),
          { "retry-after": String(Math.ceil(wait / 1000)) },
        );
      }
      limiter.fail(key, now);
      return c.json(await run(token, c), 200, { "cache-control": "no-store" });
    } catch (error) {
      return errorResponse(error);
    }
  };

  app.get("/demarches", endpoint((token) => service.listDemarches(deps, token)));

  app.get(
    "/demarches/:id/dossiers",
    endpoint((token, c) => {
      const demarcheId = pathId(c.req.param("id"), "Cette démarche n’existe pas.");
      const parsed = v.safeParse(dossiersQuery, queryOf(c.req.url));
      if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.issues[0].message);
      return service.listDossiers(deps, token, { demarcheId, query: parsed.output });
    }),
  );

  app.get(
    "/dossiers/:id",
    endpoint((token, c) =>
      service.getDossier(deps, token, { id: pathId(c.req.param("id"), "Ce dossier n’existe pas.") })
    ),
  );

  app.all("*", () =>
    errorResponse(
      new AppError(
        "NOT_FOUND",
        "Cette adresse de l’API n’existe pas : voyez /api/v1/demarches, /api/v1/demarches/:id/dossiers et /api/v1/dossiers/:id.",
      ),
    ));
  return app;
}
