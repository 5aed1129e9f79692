/**
 * Paths of this site that a link may send a person back to (`?retour=`, an invitation's
 * landing page). Pure: the browser follows them, the server stores them.
 */

/**
 * Whether `path` stays on this site: it starts with one `/` and holds no backslash (browsers
 * read « /\autre.site » as « //autre.site ») and no control character (browsers drop tabs
 * and line breaks, which could join a `/` to a second one).
 */
export function isLocalPath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//")) return false;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || path[i] === "\\") return false;
  }
  return true;
}
