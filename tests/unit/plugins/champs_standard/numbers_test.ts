import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  decimalNumber,
  integerNumber,
  parseFrenchNumber,
} from "../../../../plugins/champs_standard/numbers.ts";
import { frenchNumber } from "../../../../plugins/champs_standard/_helpers.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal } from "./_support.ts";

const parse = suite("parseFrenchNumber");

parse("reads numbers typed the French way", () => {
  assert.is(parseFrenchNumber("1 234,5"), 1234.5);
  assert.is(parseFrenchNumber("1\u202f234"), 1234);
  assert.is(parseFrenchNumber("-3"), -3);
  assert.is(parseFrenchNumber("0.25"), 0.25);
  assert.is(parseFrenchNumber(7), 7);
});

parse("gives NaN for anything that is not a number", () => {
  assert.ok(Number.isNaN(parseFrenchNumber("douze")));
  assert.ok(Number.isNaN(parseFrenchNumber("1,2,3")));
  assert.ok(Number.isNaN(parseFrenchNumber("")));
});

parse.run();

const writing = suite("frenchNumber");

writing("whole numbers under a thousand written as digits say what Intl says", () => {
  const intl = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 10 });
  for (const n of [-0, 0, 1, 7, 42, 999, 1000, 1234.5, -3, 0.5, 1e21]) {
    assert.is(frenchNumber(n), intl.format(n), String(n));
  }
});

writing.run();

const integer = suite("integer_number");

integer("options default to no bounds, not positive only", () => {
  assert.equal(optionsOf(integerNumber), { positive: false });
});

integer("options refuse a minimum above the maximum", () => {
  assert.is(
    optionsRefusal(integerNumber, { min: 10, max: 1 }),
    "Le minimum doit être inférieur ou égal au maximum",
  );
});

integer("value() accepts numbers and typed strings, stored as numbers", () => {
  assert.is(accepted(integerNumber, 42), 42);
  assert.is(accepted(integerNumber, " 1 234 "), 1234);
});

integer("value() refuses a decimal with a French message", () => {
  assert.is(refusal(integerNumber, "12,5"), "Indiquez un nombre entier, sans virgule");
});

integer("value() refuses text that is not a number, once", () => {
  assert.is(refusal(integerNumber, "douze"), "Indiquez un nombre entier, par exemple 1234");
  assert.is(refusal(integerNumber, true), "Indiquez un nombre");
});

integer("value() refuses numbers beyond safe integers", () => {
  assert.is(refusal(integerNumber, 2 ** 60), "Ce nombre est trop grand");
});

integer("value() enforces min, max and positive, naming the accepted range", () => {
  const range = { min: 1, max: 10 };
  assert.is(accepted(integerNumber, 10, range), 10);
  assert.is(refusal(integerNumber, 11, range), "Indiquez un nombre compris entre 1 et 10");
  assert.is(refusal(integerNumber, 0, { min: 1 }), "Indiquez un nombre supérieur ou égal à 1");
  assert.is(
    refusal(integerNumber, 5000, { max: 1000 }),
    "Indiquez un nombre inférieur ou égal à 1\u202f000",
  );
  assert.is(refusal(integerNumber, -1, { positive: true }), "Indiquez un nombre positif ou nul");
  assert.is(accepted(integerNumber, 0, { positive: true }), 0);
  assert.is(
    refusal(integerNumber, -1, { positive: true, max: 5 }),
    "Indiquez un nombre compris entre 0 et 5",
  );
});

integer("toText() formats in French; columns keep the number", () => {
  assert.is(integerNumber.toText(1234567, optionsOf(integerNumber)), "1\u202f234\u202f567");
  assert.equal(integerNumber.toColumns?.(1234, optionsOf(integerNumber)), { value: 1234 });
  assert.equal(integerNumber.tags?.(1234, optionsOf(integerNumber)), { value: "1\u202f234" });
  assert.is(integerNumber.columnKind, "number");
});

integer("isEmpty() counts zero as an answer", () => {
  assert.not.ok(empty(integerNumber, 0));
  assert.ok(empty(integerNumber, null));
});

integer.run();

const decimal = suite("decimal_number");

decimal("value() accepts a comma or a dot", () => {
  assert.is(accepted(decimalNumber, "12,5"), 12.5);
  assert.is(accepted(decimalNumber, "12.5"), 12.5);
  assert.is(accepted(decimalNumber, -0.75), -0.75);
});

decimal("value() refuses text with an example", () => {
  assert.is(refusal(decimalNumber, "abc"), "Indiquez un nombre, par exemple 12,5");
  assert.is(refusal(decimalNumber, "1,5", { min: 2 }), "Indiquez un nombre supérieur ou égal à 2");
});

decimal("toText() writes a decimal comma", () => {
  assert.is(decimalNumber.toText(1234.5, optionsOf(decimalNumber)), "1\u202f234,5");
  assert.is(decimalNumber.toText(0.125, optionsOf(decimalNumber)), "0,125");
});

decimal.run();
