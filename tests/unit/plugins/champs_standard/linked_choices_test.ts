import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { linkedDropDownList } from "../../../../plugins/champs_standard/linked_choices.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal, text } from "./_support.ts";

const LISTS = {
  choices: [
    { primary: "Fruits", secondary: ["Pomme", "Poire"] },
    { primary: "Légumes", secondary: ["Poireau"] },
    { primary: "Autre" },
  ],
};

const linked = suite("linked_drop_down_list");

linked("{} options parse to no choices; secondary lists default to empty", () => {
  assert.equal(optionsOf(linkedDropDownList), { choices: [] });
  assert.equal(optionsOf(linkedDropDownList, LISTS).choices[2], {
    primary: "Autre",
    secondary: [],
  });
});

linked("options refuse a primary option given twice", () => {
  assert.is(
    optionsRefusal(linkedDropDownList, { choices: [{ primary: "A" }, { primary: "A " }] }),
    "Les options de la première liste doivent être différentes",
  );
  assert.is(
    optionsRefusal(linkedDropDownList, { choices: [{ primary: "A", secondary: ["x", "x"] }] }),
    "Les options de la seconde liste doivent être différentes : « x » apparaît plusieurs fois",
  );
});

linked("value() accepts a primary and one of its secondaries, trimmed", () => {
  assert.equal(accepted(linkedDropDownList, { primary: " Fruits", secondary: "Poire " }, LISTS), {
    primary: "Fruits",
    secondary: "Poire",
  });
});

linked("value() accepts a primary without secondaries alone", () => {
  assert.equal(accepted(linkedDropDownList, { primary: "Autre" }, LISTS), {
    primary: "Autre",
    secondary: "",
  });
});

linked("value() refuses an unknown primary", () => {
  assert.is(
    refusal(linkedDropDownList, { primary: "Viandes", secondary: "Boeuf" }, LISTS),
    "Choisissez une des options proposées dans la première liste",
  );
});

linked("value() refuses a secondary of another primary", () => {
  assert.is(
    refusal(linkedDropDownList, { primary: "Légumes", secondary: "Pomme" }, LISTS),
    "Choisissez une des options proposées pour « Légumes » dans la seconde liste",
  );
});

linked("value() asks for the secondary when the primary has some", () => {
  assert.is(
    refusal(linkedDropDownList, { primary: "Fruits" }, LISTS),
    "Choisissez aussi une option pour « Fruits »",
  );
  assert.is(
    refusal(linkedDropDownList, { primary: "Autre", secondary: "x" }, LISTS),
    "Aucun second choix n’est prévu pour « Autre »",
  );
  assert.is(
    refusal(linkedDropDownList, "Fruits", LISTS),
    "Choisissez une option dans chacune des deux listes",
  );
});

linked("isEmpty() counts a missing primary as empty", () => {
  assert.ok(empty(linkedDropDownList, null));
  assert.ok(empty(linkedDropDownList, { primary: "", secondary: "" }));
  assert.not.ok(empty(linkedDropDownList, { primary: "Autre", secondary: "" }));
});

linked("toText(), two export columns and three tags", () => {
  const value = { primary: "Fruits", secondary: "Pomme" };
  const options = optionsOf(linkedDropDownList, LISTS);
  assert.is(text(linkedDropDownList, value, LISTS), "Fruits / Pomme");
  assert.is(text(linkedDropDownList, { primary: "Autre", secondary: "" }, LISTS), "Autre");
  assert.equal(linkedDropDownList.toColumns?.(value, options), {
    primary: "Fruits",
    secondary: "Pomme",
  });
  assert.equal(
    linkedDropDownList.toColumns?.({ primary: "Autre", secondary: "" }, options),
    { primary: "Autre", secondary: null },
  );
  assert.equal(linkedDropDownList.tags?.(value, options), {
    value: "Fruits / Pomme",
    primary: "Fruits",
    secondary: "Pomme",
  });
});

linked.run();
