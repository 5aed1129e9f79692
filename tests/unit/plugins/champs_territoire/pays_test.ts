import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { pays } from "../../../../plugins/champs_territoire/pays.ts";
import { accepted, columns, optionsOf, refusal, tags, text } from "./_support.ts";

const test = suite("pays");

test("{} options parse", () => {
  assert.equal(optionsOf(pays), {});
});

test("value() accepts an ISO 3166-1 alpha-2 code, upper-cased", () => {
  assert.is(accepted(pays, "FR"), "FR");
  assert.is(accepted(pays, "de"), "DE");
  assert.is(accepted(pays, "XK"), "XK");
});

test("value() refuses a code that is not a country, asking to pick from the list", () => {
  assert.is(refusal(pays, "EU"), "Choisissez un pays de la liste");
  assert.is(refusal(pays, "FRA"), "Choisissez un pays de la liste");
  assert.is(refusal(pays, "YU"), "Choisissez un pays de la liste");
});

test("toText(), columns and tags give the French name", () => {
  assert.is(text(pays, "DE"), "Allemagne");
  assert.is(text(pays, "CI"), "Côte d’Ivoire");
  assert.equal(columns(pays, "FR"), { value: "France", code: "FR" });
  assert.equal(tags(pays, "ES"), { value: "Espagne", code: "ES" });
});

test("choices() are the 249 ISO countries and Kosovo", () => {
  const choices = pays.choices?.(optionsOf(pays)) ?? [];
  assert.is(choices.length, 250);
  assert.is(new Set(choices).size, 250);
  assert.ok(choices.every((c) => /^[A-Z]{2}$/.test(c)));
});

test.run();
