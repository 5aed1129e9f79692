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
  readonly justificatif_file_id: string | null;
  readonly attestation_file_id: string | null;
  /** The provider whose verified identity filled the identity champs (« FranceConnect »). */
  readonly identite_verifiee_par: string | null;
  readonly email: string;
}

/** Where a file of the dossier shows: a champ, an annotation, the decision's justificatif, the attestation. */
export type FileOrigin = "champ" | "annotation" | "justificatif" | "attestation";

/** A file the dossier's document shows, before its stored name and size are known. */
export interface ShownFile {
  readonly id: string;
  readonly origine: FileOrigin;
  /** The champ or annotation holding it (a répétition's child for a file in one of its rows). */
  readonly champ_id: string | null;
}

/** The stored facts of a file attached to the dossier. */
export interface FileFacts {
  readonly filename: string;
  readonly size: number;
  readonly mime: string;
}

/** Where a jeton downloads a dossier's file. */
export const fileUrl = (dossierId: number, fileId: string) =>
  `/api/v1/dossiers/${dossierId}/fichiers/${encodeURIComponent(fileId)}`;

/** The ids of the files `value` of champ `d` names; none for a value its type cannot read. */
function filesOf(
  types: Registry<ChampType>,
  d: { type: string },
  value: unknown,
): readonly string[] {
  const type = types.get(d.type);
  if (!type?.files || value === undefined || value === null) return [];
  try {
    return type.files(value as never);
  } catch {
    return [];
  }
}

/** The files of the visible champs of a list (répétitions row by row). */
function filesIn(
  types: Registry<ChampType>,
  descriptors: readonly ChampDescriptor[],
  values: Readonly<Record<string, unknown>>,
  origine: "champ" | "annotation",
  outer: Readonly<Record<string, unknown>> = {},
): ShownFile[] {
  const { visible, seen } = visibility(descriptors, values, outer);
  const out: ShownFile[] = [];
  for (const d of descriptors) {
    if (!visible.has(d.stableId)) continue;
    const value = values[d.stableId];
    if (types.get(d.type)?.container) {
      for (const row of Array.isArray(value) ? value : []) {
        if (!row || typeof row !== "object") continue;
        const cells = row as Record<string, unknown>;
        const shown = visibility(d.children ?? [], cells, seen).visible;
        for (const child of d.children ?? []) {
          if (!shown.has(child.stableId)) continue;
          for (const id of filesOf(types, child, cells[child.stableId])) {
            out.push({ id, origine, champ_id: child.stableId });
          }
        }
      }
      continue;
    }
    for (const id of filesOf(types, d, value)) out.push({ id, origine, champ_id: d.stableId });
  }
  return out;
}

/**
 * The files the dossier's document shows: those of its visible champs and annotations, its
 * decision's justificatif and its attestation. What a jeton that reads the dossier may
 * download (policy `api.fichier.lire`); the messagerie's and the avis's are not among them.
 */
export function shownFiles(
  types: Registry<ChampType>,
  row: DossierJsonRow,
  form: Form,
): ShownFile[] {
  const values = parseValues(row.champ_values);
  const out = [
    ...filesIn(types, form.champs, values, "champ"),
    ...filesIn(
      types,
      form.annotations,
      parseValues(row.annotation_values),
      "annotation",
      visibility(form.champs, values).seen,
    ),
  ];
  if (row.justificatif_file_id) {
    out.push({ id: row.justificatif_file_id, origine: "justificatif", champ_id: null });
  }
  if (row.attestation_file_id) {
    out.push({ id: row.attestation_file_id, origine: "attestation", champ_id: null });
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.id) && seen.add(f.id));
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

/**
 * The dossier as a JSON document: état, dates (ISO UTC), usager, champs, annotations,
 * étiquettes, and its files with their download address. `files`: the stored facts of the
 * files attached to the dossier (a shown file missing there is left out).
 */
export function dossierJson(
  types: Registry<ChampType>,
  row: DossierJsonRow,
  form: Form,
  labels: ReadonlyMap<number, readonly { name: string }[]>,
  files: ReadonlyMap<string, FileFacts>,
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
    usager: {
      email: row.email,
      /** Whether a certified provider verified the identity champs, and which. */
      identite_verifiee: row.identite_verifiee_par !== null,
      identite_verifiee_par: row.identite_verifiee_par,
    },
    motivation: row.motivation,
    etiquettes: (labels.get(row.id) ?? []).map((l) => l.name),
    champs: champs(types, form.champs, row.champ_values),
    annotations: champs(
      types,
      form.annotations,
      row.annotation_values,
      visibility(form.champs, parseValues(row.champ_values)).seen,
    ),
    fichiers: shownFiles(types, row, form).flatMap((f) => {
      const facts = files.get(f.id);
      if (!facts) return [];
      return [{
        id: f.id,
        nom: facts.filename,
        taille: facts.size,
        type_mime: facts.mime,
        origine: f.origine,
        champ_id: f.champ_id,
        url: fileUrl(row.id, f.id),
      }];
    }),
  };
}
