/**
 * What an export can hold: the dossier's own columns, then one per champ of the démarche's
 * published form and one per annotation privée — each with how a value is written (its text,
 * a number for number champs, a repetition block as « libellé : valeur » lines).
 */
import type { Deps } from "../deps.ts";
import type { ExportColumn, ExportValue } from "../plugin_sdk/types.ts";
import { parisInstant } from "../plugin_sdk/paris_time.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import { parseForm, parseSettings } from "../demarches/codecs.ts";
import { formOfDemarche } from "./exports_store.ts";
import { champText } from "../demarches/champ_text.ts";

/** The dossier's own columns, before the form's. */
const COLUMNS: readonly ExportColumn[] = [
  { id: "numero", label: "Numéro" },
  { id: "etat", label: "État" },
  { id: "usager", label: "Usager" },
  { id: "depose_le", label: "Déposé le", kind: "datetime" },
  { id: "modifie_le", label: "Modifié le", kind: "datetime" },
  { id: "decide_le", label: "Décidé le", kind: "datetime" },
  { id: "motivation", label: "Motivation" },
  { id: "etiquettes", label: "Étiquettes" },
];

/** Said after « Usager » when the démarche asks for a certified identity. */
const IDENTITE_COLUMN: ExportColumn = {
  id: "identite_verifiee_par",
  label: "Identité vérifiée par",
};

export type ColumnGroup = "dossier" | "champ" | "annotation";

/** The démarche's published form (its draft before publication) and every column it gives. */
export async function plan(deps: Deps, demarcheId: number) {
  const stored = await formOfDemarche(deps.db, demarcheId);
  const form = parseForm(stored.form);
  const champs = exportedChamps(deps, form.champs, "champ");
  const annotations = exportedChamps(deps, form.annotations, "annotation");
  const asksIdentite = Boolean(parseSettings(stored.settings).identiteFranceConnect);
  const own = asksIdentite
    ? COLUMNS.flatMap((c) => c.id === "usager" ? [c, IDENTITE_COLUMN] : [c])
    : COLUMNS;
  const columns: (ExportColumn & { group: ColumnGroup })[] = [
    ...own.map((c) => ({ ...c, group: "dossier" as const })),
    ...champs.map((c) => ({ ...c.column, group: "champ" as const })),
    ...annotations.map((c) => ({ ...c.column, group: "annotation" as const })),
  ];
  return { titre: stored.titre, form, champs, annotations, columns };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Each champ a column: its text, its number for number champs, a date cell for date champs
 * (a `datetime` champ's Paris wall time as the instant it is).
 */
function exportedChamps(
  deps: Deps,
  descriptors: readonly ChampDescriptor[],
  prefix: "champ" | "annotation",
) {
  return descriptors.flatMap((d) => {
    const type = deps.host.champTypes.get(d.type);
    if (!type || type.fillable === false) return [];
    const text = champText(deps.host.champTypes, d);
    const children = (d.children ?? []).map((child) => ({
      label: child.label,
      stableId: child.stableId,
      text: champText(deps.host.champTypes, child),
    }));
    // Made once per champ, for its type: no test of the type per value.
    const written = (value: unknown): ExportValue =>
      value === undefined || value === null ? null : text(value) || null;
    let render = written;
    if (type.container) {
      // A repetition block: one line per row, « libellé : valeur » for each of its champs.
      render = (value) => {
        if (value === undefined || value === null) return null;
        const rows = Array.isArray(value) ? value as Record<string, unknown>[] : [];
        return rows.map((row) =>
          children.flatMap((child) => {
            const shown = child.text(row[child.stableId]);
            return shown ? [`${child.label} : ${shown}`] : [];
          }).join(", ")
        ).join("\n") || null;
      };
    } else if (type.columnKind === "number") {
      render = (value) => typeof value === "number" ? value : written(value);
    } else if (type.columnKind === "date") {
      render = (value) => {
        if (typeof value === "string") {
          if (DAY.test(value)) return { kind: "date", value };
          const instant = WALL_TIME.test(value) ? parisInstant(value) : null;
          if (instant) return { kind: "datetime", value: instant };
        }
        return written(value);
      };
    }
    return [{
      stableId: d.stableId,
      column: {
        id: `${prefix}:${d.stableId}`,
        label: prefix === "annotation" ? `Annotation : ${d.label}` : d.label,
        // Both date champs sort as dates; `datetime` holds instants, shown in Paris time.
        ...(type.columnKind === "date"
          ? { kind: d.type === "datetime" ? "datetime" as const : "date" as const }
          : {}),
      } satisfies ExportColumn,
      render,
    }];
  });
}
