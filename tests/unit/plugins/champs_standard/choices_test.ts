import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { dropDownList, multipleDropDownList } from "../../../../plugins/champs_standard/choices.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal, text } from "./_support.ts";

const CITIES = { choices: ["Paris", "Lyon", "Marseille"] };

const single = suite("drop_down_list");

single("{} options parse to no choices and no autre", () => {
  assert.equal(optionsOf(dropDownList), { choices: [], other: false });
});

single("options trim choices and refuse blanks and duplicates", () => {
  assert.equal(optionsOf(dropDownList, { choices: [" Paris ", "Lyon"] }).choices, [
    "Paris",
    "Lyon",
  ]);
  assert.is(
    optionsRefusal(dropDownList, { choices: ["Paris", " "] }),
    "Une option ne peut pas être vide : supprimez-la ou nommez-la",
  );
  assert.is(
    optionsRefusal(dropDownList, { choices: ["Paris", "Lyon", "Paris "] }),
    "Les options doivent être différentes : « Paris » apparaît plusieurs fois",
  );
});

single("value() accepts one of the choices, trimmed", () => {
  assert.is(accepted(dropDownList, " Lyon ", CITIES), "Lyon");
});

single("value() refuses a value outside the choices", () => {
  assert.is(refusal(dropDownList, "Nice", CITIES), "Choisissez une des options proposées");
  assert.is(refusal(dropDownList, 3, CITIES), "Choisissez une option");
});

single("value() accepts free text when autre is offered", () => {
  const withOther = { ...CITIES, other: true };
  assert.is(accepted(dropDownList, "Nice", withOther), "Nice");
  assert.is(
    refusal(dropDownList, "  ", withOther),
    "Choisissez une des options proposées, ou « Autre » en précisant votre réponse",
  );
});

single("choices(), toText() and isEmpty()", () => {
  assert.equal(dropDownList.choices?.(optionsOf(dropDownList, CITIES)), CITIES.choices);
  assert.is(text(dropDownList, "Lyon", CITIES), "Lyon");
  assert.ok(empty(dropDownList, ""));
  assert.is(dropDownList.columnKind, "enum");
});

single.run();

const multiple = suite("multiple_drop_down_list");

multiple("{} options parse to no choices", () => {
  assert.equal(optionsOf(multipleDropDownList), { choices: [] });
});

multiple("value() keeps each choice once, in the administrator's order", () => {
  assert.equal(accepted(multipleDropDownList, ["Marseille", " Paris", "Paris"], CITIES), [
    "Paris",
    "Marseille",
  ]);
  assert.equal(accepted(multipleDropDownList, [], CITIES), []);
});

multiple("value() refuses a choice that is not offered, naming it", () => {
  assert.is(
    refusal(multipleDropDownList, ["Paris", "Nice"], CITIES),
    "L’option « Nice » ne fait pas partie des choix proposés : décochez-la",
  );
  assert.is(refusal(multipleDropDownList, "Paris", CITIES), "Choisissez une ou plusieurs options");
});

multiple("isEmpty() counts no choice as empty", () => {
  assert.ok(empty(multipleDropDownList, []));
  assert.not.ok(empty(multipleDropDownList, ["Paris"]));
});

multiple("toText() and columns join the choices", () => {
  assert.is(text(multipleDropDownList, ["Paris", "Lyon"], CITIES), "Paris, Lyon");
  assert.equal(
    multipleDropDownList.toColumns?.(["Paris", "Lyon"], optionsOf(multipleDropDownList, CITIES)),
    { value: "Paris, Lyon" },
  );
});

multiple.run();
