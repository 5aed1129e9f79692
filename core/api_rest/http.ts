/**
 * The API over plain HTTP, mounted at `/api/v1`: JSON in French, `Authorization: Bearer`
 * with a jeton d'API, a rate limit per jeton, and errors as `{ erreur: { message, code } }`.
 *
 * Every route is one entry of `API_ROUTES`: its method and path, the valibot schemas of its
 * path parameters, query, body and answer, the scope a jeton needs, a French summary and its
 * handler. The app is built from that table, and so is the OpenAPI document (openapi.ts):
 * a route cannot be served without being documented. A known path asked with another
 * method answers 405 with `Allow`; an unknown path 404.
 *
 * Over 400 lines because the table is the API's one list: every route with its schemas and
 * French texts in one place, beside the little that turns it into an app.
 */
import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { BodyTooLargeError, readText, tooLargeMessage } from "../http_body.ts";
import { dossiersQuery, RATE_LIMIT } from "./model.ts";
import { authenticate, type TokenActor } from "./tokens.ts";
import * as service from "./service.ts";
import * as actions from "./actions.ts";
import * as prefill from "./prefill.ts";
import { authorize } from "../policy/mod.ts";
import {
  demarcheAnswer,
  demarchesAnswer,
  dossierAnswer,
  dossiersAnswer,
  FILE_ANSWER,
  idParam,
  openApiAnswer,
} from "./schemas.ts";
import { openApiDocument } from "./openapi.ts";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = typeof METHODS[number];

/** What a jeton must allow to use a route; null: anyone, without a jeton. */
export type Scope = "lecture" | "instruction";

// deno-lint-ignore no-explicit-any
type Schema = v.GenericSchema<any, any>;
type Out<S> = S extends Schema ? v.InferOutput<S> : undefined;

/** What a handler is given: its inputs already checked by the route's schemas. */
export interface RouteInput<P, Q, B, S extends Scope | null> {
  readonly deps: Deps;
  /** The jeton's account and démarches; null on a route that needs no jeton. */
  readonly token: S extends Scope ? TokenActor : null;
  readonly params: Out<P>;
  readonly query: Out<Q>;
  readonly body: Out<B>;
  readonly c: Context;
}

export interface ApiRoute<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  S extends Scope | null = Scope | null,
> {
  readonly method: Method;
  /** Hono's syntax, relative to /api/v1: `/dossiers/:id`. */
  readonly path: string;
  /** One French sentence: what the route does. */
  readonly summary: string;
  /** More French, for the documentation, when the summary is not enough. */
  readonly description?: string;
  readonly scope: S;
  /** An object schema over the path's parameters; a refusal answers 404 with its message. */
  readonly params?: P;
  /** An object schema over the query string (a parameter given twice is a list); 400. */
  readonly query?: Q;
  /** A schema over the JSON body; a refusal answers 400 with its message. */
  readonly body?: B;
  /** The schema of the success's JSON answer, or FILE_ANSWER for a file. */
  readonly response: Schema | typeof FILE_ANSWER;
  /** The success's status: 200, or 201 for a route that creates (documented as such). */
  readonly status?: 200 | 201;
  /**
   * For a 201: the created resource's address from the answer, sent in `Location` (its path
   * under /api/v1, made absolute with the instance's BASE_URL).
   */
  readonly location?: (answer: never) => string;
  /** Returns the JSON answer (checked by the tests against `response`), or a Response. */
  readonly handler: (input: RouteInput<P, Q, B, S>) => Promise<unknown>;
}

/** Declares a route with its handler's inputs typed from its schemas. */
export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  S extends Scope | null = Scope,
>(r: ApiRoute<P, Q, B, S>): ApiRoute {
  return r as unknown as ApiRoute;
}

const IDEMPOTENT =
  "Avec un en-tête « Idempotency-Key » (un UUID par action), la même action envoyée deux fois n’est appliquée qu’une fois : la seconde reçoit 409.";

/** The `Idempotency-Key` header of an action, if the tool sent one. */
function idempotencyKey(c: Context): string | undefined {
  return c.req.header("idempotency-key") ?? undefined;
}

const demarcheIdParams = v.object({
  id: idParam("Cette démarche n’existe pas.", "L’identifiant de la démarche."),
});
const dossierIdParams = v.object({
  id: idParam("Ce dossier n’existe pas.", "L’identifiant du dossier."),
});

