/**
 * Co-construction by e-mail: the owner of a dossier invites someone to fill it with them,
 * either the whole dossier or only chosen sections — the seed's boat owner asks the expert
 * who inspected the boat to fill in its technical characteristics, and may hide the rest.
 */
import * as v from "valibot";
import { definePlugin } from "../../core/plugin_sdk/mod.ts";

const scope = v.object({
  /** Stable ids of the sections the invité may fill; empty: the whole dossier. */
  sections: v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.maxLength(64)), "Choisissez des sections du formulaire."),
      v.maxLength(100),
    ),
    [],
  ),
  /** Outside those sections: shown read-only (false) or hidden (true). */
  hideOthers: v.optional(v.boolean("Indiquez si le reste du dossier est caché."), false),
});

type Scope = v.InferOutput<typeof scope>;

const inScope = (s: Scope, section: string | null) =>
  s.sections.length === 0 || (section !== null && s.sections.includes(section));

export default definePlugin({
  id: "invitation_email",
  version: "1.0.0",
  label: "Invitation à co-construire un dossier",
  description:
    "L’usager invite une autre personne par e-mail à compléter son dossier, en entier ou seulement certaines sections.",
  host: "^1.0.0",
  register(api) {
    api.invitationKind({
      id: "email",
      label: "Invitation par e-mail",
      scope,
      message: ({ email, from, message, link, scope, demarcheTitre }) => ({
        to: email,
        subject: `${from} vous invite à compléter un dossier « ${demarcheTitre} »`,
        text: `Bonjour,\n\n${from} vous invite à compléter ${
          scope.sections.length ? "une partie de son dossier" : "son dossier"
        } pour la démarche « ${demarcheTitre} ».${
          message ? `\n\nSon message :\n${message}` : ""
        }\n\nPour y accéder :\n\n${link}`,
      }),
      mayEdit: (s, champ) => inScope(s, champ.section),
      maySee: (s, champ) => !s.hideOthers || inScope(s, champ.section),
    });
  },
});
