/** Inputs of the messagerie and the reasons of a demande de correction. */
import * as v from "valibot";

export const CORRECTION_REASONS = ["incorrect", "incomplete", "outdated"] as const;
export type CorrectionReason = typeof CORRECTION_REASONS[number];

export const CORRECTION_LABELS: Readonly<Record<CorrectionReason, string>> = {
  incorrect: "Une information est erronée",
  incomplete: "Il manque une information ou une pièce",
  outdated: "Une pièce n’est plus valable",
};

const id = v.pipe(
  v.number("Dossier inconnu."),
  v.integer("Dossier inconnu."),
  v.minValue(1, "Dossier inconnu."),
);
const body = v.pipe(
  v.string("Écrivez votre message."),
  v.trim(),
  v.nonEmpty("Écrivez votre message."),
  v.maxLength(10_000, "Le message ne doit pas dépasser 10 000 caractères."),
);

export const messagerieInputs = {
  list: v.object({ dossierId: id }),
  post: v.object({
    dossierId: id,
    body,
    fileId: v.optional(v.pipe(v.string(), v.uuid("Pièce jointe inconnue."))),
  }),
  correction: v.object({
    dossierId: id,
    body,
    reason: v.picklist(CORRECTION_REASONS, "Choisissez la raison de la demande de correction."),
  }),
};
