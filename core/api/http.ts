/**
 * A lean HTTP transport for the tRPC router, speaking tRPC's wire format (httpLink and
 * httpBatchLink, JSON, no transformer).
 *
 * `@hono/trpc-server` keeps only 0.08–0.36 of a bare handler's throughput (DESIGN.md §8):
 * its generic fetch adapter spreads objects and builds an abort signal per request. Here a
 * procedure is found in the router's flat map and called directly; the router, its
 * middlewares and input validation stay exactly as written.
 */
import { TRPCError } from "@trpc/server";
import {
  getErrorShape,
  getHTTPStatusCodeFromError,
  getTRPCErrorFromUnknown,
} from "@trpc/server/unstable-core-do-not-import";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Context } from "./trpc.ts";

interface Call {
  // deno-lint-ignore no-explicit-any
  (opts: any): Promise<unknown>;
  _def: { type: "query" | "mutation" | "subscription" };
}

const JSON_HEADERS = { "content-type": "application/json" };

/** Handles one `/trpc/<path>` request; `prefixLength` is the length of `/trpc/`. */
export function createTrpcHandler(
  appRouter: AnyTRPCRouter,
  opts: { prefixLength: number },
) {
  const procedures = appRouter._def.procedures as Record<string, Call>;
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
      const data = await procedure({
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

  const badRequest = (message: string, path: string, type: string) => {
    const error = new TRPCError({ code: "BAD_REQUEST", message });
    return new Response(
      JSON.stringify({ error: errorBody(error, { type, path, input: undefined, ctx: undefined }) }),
      { status: 400, headers: JSON_HEADERS },
    );
  };

  return async (
    request: Request,
    createContext: (headers: Headers) => Promise<Context>,
  ): Promise<Response> => {
    const url = new URL(request.url);
    const type = request.method === "GET" ? "query" : request.method === "POST" ? "mutation" : "";
    const pathPart = decodeURIComponent(url.pathname.slice(opts.prefixLength));
    if (!type) return badRequest("Méthode HTTP non prise en charge.", pathPart, "query");
    const batch = url.searchParams.get("batch") === "1";
    const paths = batch ? pathPart.split(",") : [pathPart];

    let raw: unknown = undefined;
    try {
      if (type === "query") {
        const param = url.searchParams.get("input");
        raw = param === null ? undefined : JSON.parse(param);
      } else {
        const text = await request.text();
        raw = text === "" ? undefined : JSON.parse(text);
      }
    } catch {
      return badRequest("Requête mal formée : le corps n’est pas du JSON valide.", pathPart, type);
    }
    const inputAt = (i: number) =>
      batch
        ? (raw && typeof raw === "object" ? (raw as Record<string, unknown>)[i] : undefined)
        : raw;

    const resHeaders = new Headers(JSON_HEADERS);
    const ctx = await createContext(resHeaders);
    if (!batch) {
      const { status, body } = await run(ctx, paths[0], type, inputAt(0), 0);
      return new Response(JSON.stringify(body), { status, headers: resHeaders });
    }
    const results = await Promise.all(paths.map((p, i) => run(ctx, p, type, inputAt(i), i)));
    const statuses = new Set(results.map((r) => r.status));
    const status = statuses.size === 1 ? results[0].status : 207;
    return new Response(JSON.stringify(results.map((r) => r.body)), {
      status,
      headers: resHeaders,
    });
  };
}
