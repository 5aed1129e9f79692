/**
 * The form of a démarche as the browser and the server both read it: champ descriptors
 * (identifier, type, label, description, options, condition, a repetition block's children)
 * and the form's two lists. Pure: valibot only. The checks against the installed champ types
 * are the server's (core/demarches/model.ts).
 */
import * as v from "valibot";
import { conditionSchema } from "./conditions.ts";

const stableId = v.pipe(
  v.string("Identifiant de champ manquant."),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, "Identifiant de champ non valide (lettres, chiffres, - et _)."),
);

const baseDescriptor = {
  stableId,
  type: v.pipe(v.string("Indiquez le type du champ."), v.nonEmpty("Indiquez le type du champ.")),
  label: v.pipe(
    v.string("Indiquez le libellé du champ."),
    v.trim(),
    v.nonEmpty("Indiquez le libellé du champ."),
    v.maxLength(500, "Le libellé ne doit pas dépasser 500 caractères."),
  ),
  description: v.optional(
    v.pipe(v.string(), v.maxLength(5000, "La description ne doit pas dépasser 5 000 caractères.")),
    "",
  ),
  mandatory: v.optional(v.boolean(), false),
  options: v.optional(v.record(v.string(), v.unknown()), {}),
  condition: v.optional(v.nullable(conditionSchema), null),
};

export const childDescriptorSchema = v.object(baseDescriptor);

export const champDescriptorSchema = v.object({
  ...baseDescriptor,
  children: v.optional(v.array(childDescriptorSchema)),
});

export type ChampDescriptor = v.InferOutput<typeof champDescriptorSchema>;

export const formSchema = v.object({
  champs: v.pipe(
    v.array(champDescriptorSchema),
    v.maxLength(500, "Un formulaire compte au plus 500 champs."),
  ),
  annotations: v.pipe(
    v.array(champDescriptorSchema),
    v.maxLength(200, "Au plus 200 annotations privées."),
  ),
});

export type Form = v.InferOutput<typeof formSchema>;

/** A problem in a form, attached to the champ that has it. */
export interface FormIssue {
  readonly stableId: string;
  readonly label: string;
  readonly message: string;
}
