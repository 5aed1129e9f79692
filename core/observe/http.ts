/**
 * The observation of the HTTP surface: one middleware that counts each request by route and
 * status with its duration and, with `LOG_FORMAT=json`, gives it an id (`X-Request-Id`, on
 * every line written while it is served) and writes one line for it; and `GET /metrics`, in
 * Prometheus' text format, for the addresses of `METRICS_ALLOW` only (others get the
 * ordinary 404). In the default text format nothing is logged per request, so no id is made.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Deps } from "../deps.ts";
import { type AddressRange, inRanges, parseAddressRanges, parseIp } from "../client_ip.ts";
import { createHttpMetrics, saneRequestId, trpcRoutes, UNKNOWN_PROCEDURE } from "./model.ts";
import { jsonLine, requestContext, writeJson } from "./log.ts";
import { metricsText } from "./service.ts";

export interface ObserveOptions {
  readonly deps: Deps;
  readonly logFormat: "text" | "json";
  /** Who may read `/metrics` (`METRICS_ALLOW`; default loopback only). */
  readonly metricsAllow?: readonly AddressRange[];
  /** Reverse proxies believed (`TRUSTED_PROXIES`): an incoming `X-Request-Id` is kept from them. */
  readonly trustedProxies: readonly AddressRange[];
  /** The tRPC router's procedure names: other names are counted as one. */
  readonly procedures: ReadonlySet<string>;
  /** The TCP peer of a request, and the client's address (core/client_ip.ts). */
  readonly peerOf: (c: Context) => string;
  readonly ipOf: (c: Context) => string;
}

/** The middleware and the `/metrics` handler of one app. */
export function observe(opts: ObserveOptions) {
  const metrics = createHttpMetrics();
  const allowed = opts.metricsAllow ?? parseAddressRanges("127.0.0.1,::1");
  const json = opts.logFormat === "json";

  const requestIdOf = (c: Context): string => {
    const incoming = c.req.header("x-request-id") ?? null;
    if (saneRequestId(incoming) && opts.trustedProxies.length > 0) {
      const peer = parseIp(opts.peerOf(c));
      if (peer && inRanges(peer, opts.trustedProxies)) return incoming;
    }
    return crypto.randomUUID();
  };

  // The routes of each tRPC path seen, computed once: a page calls the same few batches.
  const trpcCache = new Map<string, readonly string[]>();
  const routesOf = (c: Context): readonly string[] => {
    const path = c.req.path;
    if (!path.startsWith("/trpc/")) return [c.req.routePath];
    let routes = trpcCache.get(path);
    if (!routes) {
      routes = trpcRoutes(path, opts.procedures);
      // Paths with names the router lacks are not kept: a client could send endless ones.
      if (trpcCache.size < 4096 && !routes.includes(UNKNOWN_PROCEDURE)) {
        trpcCache.set(path, routes);
      }
    }
    return routes;
  };

  /** Counts the request; its duration in milliseconds is `ms`. */
  const count = (c: Context, routes: readonly string[], ms: number) => {
    const method = c.req.method;
    const status = c.res.status;
    for (const route of routes) metrics.observe(route, method, status, ms / 1000);
  };

  // The text format: only the counting, a few additions per request.
  const counting = (inner: MiddlewareHandler): MiddlewareHandler => async (c, next) => {
    const start = performance.now();
    await inner(c, next);
    count(c, routesOf(c), performance.now() - start);
  };

  // The JSON format: a request id (kept in the request's context for every line written
  // while it is served, and answered in `X-Request-Id`), then the request's own line.
  const logging = (inner: MiddlewareHandler): MiddlewareHandler => async (c, next) => {
    const start = performance.now();
    const id = requestIdOf(c);
    await requestContext.run(id, () => inner(c, next));
    try {
      c.res.headers.set("x-request-id", id);
    } catch { // a response with immutable headers (Response.redirect): copied
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("x-request-id", id);
    }
    const ms = performance.now() - start;
    const routes = routesOf(c);
    count(c, routes, ms);
    const method = c.req.method;
    const status = c.res.status;
    const route = routes.length === 1 ? routes[0] : `/trpc/${routes.map((r) => r.slice(6))}`;
    const level = status >= 500 ? "error" : "info";
    writeJson(
      level,
      jsonLine(level, [`${method} ${route} ${status}`], {
        time: new Date(),
        requestId: id,
        fields: { method, route, status, durationMs: Math.round(ms * 10) / 10 },
      }),
    );
  };

  /**
   * `/metrics` for allowed addresses. A request that came through a proxy not in
   * `TRUSTED_PROXIES` (it carries `X-Forwarded-For` or `Forwarded`) is refused even from
   * loopback: a reverse proxy on the same machine would otherwise open it to everyone.
   */
  const handler = async (c: Context) => {
    const ip = parseIp(opts.ipOf(c));
    const peer = parseIp(opts.peerOf(c));
    const proxied = c.req.header("x-forwarded-for") !== undefined ||
      c.req.header("forwarded") !== undefined;
    const viaTrusted = peer !== null && inRanges(peer, opts.trustedProxies);
    if (!ip || !inRanges(ip, allowed) || (proxied && !viaTrusted)) {
      return c.text("Page introuvable : vérifiez l’adresse.", 404);
    }
    return c.body(metrics.render() + await metricsText(opts.deps), 200, {
      "content-type": "text/plain; version=0.0.4; charset=utf-8",
      "cache-control": "no-store",
    });
  };

  return {
    /**
     * The middleware observing each request served by `inner` (what the app does around every
     * request, in the same layer: each layer costs every request a dispatch), or by nothing.
     */
    middleware: (inner: MiddlewareHandler = (_c, next) => next()) =>
      json ? logging(inner) : counting(inner),
    handler,
  };
}
