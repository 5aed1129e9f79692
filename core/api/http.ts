/**
 * A lean HTTP transport for the tRPC router, speaking tRPC's wire format (httpLink and
 * httpBatchLink, JSON, no transformer).
 *
 * `@hono/trpc-server` keeps only 0.08–0.36 of a bare handler's throughput (DESIGN.md §8):
 * its generic fetch adapter spreads objects and builds an abort signal per request. Here a
 * procedure is found in the router's flat map and its middleware chain is run directly; the
 * router, its middlewares and input validation stay exactly as written. `deno task bench`
 * measures the result against a bare handler.
 */
import { TRPCError } from "@trpc/server";
import {
  getErrorShape,
  getHTTPStatusCodeFromError,
  getTRPCErrorFromUnknown,
} from "@trpc/server/unstable-core-do-not-import";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Context } from "../rpc/trpc.ts";
import { BodyTooLargeError, readText, tooLargeMessage } from "../http_body.ts";
import { jsonAnswer } from "./compression.ts";

type Result = { ok: true; data: unknown } | { ok: false; error: TRPCError; marker: string };

interface CallOpts {
  ctx: Context;
  path: string;
  type: string;
  input: unknown;
  getRawInput: () => Promise<unknown>;
  signal: undefined;
  batchIndex: number;
}

interface NextOpts {
  ctx?: Record<string, unknown>;
  input?: unknown;
  getRawInput?: () => Promise<unknown>;
}

// deno-lint-ignore no-explicit-any
type Middleware = (opts: any) => Promise<Result>;

interface Procedure {
  _def: {
    type: "query" | "mutation" | "subscription";
    meta: unknown;
    middlewares: readonly Middleware[];
  };
}

/**
 * Runs a procedure's middlewares (ours, input validation, then the resolver) as tRPC's own
 * `callRecursive` does, with the same options at each step. tRPC's build spreads those
 * options through a Babel-style `_objectSpread2` helper (one `defineProperty` per key),
 * which took ~10% of the CPU of a signed-in query; native spread costs a fraction of it.
 */
async function callChain(def: Procedure["_def"], opts: CallOpts, index: number): Promise<Result> {
  try {
    return await def.middlewares[index]({
      ...opts,
      meta: def.meta,
      next: (next?: NextOpts) =>
        callChain(def, {
          ...opts,
          ctx: next?.ctx ? { ...opts.ctx, ...next.ctx } as Context : opts.ctx,
          input: next && "input" in next ? next.input : opts.input,
          getRawInput: next?.getRawInput ?? opts.getRawInput,
        }, index + 1),
    });
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause), marker: "middlewareMarker" };
  }
}

async function callProcedure(procedure: Procedure, opts: CallOpts): Promise<unknown> {
  const result = await callChain(procedure._def, opts, 0);
  if (!result) {
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "No result from middlewares - did you forget to `return next()`?",
    });
  }
  if (!result.ok) throw result.error;
  return result.data;
}

/** Calls in one batched request: tRPC's client batches a page's calls, never hundreds. */
const MAX_BATCH = 20;
/** A JSON body; files go through `/files`, so 2 MB leaves room for the largest form. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Path and query string of an absolute request URL, without building a `URL`. */
function splitUrl(url: string): { pathname: string; search: string } {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const query = url.indexOf("?", start);
  if (query === -1) return { pathname: url.slice(start), search: "" };
  return { pathname: url.slice(start, query), search: url.slice(query + 1) };
}

/** The HTTP method each kind of procedure answers to (tRPC's `TYPE_ACCEPTED_METHOD_MAP`). */
const ACCEPTED: Readonly<Record<Procedure["_def"]["type"], string>> = {
  query: "GET",
  mutation: "POST",
  subscription: "GET",
};

/** Whether a `Content-Type` names JSON (media types are case-insensitive, RFC 9110 §8.3.1). */
function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim()
    .toLowerCase() === "application/json";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Handles one `/trpc/<path>` request; `prefixLength` is the length of `/trpc/`. Every answer
 * carries `opts.headers` besides its own, and is handed to `opts.made` (if any) once made.
 *
 * Answers as `fetchRequestHandler` of `@trpc/server` does — same statuses, same bodies, in the
 * same order of checks (tests/integration/api/transport_contract_test.ts holds the two side by
 * side) — with these deliberate differences: the messages written here are French and say what
 * to do; only JSON is accepted (no multipart or octet-stream bodies: files go through
 * `/files`); a body over 2 MB is refused with a 413 before it is read whole; answers are
 * compressed here, from the JSON text (`jsonAnswer`).
 */