/** The OpenAPI document, made once from the table on its first request. */
let openApi: Record<string, unknown> | undefined;

/** Every route of the API, in the order the documentation lists them. */
export const API_ROUTES: readonly ApiRoute[] = [
  route({
    method: "GET",
    path: "/openapi.json",
    summary: "Ce document : la description OpenAPI 3.1 de l’API, sans jeton.",
    scope: null,
    response: openApiAnswer,
    handler: () => Promise.resolve(openApi ??= openApiDocument(API_ROUTES)),
  }),
  route({
    method: "GET",
    path: "/demarches",
    summary: "Les démarches que le jeton lit, avec le nombre de dossiers déposés par état.",
    scope: "lecture",
    response: demarchesAnswer,
    handler: ({ deps, token }) => service.listDemarches(deps, token),
  }),
  route({
    method: "GET",
    path: "/demarches/:id",
    summary: "Une démarche et le formulaire de sa révision publiée.",
    description:
      "Chaque champ avec son type, s’il est obligatoire, sa description, ses options et ses choix, sa condition d’affichage, les champs d’une répétition ; puis les annotations privées. Une démarche jamais publiée n’a ni révision ni champs.",
    scope: "lecture",
    params: demarcheIdParams,
    response: demarcheAnswer,
    handler: ({ deps, token, params }) => service.describeDemarche(deps, token, params),
  }),
  route({
    method: "GET",
    path: "/demarches/:id/dossiers",
    summary: "Une page des dossiers déposés d’une démarche, les moins récemment modifiés d’abord.",
    description:
      "Gardez « suivant » et redonnez-le dans « apres » : l’appel suivant donne les dossiers modifiés depuis, même après la fin.",
    scope: "lecture",
    params: demarcheIdParams,
    query: dossiersQuery,
    response: dossiersAnswer,
    handler: ({ deps, token, params, query }) =>
      service.listDossiers(deps, token, { demarcheId: params.id, query }),
  }),
  route({
    method: "GET",
    path: "/dossiers/:id",
    summary: "Un dossier déposé, ses champs, annotations privées et son historique.",
    scope: "lecture",
    params: dossierIdParams,
    response: dossierAnswer,
    handler: ({ deps, token, params }) => service.getDossier(deps, token, { id: params.id }),
  }),
  route({
    method: "GET",
    path: "/dossiers/:id/fichiers/:fichierId",
    summary:
      "Télécharge un fichier d’un dossier : pièce jointe, annotation, justificatif ou attestation.",
    description:
      "L’adresse de chaque fichier est dans « fichiers » du dossier. Les fichiers de la messagerie et des avis n’y sont pas.",
    scope: "lecture",
    params: v.object({
      id: idParam("Ce fichier n’existe pas.", "L’identifiant du dossier."),
      fichierId: v.pipe(
        v.string("Ce fichier n’existe pas."),
        v.description("L’identifiant du fichier (un UUID)."),
        v.regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          "Ce fichier n’existe pas.",
        ),
      ),
    }),
    response: FILE_ANSWER,
    handler: ({ deps, token, params }) =>
      service.downloadFile(deps, token, { dossierId: params.id, fileId: params.fichierId }),
  }),
  // Writes (jeton « instruction »): core/api_rest/prefill.ts and actions.ts.
  route({
    method: "POST",
    path: "/demarches/:id/dossiers",
    summary:
      "Crée un brouillon prérempli sur la version publiée de la démarche, et le lien à donner à l’usager.",
    description:
      "Chaque valeur est vérifiée par le type de son champ ; un refus n’enregistre rien et donne le message de chaque champ dans « erreur.champs ». L’usager qui ouvre le lien et se connecte (ou crée son compte) reçoit le brouillon ; le lien ne sert qu’une fois. Répond 201, avec dans « Location » l’adresse du dossier dans l’API (GET /dossiers/{id}, qui le lit une fois déposé par l’usager).",
    scope: "instruction",
    params: demarcheIdParams,
    body: prefill.prefillBody,
    response: prefill.prefillAnswer,
    status: 201,
    location: (answer: v.InferOutput<typeof prefill.prefillAnswer>) =>
      `/dossiers/${answer.dossier.id}`,
    handler: ({ deps, token, params, body }) =>
      prefill.prefillDossier(deps, token, { demarcheId: params.id, champs: body.champs }),
  }),
  ...(
    [
      [
        "passer-en-instruction",
        "passer_en_instruction",
        "Passe le dossier en instruction.",
        actions.optionalMotivationBody,
      ],
      [
        "accepter",
        "accepter",
        "Accepte le dossier (motivation facultative).",
        actions.optionalMotivationBody,
      ],
      ["refuser", "refuser", "Refuse le dossier, avec sa motivation.", actions.motivationBody],
      [
        "classer-sans-suite",
        "classer_sans_suite",
        "Classe le dossier sans suite, avec sa motivation.",
        actions.motivationBody,
      ],
    ] as const
  ).map(([path, event, summary, body]) =>
    route({
      method: "POST",
      path: `/dossiers/:id/${path}`,
      summary,
      description: IDEMPOTENT,
      scope: "instruction",
      params: dossierIdParams,
      body,
      response: dossierAnswer,
      handler: ({ deps, token, params, body, c }) =>
        actions.decideWithToken(deps, token, {
          id: params.id,
          key: idempotencyKey(c),
          event,
          motivation: body.motivation,
        }),
    })
  ),
  route({
    method: "POST",
    path: "/dossiers/:id/demander-correction",
    summary:
      "Demande une correction à l’usager : un message avec sa raison ; un dossier en instruction repasse en construction.",
    description: IDEMPOTENT,
    scope: "instruction",
    params: dossierIdParams,
    body: actions.correctionBody,
    response: dossierAnswer,
    handler: ({ deps, token, params, body, c }) =>
      actions.requestCorrectionWithToken(deps, token, {
        id: params.id,
        key: idempotencyKey(c),
        message: body.message,
        raison: body.raison,
      }),
  }),
  route({
    method: "POST",
    path: "/dossiers/:id/messages",
    summary:
      "Envoie un message à l’usager par la messagerie du dossier (ouverte jusqu’à la décision).",
    description: IDEMPOTENT,
    scope: "instruction",
    params: dossierIdParams,
    body: actions.messageBody,
    response: dossierAnswer,
    handler: ({ deps, token, params, body, c }) =>
      actions.postMessageWithToken(deps, token, {
        id: params.id,
        key: idempotencyKey(c),
        message: body.message,
      }),
  }),
  route({
    method: "PATCH",
    path: "/dossiers/:id/annotations",
    summary: "Enregistre des annotations privées, chaque valeur vérifiée par son type.",
    scope: "instruction",
    params: dossierIdParams,
    body: actions.annotationsBody,
    response: dossierAnswer,
    handler: ({ deps, token, params, body, c }) =>
      actions.saveAnnotationsWithToken(deps, token, {
        id: params.id,
        key: idempotencyKey(c),
        annotations: body.annotations,
      }),
  }),
  route({
    method: "PATCH",
    path: "/dossiers/:id/etiquettes",
    summary: "Met ou enlève des étiquettes de la démarche sur le dossier, par leur nom.",
    scope: "instruction",
    params: dossierIdParams,
    body: actions.etiquettesBody,
    response: dossierAnswer,
    handler: ({ deps, token, params, body, c }) =>
      actions.changeLabelsWithToken(deps, token, {
        id: params.id,
        key: idempotencyKey(c),
        ajouter: body.ajouter,
        retirer: body.retirer,
      }),
  }),
];

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
    const erreur = {
      message: error.message,
      code: error.code,
      ...(error.fields ? { champs: error.fields } : {}),
    };
    return Response.json({ erreur }, { status: STATUS[error.code], headers: base });
  }
  console.error(error);
  return Response.json({ erreur: { message: UNEXPECTED, code: "INTERNAL_SERVER_ERROR" } }, {
    status: 500,
    headers: base,
  });
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

