import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { checkbox, yesNo } from "../../../../plugins/champs_standard/booleans.ts";
import { accepted, empty, optionsOf, refusal, text } from "./_support.ts";

const box = suite("checkbox");

box("options parse from {}", () => {
  assert.equal(optionsOf(checkbox), {});
});

box("value() accepts a boolean and refuses anything else in French", () => {
  assert.is(accepted(checkbox, true), true);
  assert.is(accepted(checkbox, false), false);
  assert.is(refusal(checkbox, "on"), "Cochez la case ou laissez-la vide");
});

box("isEmpty() counts an unticked box as empty, for mandatory boxes", () => {
  assert.ok(empty(checkbox, false));
  assert.ok(empty(checkbox, null));
  assert.not.ok(empty(checkbox, true));
});

box("toText() says Oui or Non", () => {
  assert.is(text(checkbox, true), "Oui");
  assert.is(text(checkbox, false), "Non");
  assert.equal(checkbox.toColumns?.(true, {}), { value: "Oui" });
  assert.is(checkbox.columnKind, "boolean");
});

box.run();

const yn = suite("yes_no");

yn("value() accepts both answers and refuses others in French", () => {
  assert.is(accepted(yesNo, false), false);
  assert.is(refusal(yesNo, "peut-être"), "Répondez par Oui ou par Non");
});

yn("isEmpty() counts Non as an answer and only null as empty", () => {
  assert.not.ok(empty(yesNo, false));
  assert.ok(empty(yesNo, null));
});

yn("toText() says Oui or Non", () => {
  assert.is(text(yesNo, true), "Oui");
  assert.is(text(yesNo, false), "Non");
  assert.equal(yesNo.tags?.(false, {}), { value: "Non" });
});

yn.run();
