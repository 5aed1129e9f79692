import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { dossierLink } from "../../../../plugins/champs_standard/dossier_link.ts";
import { accepted, empty, optionsOf, refusal, text } from "./_support.ts";

const MESSAGE = "Indiquez un numéro de dossier, un nombre entier comme 12345";

const link = suite("dossier_link");

link("{} options parse", () => {
  assert.equal(optionsOf(dossierLink), {});
});

link("value() reads the dossier number however typed", () => {
  assert.is(accepted(dossierLink, 12345), 12345);
  assert.is(accepted(dossierLink, " 12 345 "), 12345);
  assert.is(accepted(dossierLink, "n° 12345"), 12345);
  assert.is(accepted(dossierLink, "N°12345"), 12345);
  assert.is(accepted(dossierLink, "#42"), 42);
});

link("value() refuses zero, negatives, decimals and text", () => {
  for (const bad of [0, -3, 1.5, "12a", "", true]) {
    assert.is(refusal(dossierLink, bad), MESSAGE, String(bad));
  }
});

link("toText() names the dossier; columns keep the number", () => {
  assert.is(text(dossierLink, 12345), "Dossier n° 12345");
  assert.equal(dossierLink.toColumns?.(12345, {}), { value: 12345 });
  assert.equal(dossierLink.tags?.(12345, {}), { value: "12345" });
  assert.ok(empty(dossierLink, null));
});

link.run();
