/**
 * Co-editing a dossier's values, as the browser and the server both see it (the rules are in
 * core/dossiers/co_editing.ts): per champ, the revision an edit started from, and what a save
 * answers for a champ someone else changed meanwhile. Pure: valibot only.
 */
import * as v from "valibot";
import { MAX_ID } from "./ids.ts";

/** Per champ, the revision its edit started from (`co_editing.ts`). */
export const revisionBases = v.pipe(
  v.record(
    v.pipe(v.string(), v.maxLength(64)),
    v.pipe(
      v.number("Révision mal formée."),
      v.integer("Révision mal formée."),
      v.minValue(0, "Révision mal formée."),
      v.maxValue(MAX_ID, "Révision mal formée."),
    ),
    "Révisions mal formées.",
  ),
  v.check((r) => Object.keys(r).length <= 500, "Trop de champs à la fois."),
);

/** A champ a save did not write: someone changed it since the edit's base. */
export interface Conflict {
  readonly champ: string;
  /** Its value now (null: emptied). */
  readonly value: unknown;
  /** The revision of that value: a save based on it writes over it, knowingly. */
  readonly revision: number;
  /** Who changed it (their e-mail address), null when not known. */
  readonly by: string | null;
  /** Changed by the same person, in another tab or on another device. */
  readonly byYou: boolean;
}
