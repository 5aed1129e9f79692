import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { installFrenchMessages } from "../../../core/rpc/valibot_fr.ts";

installFrenchMessages();

function message(schema: v.GenericSchema, input: unknown): string {
  const result = v.safeParse(schema, input);
  if (result.success) throw new Error("Expected the input to be refused");
  return result.issues[0].message;
}

const fr = suite("installFrenchMessages");

fr("a wrong type names what was expected, in French", () => {
  assert.is(message(v.string(), 42), "Cette valeur doit être un texte.");
  // The field's path is not known yet when valibot builds the message: the API adds it
  // in `data.fields` (see tests/integration/api/malformed_input_test.ts).
  assert.is(
    message(v.object({ age: v.number() }), { age: "12" }),
    "Cette valeur doit être un nombre.",
  );
  assert.is(message(v.boolean(), "oui"), "Cette valeur doit être vrai ou faux.");
  assert.is(message(v.array(v.string()), "a"), "Cette valeur doit être une liste.");
});

fr("a missing field is said to be mandatory, naming it", () => {
  assert.is(message(v.object({ nom: v.string() }), {}), "Ce champ est obligatoire (nom).");
  assert.match(
    message(v.object({ adresse: v.object({ ville: v.string() }) }), { adresse: {} }),
    /^Ce champ est obligatoire \(.*ville\)\.$/,
  );
  assert.is(
    message(v.object({ adresse: v.object({ ville: v.string() }) }), {}),
    "Ce champ est obligatoire (adresse).",
  );
});

fr("something that is not an object at all is called malformed", () => {
  assert.is(
    message(v.object({ nom: v.string() }), "texte"),
    "Les données envoyées sont incomplètes ou mal formées.",
  );
  assert.is(
    message(v.strictObject({ nom: v.string() }), { nom: "a", extra: 1 }),
    "Les données envoyées sont incomplètes ou mal formées (extra).",
  );
});

fr("lengths and bounds give the limit", () => {
  assert.is(
    message(v.pipe(v.string(), v.minLength(3)), "ab"),
    "Ce champ doit contenir au moins 3 caractères.",
  );
  assert.is(
    message(v.pipe(v.string(), v.minLength(1)), ""),
    "Ce champ doit contenir au moins 1 caractère.",
  );
  assert.is(
    message(v.pipe(v.string(), v.maxLength(5)), "abcdef"),
    "Ce champ ne doit pas dépasser 5 caractères.",
  );
  assert.is(message(v.pipe(v.number(), v.minValue(1)), 0), "La valeur doit être au moins 1.");
  assert.is(message(v.pipe(v.number(), v.maxValue(9)), 10), "La valeur ne doit pas dépasser 9.");
  assert.is(message(v.pipe(v.number(), v.integer()), 1.5), "La valeur doit être un nombre entier.");
});

fr("e-mails and lists of choices", () => {
  assert.is(message(v.pipe(v.string(), v.email()), "moi"), "Indiquez une adresse e-mail valide.");
  assert.is(message(v.picklist(["a", "b"]), "c"), "Cette valeur n’est pas dans la liste proposée.");
});

fr("anything else still gets a French message, never valibot's English", () => {
  for (
    const [schema, input] of [
      [v.pipe(v.string(), v.regex(/^\d+$/)), "abc"],
      [v.pipe(v.string(), v.url()), "x"],
      [v.literal("oui"), "non"],
      [v.union([v.string(), v.number()]), true],
      [v.pipe(v.string(), v.nonEmpty()), ""],
    ] as [v.GenericSchema, unknown][]
  ) {
    const m = message(schema, input);
    assert.not.match(m, /Invalid|Expected|Received/);
    assert.match(m, /valide|Valeur|vide|doit/);
  }
});

fr("a schema's own message wins over the fallback", () => {
  assert.is(message(v.string("Indiquez votre nom."), 1), "Indiquez votre nom.");
});

fr("installing twice changes nothing", () => {
  installFrenchMessages();
  assert.is(message(v.string(), 1), "Cette valeur doit être un texte.");
});

fr.run();