function check(schema: Schema | undefined, value: unknown, code: "BAD_REQUEST" | "NOT_FOUND") {
  if (!schema) return undefined;
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) {
    // Each refused field of a body or query by its dotted path (`motivation`, `champs.nom`).
    const fields: Record<string, string> = {};
    for (const issue of parsed.issues) {
      const path = v.getDotPath(issue);
      if (path && !(path in fields)) fields[path] = issue.message;
    }
    const withFields = code === "BAD_REQUEST" && Object.keys(fields).length > 0;
    throw new AppError(code, parsed.issues[0].message, withFields ? fields : undefined);
  }
  return parsed.output;
}

/**
 * A route that writes needs a jeton « instruction » (policy `api.jeton.ecrire`); a jeton
 * « lecture » is told how to get one.
 */
function authorizeWrite(token: TokenActor) {
  try {
    authorize(token.actor, "api.jeton.ecrire", { tokenAccess: token.access });
  } catch {
    throw new AppError(
      "FORBIDDEN",
      "Ce jeton ne permet que la lecture : pour agir sur les dossiers, créez dans « Jetons d’API » un jeton avec les droits « Instruction ».",
    );
  }
}

/** A JSON body is read whole up to this many bytes; past it, 413 without reading further. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function jsonBody(c: Context): Promise<unknown> {
  let text;
  try {
    text = await readText(c.req.raw, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new AppError("PAYLOAD_TOO_LARGE", tooLargeMessage(MAX_BODY_BYTES));
    }
    throw error;
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(
      "BAD_REQUEST",
      "Le corps de la requête n’est pas du JSON valable : envoyez un objet JSON avec Content-Type: application/json.",
    );
  }
}

/** A path of the table as a regular expression over request paths. */
function pathPattern(path: string): RegExp {
  const escaped = path.split("/").map((part) =>
    part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  );
  return new RegExp(`^${escaped.join("/")}$`);
}

