/**
 * What the dossiers' JSON columns hold, read through codecs instead of trusted casts, and
 * the reasons of a demande de correction (a dossier sent back to construction).
 */
import * as v from "valibot";

export const CORRECTION_REASONS = ["incorrect", "incomplete", "outdated"] as const;
export type CorrectionReason = typeof CORRECTION_REASONS[number];

export const CORRECTION_LABELS: Readonly<Record<CorrectionReason, string>> = {
  incorrect: "Une information est erronée",
  incomplete: "Il manque une information ou une pièce",
  outdated: "Une pièce n’est plus valable",
};

/** Reads a JSON column through `schema`; a row that does not match is a bug: it throws. */
function codec<S extends v.GenericSchema>(schema: S) {
  return (json: string): v.InferOutput<S> => v.parse(schema, JSON.parse(json));
}

/** Values of a dossier or its annotations privées, by champ stable id. */
export type Values = Record<string, unknown>;
const valuesSchema = v.custom<Values>(
  (x) => typeof x === "object" && x !== null && !Array.isArray(x),
  "Des valeurs sont un objet de champs.",
);

/** `dossiers.champ_values`, `pending_values`, `annotation_values`. */
export const parseValues: (json: string) => Values = codec(valuesSchema);

/**
 * `dossier_events.details`: what an event did besides moving the state — a decision's
 * justificatif, a re-deposit's changed champs. What is not of the expected shape is ignored.
 */
export const parseEventDetails = codec(v.looseObject({
  justificatif: v.fallback(v.optional(v.string()), undefined),
  changed: v.fallback(
    v.optional(v.pipe(
      v.array(v.unknown()),
      v.transform((a) => a.filter((c): c is string => typeof c === "string")),
    )),
    undefined,
  ),
}));

/** `invitations.scope`: checked by the invitation kind's own schema where it is used. */
export const parseInvitationScope: (json: string) => unknown = codec(v.unknown());
