/**
 * Web addresses people type (a démarche's site, a webhook, a link): only `http:` and `https:`
 * ever reach a page or a request. A `javascript:` or `data:` address would run in Guichet's
 * origin once rendered as a link, so the check is on the server, on every path that stores one,
 * and again where a link is drawn. Pure: the browser imports it too.
 */
import * as v from "valibot";

/** Whether `text` is an absolute `http:` or `https:` address with a host. */
export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * A trimmed absolute `http(s)://` address of at most `maxLength` characters; anything else is
 * refused with `message`.
 *
 * @example
 * ```ts
 * const settings = v.object({ url: httpUrl("Indiquez une adresse comme https://mairie.fr.") });
 * ```
 */
export function httpUrl(message: string, maxLength = 2000) {
  return v.pipe(
    v.string(message),
    v.trim(),
    v.maxLength(maxLength, `L’adresse ne doit pas dépasser ${maxLength} caractères.`),
    v.check(isHttpUrl, message),
  );
}
