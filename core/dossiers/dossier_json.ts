/**
 * A dossier as the read API gives it (`GET /api/v1/dossiers/:id`) and the JSON export writes
 * it: one shape, built here, for both. Pure: the caller reads the row, its form and labels.
 */
import type { Registry } from "../plugin_host/host.ts";
import type { ChampType } from "../plugin_sdk/types.ts";
import type { ChampDescriptor, Form } from "../shared/form.ts";
import { visibility } from "../shared/visibility.ts";
import { champText } from "../plugin_host/champ_text.ts";
import { parseValues } from "./model.ts";

/** The dossier's columns the document is made of (the owner's e-mail as `email`). */
export interface DossierJsonRow {
  readonly id: number;
  readonly demarche_id: number;
  readonly state: string;
  readonly is_test: number;
  readonly archived: number;
  readonly champ_values: string;
  readonly annotation_values: string;
  readonly motivation: string | null;
  readonly updated_at: string;
  readonly deposited_at: string | null;
  readonly en_instruction_at: string | null;
  readonly decided_at: string | null;
  readonly deleted_by_usager_at: string | null;
  readonly email: string;
}

/**
 * The visible fillable champs of a list with their values, raw and as text; `outer`, the
 * values the form shows, for annotations conditioned on its champs.
 */
function champs(
  types: Registry<ChampType>,
  descriptors: readonly ChampDescriptor[],
  json: string,
  outer: Readonly<Record<string, unknown>> = {},
) {
  const values = parseValues(json);
  const visible = visibility(descriptors, values, outer).visible;
  const out = [];
  for (const d of descriptors) {
    const type = types.get(d.type);
    if (!visible.has(d.stableId) || type?.section || type?.fillable === false) continue;
    const brut = values[d.stableId] ?? null;
    out.push({
      id: d.stableId,
      libelle: d.label,
      type: d.type,
      valeur: champText(types, d)(brut),
      brut,
    });
  }
  return out;
}

/** The dossier as a JSON document: état, dates (ISO UTC), usager, champs, annotations, étiquettes. */
export function dossierJson(
  types: Registry<ChampType>,
  row: DossierJsonRow,
  form: Form,
  labels: ReadonlyMap<number, readonly { name: string }[]>,
) {
  return {
    id: row.id,
    demarche_id: row.demarche_id,
    etat: row.state,
    test: row.is_test === 1,
    archive: row.archived === 1,
    depose_le: row.deposited_at,
    en_instruction_le: row.en_instruction_at,
    decide_le: row.decided_at,
    modifie_le: row.updated_at,
    supprime_par_usager_le: row.deleted_by_usager_at,
    usager: { email: row.email },
    motivation: row.motivation,
    etiquettes: (labels.get(row.id) ?? []).map((l) => l.name),
    champs: champs(types, form.champs, row.champ_values),
    annotations: champs(
      types,
      form.annotations,
      row.annotation_values,
      visibility(form.champs, parseValues(row.champ_values)).seen,
    ),
  };
}
