import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { regions } from "../../../../plugins/champs_territoire/regions.ts";
import { accepted, columns, optionsOf, refusal, tags, text } from "./_support.ts";

const test = suite("regions");

test("{} options parse", () => {
  assert.equal(optionsOf(regions), {});
});

test("value() accepts a région's code", () => {
  assert.is(accepted(regions, "53"), "53");
  assert.is(accepted(regions, " 11 "), "11");
});

test("value() refuses an unknown code, asking to pick from the list", () => {
  assert.is(refusal(regions, "29"), "Choisissez une région de la liste");
  assert.is(refusal(regions, null), "Choisissez une région de la liste");
});

test("toText(), columns and tags give the région's name", () => {
  assert.is(text(regions, "53"), "Bretagne");
  assert.equal(columns(regions, "93"), { value: "Provence-Alpes-Côte d'Azur", code: "93" });
  assert.equal(tags(regions, "11"), { value: "Île-de-France", code: "11" });
});

test("choices() are the 18 régions and the collectivités d'outre-mer, by name", () => {
  const choices = regions.choices?.(optionsOf(regions)) ?? [];
  assert.is(choices.length, 26);
  assert.is(choices[0], "84"); // Auvergne-Rhône-Alpes
  assert.ok(choices.includes("53"));
});

test.run();
