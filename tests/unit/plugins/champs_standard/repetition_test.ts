import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { repetition } from "../../../../plugins/champs_standard/repetition.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal, text } from "./_support.ts";

const block = suite("repetition");

block("is a container; {} options parse to no row minimum", () => {
  assert.is(repetition.container, true);
  assert.equal(optionsOf(repetition), { minRows: 0 });
});

block("options refuse a minimum above the maximum", () => {
  assert.is(
    optionsRefusal(repetition, { minRows: 3, maxRows: 2 }),
    "Le nombre minimal de lignes doit être inférieur ou égal au nombre maximal",
  );
  assert.is(
    optionsRefusal(repetition, { maxRows: 0 }),
    "Le nombre maximal de lignes doit être au moins 1",
  );
});

block("value() accepts a list of rows, leaving their champs to the core", () => {
  const rows = [{ a1: "x", b2: 3 }, {}];
  assert.equal(accepted(repetition, rows), rows);
});

block("value() refuses rows that are not objects", () => {
  assert.is(refusal(repetition, ["x"]), "Chaque ligne du bloc doit regrouper ses champs");
  assert.is(refusal(repetition, {}), "Les lignes du bloc doivent former une liste");
});

block("value() enforces the row count with French plurals", () => {
  assert.is(refusal(repetition, [{}], { minRows: 2 }), "Ajoutez au moins 2 lignes");
  assert.is(
    refusal(repetition, [{}, {}], { maxRows: 1 }),
    "Le bloc ne peut pas dépasser 1 ligne : supprimez-en",
  );
});

block("isEmpty() counts no rows as empty; toText() counts rows", () => {
  assert.ok(empty(repetition, []));
  assert.not.ok(empty(repetition, [{}]));
  assert.is(text(repetition, []), "Aucune ligne");
  assert.is(text(repetition, [{}]), "1 ligne");
  assert.is(text(repetition, [{}, {}, {}]), "3 lignes");
});

block.run();
