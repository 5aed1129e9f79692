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

const JSON_HEADERS: [string, string][] = [["content-type", "application/json"]];

/** Path and query string of an absolute request URL, without building a `URL`. */
function splitUrl(url: string): { pathname: string; search: string } {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const query = url.indexOf("?", start);
  if (query === -1) return { pathname: url.slice(start), search: "" };
  return { pathname: url.slice(start, query), search: url.slice(query + 1) };
}

/** Handles one `/trpc/<path>` request; `prefixLength` is the length of `/trpc/`. */
export function createTrpcHandler(
  appRouter: AnyTRPCRouter,
  opts: { prefixLength: number },
) {
  const procedures = appRouter._def.procedures as Record<string, Procedure>;
  const config = appRouter._def._config;

  const errorBody = (
    error: TRPCError,
    call: { type: string; path: string; input: unknown; ctx: Context | undefined },
  ) =>
    getErrorShape({
      config,
      error,
      type: call.type as "query",
      path: call.path,
      input: call.input,
      ctx: call.ctx,
    });

  const run = async (ctx: Context, path: string, type: string, input: unknown, index: number) => {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    try {
      if (!procedure) {
        throw new TRPCError({ code: "NOT_FOUND", message: `Procédure inconnue : « ${path} ».` });
      }
      if (procedure._def.type !== type) {
        throw new TRPCError({
          code: "METHOD_NOT_SUPPORTED",
          message: type === "query"
            ? `« ${path} » modifie des données : appelez-la en POST.`
            : `« ${path} » est une lecture : appelez-la en GET.`,
        });
      }
      const data = await callProcedure(procedure, {
        ctx,
        path,
        type,
        getRawInput: () => Promise.resolve(input),
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

  const respond = (body: unknown, status: number, cookies: readonly string[]) =>
    new Response(JSON.stringify(body), {
      status,
      headers: cookies.length === 0
        ? JSON_HEADERS
        : [...JSON_HEADERS, ...cookies.map((c): [string, string] => ["set-cookie", c])],
    });

  const refuse = (
    code: "BAD_REQUEST" | "PAYLOAD_TOO_LARGE",
    message: string,
    path: string,
    type: string,
  ) => {
    const error = new TRPCError({ code, message });
    const body = { error: errorBody(error, { type, path, input: undefined, ctx: undefined }) };
    return respond(body, getHTTPStatusCodeFromError(error), []);
  };
  const badRequest = (message: string, path: string, type: string) =>
    refuse("BAD_REQUEST", message, path, type);

  return async (
    request: Request,
    createContext: (setCookie: (cookie: string) => void) => Promise<Context>,
  ): Promise<Response> => {
    const { pathname, search } = splitUrl(request.url);
    const type = request.method === "GET" ? "query" : request.method === "POST" ? "mutation" : "";
    const encoded = pathname.slice(opts.prefixLength);
    let pathPart = encoded;
    try {
      if (encoded.includes("%")) pathPart = decodeURIComponent(encoded);
    } catch {
      return badRequest("Requête mal formée : l’adresse est mal encodée.", encoded, "query");
    }
    if (!type) return badRequest("Méthode HTTP non prise en charge.", pathPart, "query");
    const params = search === "" ? null : new URLSearchParams(search);
    const batch = params?.get("batch") === "1";
    if (batch && pathPart.split(",").length > MAX_BATCH) {
      return badRequest(`Requête refusée : au plus ${MAX_BATCH} appels groupés.`, pathPart, type);
    }

    let raw: unknown = undefined;
    if (type === "query") {
      try {
        const param = params?.get("input") ?? null;
        raw = param === null ? undefined : JSON.parse(param);
      } catch {
        return badRequest(
          "Requête mal formée : le paramètre « input » n’est pas du JSON valide.",
          pathPart,
          type,
        );
      }
    } else {
      let text: string;
      try {
        text = await readText(request, MAX_BODY_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return refuse(
          "PAYLOAD_TOO_LARGE",
          `${tooLargeMessage(MAX_BODY_BYTES)} Envoyez les fichiers par /files.`,
          pathPart,
          type,
        );
      }
      try {
        raw = text === "" ? undefined : JSON.parse(text);
      } catch {
        return badRequest(
          "Requête mal formée : le corps n’est pas du JSON valide.",
          pathPart,
          type,
        );
      }
    }

    const cookies: string[] = [];
    const ctx = await createContext((cookie) => cookies.push(cookie));
    if (!batch) {
      const { status, body } = await run(ctx, pathPart, type, raw, 0);
      return respond(body, status, cookies);
    }
    const inputs = raw && typeof raw === "object" ? raw as Record<string, unknown> : {};
    const results = await Promise.all(
      pathPart.split(",").map((p, i) => run(ctx, p, type, inputs[i], i)),
    );
    const statuses = new Set(results.map((r) => r.status));
    const status = statuses.size === 1 ? results[0].status : 207;
    return respond(results.map((r) => r.body), status, cookies);
  };
}
