/** Inputs of the messagerie and the reasons of a demande de correction. */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { CORRECTION_REASONS } from "../dossiers/model.ts";

// A demande de correction sends the dossier back to construction: its reasons are the
// lifecycle's (core/dossiers/model.ts).
export { CORRECTION_LABELS, CORRECTION_REASONS, type CorrectionReason } from "../dossiers/model.ts";

const id = rowId("Dossier inconnu.");
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
