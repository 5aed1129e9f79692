/**
 * The headers every response carries. The Content-Security-Policy allows only the built UI's
 * own files: no inline script, no `eval`, no inline style (Solid's static `style` attributes
 * would be inline, so the UI uses classes; `style={{…}}` with values set at run time goes
 * through the CSSOM, which CSP does not restrict). A response that needs more (the mail
 * catcher's page and its one `<style>`) sets its own policy, which is kept.
 */
import type { Context, MiddlewareHandler } from "hono";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

/** A year, subdomains included: browsers then refuse plain http for the whole domain. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** The security headers as a list to make a response with; HSTS only in https. */
export function securityHeaderList(opts: { https: boolean }): readonly [string, string][] {
  return [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "same-origin"],
    ["X-Frame-Options", "DENY"],
    ["Content-Security-Policy", CONTENT_SECURITY_POLICY],
    ...(opts.https
      ? [["Strict-Transport-Security", STRICT_TRANSPORT_SECURITY] as [string, string]]
      : []),
  ];
}

/** Responses made with every header of `securityHeaderList` (`madeSecure`). */
const madeWith = new WeakSet<Response>();

/**
 * Notes that `response` was made with the headers of `securityHeaderList` for this instance:
 * the middleware then leaves them as they are, instead of setting them one by one on every
 * tRPC answer (a few µs each time, on the autosave's path).
 */
export function madeSecure(response: Response): Response {
  madeWith.add(response);
  return response;
}

/**
 * Gives the answer of `c` the security headers, once it is made; HSTS only when the instance
 * is served in https.
 */
export function secureAnswer(c: Context, opts: { https: boolean }): void {
  // `headers` is read only to change them: reading it makes Deno drop the native response
  // it built with the answer, and build it again when sending.
  if (!madeWith.has(c.res)) {
    const headers = c.res.headers;
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("X-Frame-Options", "DENY");
    if (!headers.has("Content-Security-Policy")) {
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
    if (opts.https) headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  // A verification page names a holder (masked) and a decision: found by its code only.
  if (c.req.path.startsWith("/attestations/")) {
    c.res.headers.set("X-Robots-Tag", "noindex, nofollow");
  }
}

/** Sets the security headers on every response (`secureAnswer`), as a middleware of its own. */
export function securityHeaders(opts: { https: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    secureAnswer(c, opts);
  };
}
