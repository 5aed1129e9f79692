/** The inputs of instruction (the dashboard's tabs and sorts are core/shared/dashboard.ts). */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { SORT_BY, TABS } from "../shared/dashboard.ts";
import { revisionBases } from "../shared/revisions.ts";

export const DECISION_EVENTS = [
  "passer_en_instruction",
  "repasser_en_construction",
  "accepter",
  "refuser",
  "classer_sans_suite",
  "repasser_en_instruction",
] as const;

const id = rowId("Identifiant inconnu.");

const isoDate = v.optional(
  v.pipe(v.string(), v.isoDate("Indiquez une date valide (AAAA-MM-JJ).")),
);

/** A dashboard's filters, also those of an export of it. */
const dashboardFilters = v.optional(
  v.object({
    states: v.optional(v.array(v.picklist(
      ["en_construction", "en_instruction", "accepte", "refuse", "sans_suite"] as const,
      "État inconnu.",
    ))),
    depositedFrom: isoDate,
    depositedTo: isoDate,
    updatedFrom: isoDate,
    updatedTo: isoDate,
    decidedFrom: isoDate,
    decidedTo: isoDate,
    champs: v.optional(v.pipe(
      v.array(v.object({
        stableId: v.pipe(v.string(), v.maxLength(64)),
        op: v.picklist(
          ["eq", "lt", "lte", "gt", "gte"] as const,
          "Opérateur de filtre inconnu.",
        ),
        value: v.union(
          [v.pipe(v.string(), v.maxLength(200)), v.number(), v.boolean()],
          "Valeur de filtre non valide.",
        ),
      })),
      v.maxLength(10, "Au plus 10 filtres."),
    )),
    search: v.optional(
      v.pipe(v.string(), v.trim(), v.maxLength(200, "Recherche trop longue.")),
    ),
    /** The dossiers carrying this label (one of the démarche's « étiquettes »). */
    label: v.optional(
      rowId("Étiquette inconnue."),
    ),
    /** The dossiers this instructeur follows (a colleague's id, or one's own). */
    followedBy: v.optional(
      rowId("Instructeur inconnu."),
    ),
  }),
  {},
);

export const instructionInputs = {
  dashboard: v.object({
    demarcheId: id,
    tab: v.optional(v.picklist(TABS, "Onglet inconnu."), "a_suivre"),
    sort: v.optional(v.pipe(
      v.object({
        by: v.picklist(SORT_BY, "Tri inconnu."),
        dir: v.picklist(["asc", "desc"] as const, "Sens de tri inconnu."),
        stableId: v.optional(v.pipe(v.string(), v.maxLength(64))),
      }),
      v.check((s) => s.by !== "champ" || !!s.stableId, "Indiquez la colonne à trier."),
    )),
    /** Keyset cursor: the `next` of the previous page (`key` null past the valued rows). */
    after: v.optional(v.object({
      key: v.nullable(
        v.union([v.pipe(v.string(), v.maxLength(200)), v.number()], "Curseur non valide."),
      ),
      id,
    })),
    /** Older cursor: the smallest dossier number of the previous page (numéro, newest first). */
    before: v.optional(id),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 50),
    filters: dashboardFilters,
  }),
  champs: v.object({ demarcheId: id }),
  columns: v.object({
    demarcheId: id,
    columns: v.pipe(
      v.array(v.pipe(v.string(), v.maxLength(64))),
      v.maxLength(10, "Au plus 10 colonnes."),
    ),
  }),
  dossier: v.object({ id }),
  decide: v.object({
    id,
    event: v.picklist(DECISION_EVENTS, "Action inconnue."),
    motivation: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.maxLength(5000, "Le motif ne doit pas dépasser 5 000 caractères."),
      ),
      "",
    ),
    /** An upload of the instructeur's, kept with the decision for the usager to read. */
    fileId: v.optional(v.pipe(v.string(), v.uuid("Justificatif inconnu."))),
  }),
  reassign: v.object({ id, groupeId: id }),
  batch: v.object({
    ids: v.pipe(
      v.array(id),
      v.minLength(1, "Sélectionnez au moins un dossier."),
      v.maxLength(500, "Au plus 500 dossiers à la fois."),
    ),
    action: v.picklist(
      [
        "follow",
        "archive",
        "passer_en_instruction",
        "accepter",
        "refuser",
        "classer_sans_suite",
      ] as const,
      "Action inconnue.",
    ),
    motivation: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(5000)), ""),
  }),
  annotations: v.object({
    id,
    values: v.pipe(
      v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown(), "Valeurs mal formées."),
      v.check((r) => Object.keys(r).length <= 200, "Trop d’annotations à la fois."),
    ),
    bases: v.optional(revisionBases),
  }),
  exportRequest: v.object({
    demarcheId: id,
    tab: v.optional(v.picklist(TABS, "Onglet inconnu."), "tous"),
    format: v.pipe(v.string("Choisissez un format."), v.maxLength(64, "Format inconnu.")),
    filters: dashboardFilters,
    columns: v.optional(
      v.nullable(
        v.pipe(
          v.array(
            v.pipe(v.string("Colonne inconnue."), v.maxLength(80, "Colonne inconnue.")),
            "Les colonnes choisies sont mal formées.",
          ),
          v.minLength(1, "Choisissez au moins une colonne."),
          v.maxLength(1000, "Au plus 1 000 colonnes."),
        ),
      ),
      null,
    ),
  }),
};

/** Chosen column ids (`instructeur_preferences.columns`, `export_columns`, `exports.columns`). */
export function parseColumns(json: string): string[] {
  return v.parse(v.array(v.string()), JSON.parse(json));
}

/** An export's filters as stored (`exports.filters`): those of the dashboard it was asked on. */
export function parseFilters(json: string) {
  return v.parse(dashboardFilters, JSON.parse(json));
}
