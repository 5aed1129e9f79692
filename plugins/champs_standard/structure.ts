/** Structure champs with nothing to fill: `header_section` and `explication`. */
import * as v from "valibot";
import { champType } from "./_helpers.ts";

/** Nothing is stored for a structure champ; whatever arrives is refused. */
const nothing = () => v.null("Ce champ ne se remplit pas : il ne reçoit aucune valeur");

/** Titre de section, of level 1 to 3 (the form's outline). */
export const headerSection = champType({
  type: "header_section",
  label: "Titre de section",
  category: "structure",
  options: v.object({
    level: v.optional(v.picklist([1, 2, 3], "Le niveau du titre doit être 1, 2 ou 3"), 1),
  }),
  value: nothing,
  toText: () => "",
  columnKind: "none",
  fillable: false,
  section: true,
});

/** Explication: the champ's description, plus optional text revealed on demand. */
export const explication = champType({
  type: "explication",
  label: "Explication",
  category: "structure",
  options: v.pipe(
    v.object({
      /** Shows `details` folded, behind a "Lire la suite" control. */
      collapsible: v.optional(v.boolean(), false),
      details: v.optional(v.pipe(v.string("Le texte dépliable doit être un texte"), v.trim()), ""),
    }),
    v.forward(
      v.check(
        (o) => !o.collapsible || o.details !== "",
        "Indiquez le texte affiché quand on déplie l’explication",
      ),
      ["details"],
    ),
  ),
  value: nothing,
  toText: () => "",
  columnKind: "none",
  fillable: false,
});
