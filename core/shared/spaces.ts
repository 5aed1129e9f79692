/**
 * The UI's spaces (and the usager's dossier, apart from the usager's other pages), each built
 * as a chunk of its own (`ui/routes.ts`), and which one a path belongs to: the server names
 * the space's chunks in the page it sends (`core/ui_files.ts`), so the browser fetches them
 * beside the app's entry instead of after it.
 */

export const SPACES = [
  "usager",
  "dossier",
  "instruction",
  "administration",
  "expert",
  "super_admin",
] as const;
export type Space = typeof SPACES[number];

const PREFIXES: readonly (readonly [string, Space])[] = [
  ["/instruction", "instruction"],
  ["/admin", "administration"],
  ["/avis", "expert"],
  ["/super-admin", "super_admin"],
  ["/installation", "super_admin"],
];

/** `/dossiers/<id>` and below: a usager's dossier (`/dossiers`, the list, is the usager's). */
const DOSSIER = /^\/dossiers\/[^/]+/;

/** The space whose pages serve `pathname`; every path no other space claims is the usager's. */
export function spaceOf(pathname: string): Space {
  for (const [prefix, space] of PREFIXES) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return space;
  }
  return DOSSIER.test(pathname) ? "dossier" : "usager";
}
