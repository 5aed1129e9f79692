import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { departements } from "../../../../plugins/champs_territoire/departements.ts";
import { accepted, columns, optionsOf, refusal, tags, text } from "./_support.ts";

const test = suite("departements");

test("{} options parse", () => {
  assert.equal(optionsOf(departements), {});
});

test("value() keeps the code as a plain string, trimmed and upper-cased", () => {
  assert.is(accepted(departements, "29"), "29");
  assert.is(accepted(departements, " 2a "), "2A");
  assert.is(accepted(departements, "974"), "974");
});

test("value() refuses an unknown code or a name, asking to pick from the list", () => {
  assert.is(refusal(departements, "20"), "Choisissez un département de la liste");
  assert.is(refusal(departements, "Finistère"), "Choisissez un département de la liste");
  assert.is(refusal(departements, 29), "Choisissez un département de la liste");
});

test("toText(), columns and tags name the département with its code", () => {
  assert.is(text(departements, "29"), "Finistère (29)");
  assert.equal(columns(departements, "29"), { value: "Finistère", code: "29" });
  assert.equal(tags(departements, "2B"), { value: "Haute-Corse (2B)", code: "2B" });
});

test("choices() are the codes of every département and collectivité d'outre-mer", () => {
  const choices = departements.choices?.(optionsOf(departements)) ?? [];
  assert.is(choices.length, 109);
  assert.equal(choices.slice(0, 3), ["01", "02", "03"]);
  assert.ok(choices.includes("2A") && choices.includes("976") && choices.includes("988"));
  assert.is(departements.conditionSource, "enum");
});

test.run();
