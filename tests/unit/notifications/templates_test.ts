import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  champTag,
  DEFAULT_TEMPLATES,
  knownTags,
  renderTemplate,
  storedTemplates,
  unknownTags,
} from "../../../core/notifications/templates.ts";

const mails = suite("usagers' e-mail templates");

const values = (extra: Record<string, string> = {}) =>
  new Map(Object.entries({
    "--numéro du dossier--": "42",
    "--libellé démarche--": "Titre de navigation",
    "--motivation--": "",
    "--lien dossier--": "https://guichet.test/dossiers/42",
    ...extra,
  }));

mails("the default acceptance reads as before, without « Motif : » when there is none", () => {
  const { subject, text } = renderTemplate(DEFAULT_TEMPLATES.accepte, values());
  assert.is(subject, "Votre dossier n° 42 est accepté");
  assert.is(
    text,
    "Bonjour,\n\nVotre dossier n° 42 pour la démarche « Titre de navigation » est accepté.\n\n" +
      "Suivre votre dossier : https://guichet.test/dossiers/42",
  );
  const motivated = renderTemplate(
    DEFAULT_TEMPLATES.refuse,
    values({ "--motivation--": "Pièce manquante." }),
  );
  assert.match(motivated.text, /\n\nMotif : Pièce manquante\.\n\n/);
});

mails("the link is added when the administrator's text forgets it", () => {
  const { text } = renderTemplate(
    { subject: "Décision", body: "Bonjour --numéro du dossier--" },
    values(),
  );
  assert.is(text, "Bonjour 42\n\nSuivre votre dossier : https://guichet.test/dossiers/42");
});

mails("unknown tags are named once; champ tags are their labels", () => {
  const known = knownTags([{ stableId: "nom", type: "text", label: "Nom du bateau " } as never]);
  assert.ok(known.has(champTag("Nom du bateau")));
  assert.equal(
    unknownTags("--Nom du bateau-- --nom-- et --nom-- --numéro du dossier-- ---- a--b", known),
    ["--nom--"],
  );
  assert.equal(unknownTags("Bonjour -- merci -- à bientôt", known), [], "dashes in a sentence");
});

mails("stored templates keep only valid kinds and texts", () => {
  assert.equal(
    storedTemplates(JSON.stringify({
      accepte: { subject: "Oui", body: "Texte" },
      inconnu: { subject: "x", body: "y" },
    })),
    {},
    "one bad kind: the record is refused whole, Guichet's texts apply",
  );
  assert.equal(storedTemplates(JSON.stringify({ refuse: { subject: "Non", body: "Hélas" } })), {
    refuse: { subject: "Non", body: "Hélas" },
  });
  assert.equal(storedTemplates("pas du JSON"), {});
});

mails.run();
