/**
 * Bloc répétable: a container whose value is a list of rows, each row the values of the
 * block's children by stable id. The core validates children; this checks the row count.
 */
import * as v from "valibot";
import { champType, countOf } from "./_helpers.ts";

const rowCount = (what: string, min: number) =>
  v.pipe(
    v.number(`Le nombre ${what} de lignes doit être un nombre`),
    v.integer(`Le nombre ${what} de lignes doit être un nombre entier`),
    v.minValue(min, `Le nombre ${what} de lignes doit être au moins ${min}`),
  );

const repetitionOptions = v.pipe(
  v.object({
    minRows: v.optional(rowCount("minimal", 0), 0),
    maxRows: v.optional(rowCount("maximal", 1)),
  }),
  v.check(
    (o) => o.maxRows === undefined || o.minRows <= o.maxRows,
    "Le nombre minimal de lignes doit être inférieur ou égal au nombre maximal",
  ),
);

/** Bloc répétable: `container`, value a list of row objects. */
export const repetition = champType({
  type: "repetition",
  label: "Bloc répétable",
  category: "structure",
  options: repetitionOptions,
  value: ({ minRows, maxRows }: v.InferOutput<typeof repetitionOptions>) =>
    v.pipe(
      v.array(
        v.record(v.string(), v.unknown(), "Chaque ligne du bloc doit regrouper ses champs"),
        "Les lignes du bloc doivent former une liste",
      ),
      v.check(
        (rows) => rows.length >= minRows,
        `Ajoutez au moins ${countOf(minRows, "ligne")}`,
      ),
      v.check(
        (rows) => maxRows === undefined || rows.length <= maxRows,
        `Le bloc ne peut pas dépasser ${countOf(maxRows ?? 0, "ligne")} : supprimez-en`,
      ),
    ),
  toText: (rows) => rows.length === 0 ? "Aucune ligne" : countOf(rows.length, "ligne"),
  columnKind: "none",
  container: true,
});
