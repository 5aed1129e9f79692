import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { text, textarea } from "../../../../plugins/champs_standard/text.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal } from "./_support.ts";

const short = suite("text");

short("value() trims and folds line breaks into spaces", () => {
  assert.is(accepted(text, "  Jeanne \r\n Martin  "), "Jeanne Martin");
});

short("value() refuses a non-string with a French message", () => {
  assert.is(refusal(text, 12), "Saisissez un texte");
});

short("isEmpty() counts blank text as empty", () => {
  assert.ok(empty(text, null));
  assert.ok(empty(text, "   "));
  assert.not.ok(empty(text, "a"));
});

short("toText(), toColumns() and tags() render the text as typed", () => {
  assert.is(text.toText("Bonjour", {}), "Bonjour");
  assert.equal(text.toColumns?.("Bonjour", {}), { value: "Bonjour" });
  assert.equal(text.tags?.("Bonjour", {}), { value: "Bonjour" });
  assert.is(text.columnKind, "text");
});

short.run();

const long = suite("textarea");

long("options default to no length limit and refuse a limit below 1", () => {
  assert.equal(optionsOf(textarea), {});
  assert.is(
    optionsRefusal(textarea, { maxLength: 0 }),
    "La longueur maximale doit être d’au moins 1 caractère",
  );
  assert.is(
    optionsRefusal(textarea, { maxLength: 2.5 }),
    "La longueur maximale doit être un nombre entier",
  );
});

long("value() keeps lines, normalizing Windows line ends and trimming", () => {
  assert.is(accepted(textarea, "\n Ligne 1\r\nLigne 2 \n"), "Ligne 1\nLigne 2");
});

long("value() refuses text over maxLength, saying how long it is", () => {
  assert.is(accepted(textarea, "  abc  ", { maxLength: 3 }), "abc");
  assert.is(
    refusal(textarea, "a".repeat(1200), { maxLength: 1000 }),
    "Le texte ne doit pas dépasser 1\u202f000 caractères (il en compte 1\u202f200) : raccourcissez-le",
  );
});

long("isEmpty() and toText() treat it as free text", () => {
  assert.ok(empty(textarea, "\n \n"));
  assert.is(textarea.toText("a\nb", {}), "a\nb");
});

long.run();