export function createTrpcHandler(
  appRouter: AnyTRPCRouter,
  opts: {
    prefixLength: number;
    headers?: readonly [string, string][];
    made?: (response: Response) => Response;
  },
) {
  const ownHeaders: [string, string][] = [...opts.headers ?? []];
  const jsonHeaders: [string, string][] = [["content-type", "application/json"], ...ownHeaders];
  const made = opts.made ?? ((response: Response) => response);
  const procedures = appRouter._def.procedures as Record<string, Procedure>;
  const config = appRouter._def._config;

  const errorBody = (
    error: TRPCError,
    call: { type: string; path: string | undefined; input: unknown; ctx: Context | undefined },
  ) =>
    getErrorShape({
      config,
      error,
      type: call.type as "query",
      path: call.path,
      input: call.input,
      ctx: call.ctx,
    });

  const run = async (
    ctx: Context,
    method: string,
    path: string,
    procedure: Procedure | undefined,
    input: unknown,
    unreadable: TRPCError | null,
    index: number,
    allow: (method: string) => void,
  ) => {
    const type = procedure?._def.type ?? "unknown";
    try {
      if (!procedure) {
        throw new TRPCError({ code: "NOT_FOUND", message: `Procédure inconnue : « ${path} ».` });
      }
      if (ACCEPTED[procedure._def.type] !== method) {
        allow(ACCEPTED[procedure._def.type]);
        throw new TRPCError({
          code: "METHOD_NOT_SUPPORTED",
          message: procedure._def.type === "mutation"
            ? `« ${path} » modifie des données : appelez-la en POST.`
            : `« ${path} » est une lecture : appelez-la en GET.`,
        });
      }
      const data = await callProcedure(procedure, {
        ctx,
        path,
        type,
        getRawInput: unreadable ? () => Promise.reject(unreadable) : () => Promise.resolve(input),
        input: undefined,
        signal: undefined,
        batchIndex: index,
      });
      return { status: 200, body: { result: { data } } };
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      return {
        status: getHTTPStatusCodeFromError(error),
        body: { error: errorBody(error, { type, path, input, ctx }) },
      };
    }
  };

  /** The JSON answer, compressed as the request accepts (`jsonAnswer`). */
  const respond = (
    request: Request,
    body: unknown,
    status: number,
    headers: readonly [string, string][],
  ) =>
    made(
      jsonAnswer(request, JSON.stringify(body), {
        status,
        headers: headers.length === 0 ? jsonHeaders : [...jsonHeaders, ...headers],
      }),
    );

  /** An answer for the whole request, before any procedure is called (no path, no context). */
  const refuse = (
    request: Request,
    code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE",
    message: string,
  ) => {
    const error = new TRPCError({ code, message });
    const body = {
      error: errorBody(error, {
        type: "unknown",
        path: undefined,
        input: undefined,
        ctx: undefined,
      }),
    };
    return respond(request, body, getHTTPStatusCodeFromError(error), []);
  };

  return async (
    request: Request,
    createContext: (setCookie: (cookie: string) => void) => Promise<Context>,
  ): Promise<Response> => {
    const method = request.method;
    if (method === "HEAD") {
      return made(new Response(null, { status: 204, headers: ownHeaders }));
    }
    const { pathname, search } = splitUrl(request.url);
    const encoded = pathname.slice(opts.prefixLength);
    let pathPart = encoded;
    try {
      if (encoded.includes("%")) pathPart = decodeURIComponent(encoded);
    } catch {
      return refuse(request, "BAD_REQUEST", "Requête mal formée : l’adresse est mal encodée.");
    }
    if (method !== "GET" && !isJson(request.headers.get("content-type"))) {
      return refuse(
        request,
        "UNSUPPORTED_MEDIA_TYPE",
        "Requête refusée : envoyez les données en JSON, avec l’en-tête « Content-Type: application/json ».",
      );
    }
    const params = search === "" ? null : new URLSearchParams(search);
    const batch = params?.get("batch") === "1";
    const paths = batch ? pathPart.split(",") : [pathPart];
    if (paths.length > MAX_BATCH) {
      return refuse(
        request,
        "BAD_REQUEST",
        `Requête refusée : au plus ${MAX_BATCH} appels groupés.`,
      );
    }
    const found = paths.map((p) => Object.hasOwn(procedures, p) ? procedures[p] : undefined);
    const types = new Set(found.map((p) => p?._def.type).filter(Boolean));
    if (types.size > 1) {
      return refuse(
        request,
        "BAD_REQUEST",
        "Requête refusée : un appel groupé ne mêle pas lectures et modifications.",
      );
    }

    let text: string | null;
    if (method === "GET") {
      text = params?.get("input") ?? null;
    } else {
      try {
        text = await readText(request, MAX_BODY_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return refuse(
          request,
          "PAYLOAD_TOO_LARGE",
          `${tooLargeMessage(MAX_BODY_BYTES)} Envoyez les fichiers par /files.`,
        );
      }
    }
    // As tRPC does, a malformed input is the error of each call that reads it.
    let raw: unknown = undefined;
    let unreadable: TRPCError | null = null;
    if (text) {
      try {
        raw = JSON.parse(text);
      } catch (cause) {
        unreadable = new TRPCError({
          code: "BAD_REQUEST",
          message: method === "GET"
            ? "Requête mal formée : le paramètre « input » n’est pas du JSON valide."
            : "Requête mal formée : le corps n’est pas du JSON valide.",
          cause,
        });
      }
    }
    if (batch && unreadable === null && raw !== undefined && !isObject(raw)) {
      unreadable = new TRPCError({
        code: "BAD_REQUEST",
        message:
          "Requête mal formée : les données d’un appel groupé sont un objet, une entrée par appel (« 0 », « 1 »…).",
      });
    }
    const inputOf = (index: number) =>
      unreadable ? undefined : batch ? (raw as Record<string, unknown> | undefined)?.[index] : raw;

    const headers: [string, string][] = [];
    let allowed: string | null = null;
    const allow = (accepted: string) => (allowed = accepted);
    const ctx = await createContext((cookie) => headers.push(["set-cookie", cookie]));
    if (!batch) {
      const { status, body } = await run(
        ctx,
        method,
        pathPart,
        found[0],
        raw,
        unreadable,
        0,
        allow,
      );
      if (allowed) headers.push(["allow", allowed]);
      return respond(request, body, status, headers);
    }
    const results = await Promise.all(
      paths.map((p, i) => run(ctx, method, p, found[i], inputOf(i), unreadable, i, allow)),
    );
    if (allowed) headers.push(["allow", allowed]);
    const statuses = new Set(results.map((r) => r.status));
    const status = statuses.size === 1 ? results[0].status : 207;
    return respond(request, results.map((r) => r.body), status, headers);
  };
}
