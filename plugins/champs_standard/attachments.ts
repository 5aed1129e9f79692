/**
 * Pièce justificative: files the usager attaches, already uploaded and referenced by id.
 * Options restrict formats (families and/or MIME types), size (≤ 200 Mo) and count.
 */
import * as v from "valibot";
import { champType, column, frenchNumber, quoted, tag } from "./_helpers.ts";
import { FORMAT_FAMILIES, FORMAT_FAMILY_IDS } from "./_file_formats.ts";

/** Largest file any pièce justificative accepts, in Mo. */
export const MAX_SIZE_MB = 200;

const mime = v.pipe(
  v.string("Chaque type MIME doit être un texte"),
  v.trim(),
  v.toLowerCase(),
  v.regex(
    /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/,
    "Indiquez des types MIME comme application/pdf ou image/png",
  ),
);

const attachmentOptions = v.object({
  families: v.optional(
    v.array(
      v.picklist(FORMAT_FAMILY_IDS, "Choisissez des familles de formats parmi celles proposées"),
    ),
    [],
  ),
  /** MIME types accepted besides the families; no family and no type: any format. */
  mimes: v.optional(v.array(mime), []),
  maxSizeMb: v.optional(
    v.pipe(
      v.number("La taille maximale doit être un nombre de Mo"),
      v.minValue(1, "La taille maximale doit être d’au moins 1 Mo"),
      v.maxValue(MAX_SIZE_MB, `La taille maximale ne peut pas dépasser ${MAX_SIZE_MB} Mo`),
    ),
    MAX_SIZE_MB,
  ),
  multiple: v.optional(v.boolean(), false),
  /** A file the usager downloads to fill in (modèle), by file id. */
  templateFileId: v.optional(
    v.pipe(v.string("Le modèle doit être un fichier"), v.minLength(1, "Le modèle est vide")),
  ),
});

type AttachmentOptions = v.InferOutput<typeof attachmentOptions>;

/** MIME types accepted by these options, or null when any format is. */
export function acceptedMimes(options: AttachmentOptions): readonly string[] | null {
  const all = [...options.families.flatMap((f) => FORMAT_FAMILIES[f].mimes), ...options.mimes];
  return all.length === 0 ? null : [...new Set(all)];
}

const fileShape = v.object({
  fileId: v.pipe(
    v.string("Le fichier est mal référencé"),
    v.minLength(1, "Le fichier est mal référencé"),
  ),
  filename: v.pipe(
    v.string("Le fichier n’a pas de nom"),
    v.trim(),
    v.minLength(1, "Le fichier n’a pas de nom"),
  ),
  size: v.pipe(v.number("La taille du fichier est inconnue"), v.integer(), v.minValue(0)),
  mime: v.pipe(
    v.string("Le format du fichier est inconnu"),
    v.transform((m) => m.split(";")[0].trim().toLowerCase()),
  ),
}, "Un fichier joint est mal décrit : retirez-le et joignez-le à nouveau");

type AttachedFile = v.InferOutput<typeof fileShape>;

function attachmentsProblem(files: AttachedFile[], options: AttachmentOptions): string | null {
  if (!options.multiple && files.length > 1) return "Joignez un seul fichier : retirez les autres";
  const accepted = acceptedMimes(options);
  for (const file of files) {
    const name = quoted(file.filename);
    if (file.size === 0) return `Le fichier ${name} est vide : joignez-en un autre`;
    if (file.size > options.maxSizeMb * 1024 * 1024) {
      return `Le fichier ${name} dépasse la taille maximale de ${
        frenchNumber(options.maxSizeMb)
      } Mo : réduisez-le ou compressez-le`;
    }
    if (accepted && !accepted.includes(file.mime)) {
      const formats = [
        ...options.families.map((f) => FORMAT_FAMILIES[f].label),
        ...options.mimes,
      ];
      return `Le format du fichier ${name} n’est pas accepté : joignez un fichier parmi ` +
        formats.join(", ");
    }
  }
  return null;
}

const filenames = (files: readonly AttachedFile[]) => files.map((f) => f.filename).join(", ");

/** Pièce justificative: value a list of `{ fileId, filename, size, mime }`. */
export const pieceJustificative = champType({
  type: "piece_justificative",
  label: "Pièce justificative",
  category: "pieces_jointes",
  options: attachmentOptions,
  value: (options: AttachmentOptions) =>
    v.pipe(
      v.array(fileShape, "Joignez un ou plusieurs fichiers"),
      v.rawCheck(({ dataset, addIssue }) => {
        const problem = dataset.typed ? attachmentsProblem(dataset.value, options) : null;
        if (problem) addIssue({ message: problem });
      }),
    ),
  toText: filenames,
  toColumns: (files) => column(filenames(files)),
  tags: (files) => tag(filenames(files)),
  columnKind: "text",
  files: (files) => files.map((f) => f.fileId),
});