/** The sub-app serving `/api/v1/*`, built from `routes`; jetons limited by `limiters.apiTokens`. */
export function createApiRest(deps: Deps, routes: readonly ApiRoute[] = API_ROUTES): Hono {
  const app = new Hono();
  const limiter = deps.limiters.apiTokens;

  /** The jeton of the request, counted against its rate limit. */
  const tokenOf = async (c: Context): Promise<TokenActor> => {
    const token = await authenticate(deps, c.req.header("authorization") ?? null);
    const key = `jeton:${token.tokenId}`;
    const now = deps.clock().getTime();
    const wait = await limiter.retryAfter(key, now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw Object.assign(
        new AppError(
          "TOO_MANY_REQUESTS",
          `Trop de requêtes avec ce jeton (au plus ${RATE_LIMIT.max} par minute). Réessayez dans ${seconds} s.`,
        ),
        { retryAfter: seconds },
      );
    }
    await limiter.fail(key, now);
    return token;
  };

  for (const r of routes) {
    app.on(r.method, r.path, async (c) => {
      try {
        const token = r.scope === null ? null : await tokenOf(c);
        if (token && r.scope === "instruction") {
          authorizeWrite(token);
        }
        const params = check(r.params, c.req.param(), "NOT_FOUND");
        const query = check(r.query, queryOf(c.req.url), "BAD_REQUEST");
        const body = r.body ? check(r.body, await jsonBody(c), "BAD_REQUEST") : undefined;
        const answer = await r.handler({ deps, token, params, query, body, c } as never);
        if (answer instanceof Response) return answer;
        const headers: Record<string, string> = { "cache-control": "no-store" };
        if (r.location) {
          headers.location = `${deps.baseUrl}/api/v1${r.location(answer as never)}`;
        }
        return c.json(answer, r.status ?? 200, headers);
      } catch (error) {
        const retryAfter = (error as { retryAfter?: number }).retryAfter;
        return errorResponse(
          error,
          retryAfter === undefined ? {} : { "retry-after": String(retryAfter) },
        );
      }
    });
  }

  const patterns = routes.map((r) => ({ method: r.method, pattern: pathPattern(r.path) }));
  app.all("*", (c) => {
    const path = new URL(c.req.url).pathname.replace(/^\/api\/v1/, "");
    const allowed = [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))];
    if (allowed.length > 0) {
      // A GET route answers HEAD too (Hono does so).
      const allow = allowed.includes("GET") ? [...allowed, "HEAD"] : allowed;
      return Response.json({
        erreur: {
          message: `La méthode ${c.req.method} n’est pas acceptée à cette adresse : utilisez ${
            allowed.join(" ou ")
          }.`,
          code: "METHOD_NOT_ALLOWED",
        },
      }, { status: 405, headers: { allow: allow.join(", "), "cache-control": "no-store" } });
    }
    return errorResponse(
      new AppError(
        "NOT_FOUND",
        "Cette adresse de l’API n’existe pas : la liste des adresses est dans /api/v1/openapi.json.",
      ),
    );
  });
  return app;
}
