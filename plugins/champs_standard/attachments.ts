/**
 * Pièce justificative: files the usager attaches, already uploaded and referenced by id.
 * Options restrict formats (families and/or MIME types), size (≤ 200 Mo) and count.
 */
import * as v from "valibot";
import type { ValueContext } from "../../core/plugin_sdk/mod.ts";
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

/**
 * A file as a value names it. Only `fileId` is the client's to say: when the core checks a
 * dossier's values it gives the stored file (`ctx.file`), whose name, size and sniffed type
 * replace whatever was sent.
 */
const fileRef = v.object({
  fileId: v.pipe(
    v.string("Le fichier est mal référencé"),
    v.minLength(1, "Le fichier est mal référencé"),
  ),
  filename: v.optional(v.string("Le fichier n’a pas de nom")),
  size: v.optional(v.number("La taille du fichier est inconnue")),
  mime: v.optional(v.string("Le format du fichier est inconnu")),
}, "Un fichier joint est mal décrit : retirez-le et joignez-le à nouveau");

type FileRef = v.InferOutput<typeof fileRef>;

/** Where no stored file is given (a preview), the description sent, checked for shape. */
const described = v.object({
  fileId: v.string(),
  filename: v.pipe(v.string(), v.trim(), v.minLength(1)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  mime: v.pipe(v.string(), v.transform((m) => m.split(";")[0].trim().toLowerCase())),
});

type AttachedFile = v.InferOutput<typeof described>;

const MISSING = "Un fichier joint est introuvable : joignez-le à nouveau";
const MALFORMED = "Un fichier joint est mal décrit : retirez-le et joignez-le à nouveau";

/** The files as stored, in the order given; a message when one is unknown or malformed. */
function resolveFiles(
  refs: readonly FileRef[],
  ctx: ValueContext,
): { files: AttachedFile[] } | { problem: string } {
  const files: AttachedFile[] = [];
  for (const ref of refs) {
    if (ctx.file) {
      const stored = ctx.file(ref.fileId);
      if (!stored) return { problem: MISSING };
      files.push({
        fileId: ref.fileId,
        filename: stored.filename,
        size: stored.size,
        mime: stored.mime,
      });
    } else {
      const parsed = v.safeParse(described, ref);
      if (!parsed.success) return { problem: MALFORMED };
      files.push(parsed.output);
    }
  }
  return { files };
}

/** The accepted formats in French: families' labels, then the extra MIME types. */
function formatsText(options: AttachmentOptions): string {
  return [...options.families.map((f) => FORMAT_FAMILIES[f].label), ...options.mimes].join(", ");
}

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
      return `Le format du fichier ${name} n’est pas accepté : joignez un fichier parmi ` +
        formatsText(options);
    }
  }
  return null;
}

const filenames = (files: readonly AttachedFile[]) => files.map((f) => f.filename).join(", ");

/**
 * Pièce justificative: value a list of `{ fileId, filename, size, mime }`, the last three
 * taken from the stored file when the core checks the values.
 */
export const pieceJustificative = champType({
  type: "piece_justificative",
  label: "Pièce justificative",
  category: "pieces_jointes",
  options: attachmentOptions,
  value: (options: AttachmentOptions, ctx: ValueContext) =>
    v.pipe(
      v.array(fileRef, "Joignez un ou plusieurs fichiers"),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const resolved = resolveFiles(dataset.value, ctx);
        if ("problem" in resolved) {
          addIssue({ message: resolved.problem });
          return NEVER;
        }
        return resolved.files;
      }),
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
  uploadRule: (options) => ({
    maxBytes: options.maxSizeMb * 1024 * 1024,
    mimes: acceptedMimes(options),
    formats: formatsText(options),
  }),
});
