/**
 * The read API's pure rules: jetons' shape and lifetimes, the query parameters of the
 * dossiers list, and the opaque pagination cursor. No I/O here.
 */
import * as v from "valibot";
import { isRowId, rowId } from "../shared/ids.ts";
import { encodeBase64Url } from "../accounts/_encoding.ts";
import { DOSSIER_STATES } from "../dossiers/lifecycle.ts";

/** Every secret starts so, which lets secret scanners and people recognise one. */
export const TOKEN_PREFIX = "gch_";

/** How long a jeton may live, in days: the administrateur picks one. */
export const TOKEN_DAYS = [30, 90, 365] as const;

/** Requests a jeton may make per minute before it is told to wait. */
export const RATE_LIMIT = { max: 600, windowMs: 60_000 } as const;

/** A page holds at most this many dossiers, and this many when `limite` is not given. */
export const PAGE_MAX = 100;

/** `last_used_at` is written at most this often per jeton: not one write per request. */
export const LAST_USED_EVERY_MS = 60_000;

/** The states a deposited dossier can be in: the API never shows brouillons. */
export const DEPOSITED_STATES = DOSSIER_STATES.filter((s) => s !== "brouillon");

/**
 * What a jeton may do: « lecture » reads (every jeton made before 0035 reads so);
 * « instruction » also prefills brouillons and acts as its owner's instructeur account.
 */
export const TOKEN_ACCESS = ["lecture", "instruction"] as const;
export type TokenAccess = typeof TOKEN_ACCESS[number];

/** A stored `access`, anything unknown read as the narrower « lecture ». */
export function parseAccess(text: string): TokenAccess {
  return text === "instruction" ? "instruction" : "lecture";
}

const demarcheId = rowId("Démarche inconnue.");

export const tokenInputs = {
  create: v.object({
    label: v.pipe(
      v.string("Donnez un nom au jeton."),
      v.trim(),
      v.minLength(1, "Donnez un nom au jeton."),
      v.maxLength(100, "Le nom du jeton compte au plus 100 caractères."),
    ),
    days: v.picklist(TOKEN_DAYS, "Choisissez une durée de validité de 30, 90 ou 365 jours."),
    /** null: every démarche the administrateur administers, now and later. */
    demarcheIds: v.nullable(
      v.pipe(
        v.array(demarcheId, "Choisissez les démarches du jeton."),
        v.minLength(1, "Choisissez au moins une démarche, ou toutes vos démarches."),
        v.maxLength(500, "Un jeton couvre au plus 500 démarches choisies."),
      ),
    ),
    access: v.optional(
      v.picklist(TOKEN_ACCESS, "Choisissez les droits du jeton : lecture ou instruction."),
      "lecture",
    ),
  }),
  revoke: v.object({ id: rowId("Jeton inconnu.") }),
};

/** Where the walk resumes: after the dossier last changed at `updatedAt` with this `id`. */
export interface Cursor {
  readonly updatedAt: string;
  readonly id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return encodeBase64Url(new TextEncoder().encode(JSON.stringify([cursor.updatedAt, cursor.id])));
}

/** The cursor `suivant` gave, or null when the text is not one. */
export function decodeCursor(text: string): Cursor | null {
  try {
    const json = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    const value = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))),
    );
    if (
      Array.isArray(value) && value.length === 2 && typeof value[0] === "string" &&
      !Number.isNaN(Date.parse(value[0])) && isRowId(value[1])
    ) {
      return { updatedAt: new Date(value[0]).toISOString(), id: value[1] };
    }
  } catch {
    // Not base64 or not JSON: not a cursor.
  }
  return null;
}

const one = (name: string) => `Le paramètre « ${name} » n’est donné qu’une fois.`;

/** The query string of `GET /api/v1/demarches/:id/dossiers`, as strings, checked. */
export const dossiersQuery = v.strictObject({
  etat: v.optional(
    v.picklist(
      DEPOSITED_STATES,
      `Le paramètre « etat » vaut l’un de : ${DEPOSITED_STATES.join(", ")}.`,
    ),
  ),
  depuis: v.optional(
    v.pipe(
      v.string(one("depuis")),
      v.check(
        (s) =>
          /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) &&
          !Number.isNaN(Date.parse(s)),
        "Le paramètre « depuis » est une date ISO 8601, par exemple 2026-01-31 ou 2026-01-31T08:00:00Z.",
      ),
      v.transform((s) => new Date(s).toISOString()),
    ),
  ),
  apres: v.optional(
    v.pipe(
      v.string(one("apres")),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const cursor = decodeCursor(dataset.value);
        if (cursor) return cursor;
        addIssue({
          message:
            "Le paramètre « apres » n’est pas un curseur valable : reprenez la valeur « suivant » d’une réponse.",
        });
        return NEVER;
      }),
    ),
  ),
  limite: v.optional(
    v.pipe(
      v.string(one("limite")),
      v.regex(/^\d{1,3}$/, `Le paramètre « limite » est un nombre entier de 1 à ${PAGE_MAX}.`),
      v.transform(Number),
      v.minValue(1, `Le paramètre « limite » est un nombre entier de 1 à ${PAGE_MAX}.`),
      v.maxValue(PAGE_MAX, `Le paramètre « limite » est un nombre entier de 1 à ${PAGE_MAX}.`),
    ),
    String(PAGE_MAX),
  ),
}, "Paramètre inconnu : seuls « etat », « depuis », « apres » et « limite » sont acceptés.");

export type DossiersQuery = v.InferOutput<typeof dossiersQuery>;

/** The jeton's démarches as stored: a JSON list, or null for all. */
export function parseScope(text: string | null): readonly number[] | null {
  if (text === null) return null;
  const ids = JSON.parse(text);
  return Array.isArray(ids) ? ids.filter((id) => Number.isSafeInteger(id)) : [];
}
