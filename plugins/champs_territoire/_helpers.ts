/** Helpers shared by the territory champ types. */
import * as v from "valibot";
import type { ChampType } from "../../core/plugin_sdk/mod.ts";

/** Declares a champ type, inferring its options and value types from its schemas. */
export function champType<O, V>(contribution: ChampType<O, V>): ChampType<O, V> {
  return Object.freeze(contribution);
}

/** No option to set: territory lists are the official ones, whole. */
export const noOptions = v.object({});

export type NoOptions = v.InferOutput<typeof noOptions>;

/**
 * Value schema of a champ whose value is the code of an entry of a reference list: a string,
 * trimmed and upper-cased (`2a` → `2A`, `fr` → `FR`), that the list holds. One message for
 * every failure: the person picks from a list, so "pick from the list" is what to do.
 */
export function codeIn(has: (code: string) => boolean, message: string) {
  return v.pipe(
    v.string(message),
    v.trim(),
    v.toUpperCase(),
    v.check(has, message),
  );
}
