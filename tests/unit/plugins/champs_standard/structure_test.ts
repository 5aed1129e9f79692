import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { explication, headerSection } from "../../../../plugins/champs_standard/structure.ts";
import { optionsOf, optionsRefusal, refusal } from "./_support.ts";

const header = suite("header_section");

header("{} options parse to a level 1 title", () => {
  assert.equal(optionsOf(headerSection), { level: 1 });
  assert.equal(optionsOf(headerSection, { level: 3 }), { level: 3 });
});

header("options refuse a level outside 1 to 3", () => {
  assert.is(optionsRefusal(headerSection, { level: 4 }), "Le niveau du titre doit être 1, 2 ou 3");
});

header("is not fillable: its value() refuses anything and toText() is empty", () => {
  assert.is(headerSection.fillable, false);
  assert.is(refusal(headerSection, "x"), "Ce champ ne se remplit pas : il ne reçoit aucune valeur");
  assert.is(headerSection.toText(null, { level: 1 }), "");
  assert.is(headerSection.columnKind, "none");
});

header.run();

const explanation = suite("explication");

explanation("{} options parse to a text that does not fold", () => {
  assert.equal(optionsOf(explication), { collapsible: false, details: "" });
});

explanation("options refuse a collapsible explanation without text to reveal", () => {
  assert.is(
    optionsRefusal(explication, { collapsible: true, details: "  " }),
    "Indiquez le texte affiché quand on déplie l’explication",
  );
  assert.equal(optionsOf(explication, { collapsible: true, details: " Détails " }), {
    collapsible: true,
    details: "Détails",
  });
});

explanation("is not fillable and renders no text", () => {
  assert.is(explication.fillable, false);
  assert.is(refusal(explication, true), "Ce champ ne se remplit pas : il ne reçoit aucune valeur");
  assert.is(explication.toText(null, optionsOf(explication)), "");
});

explanation.run();
