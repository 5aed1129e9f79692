import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { civilite, email, phone } from "../../../../plugins/champs_standard/identity.ts";
import { formatPhone, normalizePhone } from "../../../../plugins/champs_standard/_phone.ts";
import { accepted, empty, optionsOf, refusal, text } from "./_support.ts";

const civ = suite("civilite");

civ("value() accepts Madame or Monsieur, trimmed", () => {
  assert.equal(optionsOf(civilite), {});
  assert.is(accepted(civilite, " Madame "), "Madame");
  assert.is(accepted(civilite, "Monsieur"), "Monsieur");
});

civ("value() refuses anything else with a French message", () => {
  assert.is(refusal(civilite, "Mx"), "Choisissez Madame ou Monsieur");
  assert.is(refusal(civilite, 1), "Choisissez Madame ou Monsieur");
});

civ("toText() gives the civilité; it offers both as choices", () => {
  assert.is(text(civilite, "Madame"), "Madame");
  assert.equal(civilite.choices?.({}), ["Madame", "Monsieur"]);
  assert.ok(empty(civilite, null));
});

civ.run();

const mail = suite("email");

mail("value() trims and lower-cases the domain only", () => {
  assert.is(accepted(email, "  Camille.Martin@Exemple.FR "), "Camille.Martin@exemple.fr");
});

mail("value() refuses a malformed address with an example", () => {
  const message = "Indiquez une adresse électronique valide, par exemple camille@exemple.fr";
  assert.is(refusal(email, "camille@"), message);
  assert.is(refusal(email, "camille exemple.fr"), message);
  assert.is(refusal(email, null), message);
});

mail("value() refuses an address over 254 characters, once", () => {
  assert.is(
    refusal(email, `${"a".repeat(250)}@exemple.fr`),
    "L’adresse électronique ne doit pas dépasser 254 caractères",
  );
});

mail("toText() and isEmpty() use the address as is", () => {
  assert.is(text(email, "a@b.fr"), "a@b.fr");
  assert.ok(empty(email, ""));
});

mail.run();

const tel = suite("phone");

tel("normalizePhone() reads French numbers however written", () => {
  for (
    const typed of [
      "06 12 34 56 78",
      "0612345678",
      "06.12.34.56.78",
      "06-12-34-56-78",
      "+33 6 12 34 56 78",
      "+33 (0)6 12 34 56 78",
      "+33612345678",
      "0033 6 12 34 56 78",
    ]
  ) {
    assert.is(normalizePhone(typed), "+33612345678", typed);
  }
});

tel("normalizePhone() keeps international numbers in E.164", () => {
  assert.is(normalizePhone("+44 20 7946 0958"), "+442079460958");
  assert.is(normalizePhone("0049 30 1234567"), "+49301234567");
});

tel("normalizePhone() refuses what is not a number we know", () => {
  for (const typed of ["0612", "06123456789", "+33 0 6", "+0 123456789", "abc", "+1234"]) {
    assert.is(normalizePhone(typed), null, typed);
  }
});

tel("value() stores the E.164 form", () => {
  assert.is(accepted(phone, " 01 23 45 67 89 "), "+33123456789");
  assert.is(accepted(phone, "+1 (415) 555-0100"), "+14155550100");
});

tel("value() refuses a short French number saying it needs 10 digits", () => {
  assert.is(
    refusal(phone, "06 12 34"),
    "Un numéro français comporte 10 chiffres, par exemple 06 12 34 56 78",
  );
});

tel("value() refuses text with French and international examples", () => {
  assert.is(
    refusal(phone, "mon portable"),
    "Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78",
  );
});

tel("toText() shows French numbers nationally, others in E.164", () => {
  assert.is(formatPhone("+33612345678"), "06 12 34 56 78");
  assert.is(text(phone, "+33612345678"), "06 12 34 56 78");
  assert.is(text(phone, "+442079460958"), "+442079460958");
  assert.equal(phone.toColumns?.("+33612345678", {}), { value: "06 12 34 56 78" });
});

tel.run();
