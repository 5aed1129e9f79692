import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { formatted } from "../../../../plugins/champs_standard/formatted.ts";
import { accepted, empty, optionsOf, optionsRefusal, refusal, text } from "./_support.ts";

const REGEX = { mode: "regex", pattern: "[A-Z]{2}-\\d{3}", example: "AB-123" };

const simple = suite("formatted, simple mode");

simple("{} options parse to simple mode accepting every kind of character", () => {
  assert.equal(optionsOf(formatted), {
    mode: "simple",
    letters: true,
    digits: true,
    special: true,
  });
});

simple("options refuse accepting no kind of character", () => {
  assert.is(
    optionsRefusal(formatted, { letters: false, digits: false, special: false }),
    "Acceptez au moins un type de caractères : lettres, chiffres ou caractères spéciaux",
  );
  assert.is(
    optionsRefusal(formatted, { minLength: 5, maxLength: 2 }),
    "La longueur minimale doit être inférieure ou égale à la longueur maximale",
  );
});

simple("value() accepts text of the allowed kinds, trimmed", () => {
  assert.is(accepted(formatted, " AB 12 ", { special: false }), "AB 12");
});

simple("value() refuses letters, digits or special characters when not allowed", () => {
  assert.is(refusal(formatted, "ab1", { letters: false }), "Ce champ n’accepte pas les lettres");
  assert.is(refusal(formatted, "ab1", { digits: false }), "Ce champ n’accepte pas les chiffres");
  assert.is(
    refusal(formatted, "a-b", { special: false }),
    "Ce champ n’accepte pas les caractères spéciaux : seulement lettres et chiffres",
  );
});

simple("value() enforces min and max length, counting characters", () => {
  assert.is(refusal(formatted, "abc", { minLength: 5 }), "Saisissez au moins 5 caractères");
  assert.is(
    refusal(formatted, "abcdef", { maxLength: 4 }),
    "Saisissez au plus 4 caractères (il y en a 6)",
  );
  assert.is(accepted(formatted, "éèà", { maxLength: 3 }), "éèà");
});

simple("isEmpty() counts blank text as empty; toText() gives the value", () => {
  assert.ok(empty(formatted, "  "));
  assert.is(text(formatted, "AB-123"), "AB-123");
});

simple.run();

const regex = suite("formatted, regex mode");

regex("options refuse an invalid regular expression", () => {
  assert.is(
    optionsRefusal(formatted, { ...REGEX, pattern: "[A-Z" }),
    "L’expression régulière [A-Z est invalide ou utilise une construction non prise en " +
      "charge (références arrière comme \\1, assertions comme (?=…)) : corrigez-la",
  );
  for (const unsupported of ["(a)\\1", "(?=a)a", "a(?!b)"]) {
    assert.match(
      optionsRefusal(formatted, { ...REGEX, pattern: unsupported, example: "a" }) ?? "",
      /non prise en charge/,
      unsupported,
    );
  }
  assert.is(
    optionsRefusal(formatted, { mode: "regex", example: "x" }),
    "Indiquez l’expression régulière",
  );
});

regex("options refuse an example the expression does not match", () => {
  assert.is(
    optionsRefusal(formatted, { ...REGEX, example: "AB123" }),
    "L’exemple ne respecte pas l’expression régulière : corrigez l’un ou l’autre",
  );
});

regex("options default the error message to empty", () => {
  assert.equal(optionsOf(formatted, REGEX), { ...REGEX, message: "" });
});

regex("value() accepts only a whole match", () => {
  assert.is(accepted(formatted, " AB-123 ", REGEX), "AB-123");
  assert.is(
    refusal(formatted, "xAB-123", REGEX),
    "La valeur ne respecte pas le format attendu, par exemple AB-123",
  );
});

regex("a pattern that backtracks forever in RegExp answers at once", () => {
  // `^(a+)+$` on « aaa…ab » takes 32 s for 29 characters with RegExp (5,000 would never
  // end); RE2 is linear in the value.
  const options = { mode: "regex", pattern: "(a+)+", example: "aaa" };
  assert.ok(refusal(formatted, `${"a".repeat(5000)}b`, options));
  assert.is(accepted(formatted, "a".repeat(5000), options), "a".repeat(5000));
});

regex("unicode classes work as in the editor's help", () => {
  const options = { mode: "regex", pattern: "\\p{L}+ \\d{2}", example: "Éléonore 12" };
  assert.is(accepted(formatted, "Zoé 07", options), "Zoé 07");
  assert.ok(refusal(formatted, "Zoé 7", options));
});

regex("value() uses the administrator's message when given", () => {
  assert.is(
    refusal(formatted, "12", { ...REGEX, message: "Indiquez une plaque comme AB-123" }),
    "Indiquez une plaque comme AB-123",
  );
});

regex("options refuse an unknown mode", () => {
  assert.is(optionsRefusal(formatted, { mode: "avance" }), "Choisissez un mode");
});

regex.run();
