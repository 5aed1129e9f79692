import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { iban, siret } from "../../../../plugins/champs_standard/banking.ts";
import { ibanChecksumOk, luhnOk } from "../../../../plugins/champs_standard/_checksums.ts";
import { accepted, empty, optionsOf, refusal, text } from "./_support.ts";

const bank = suite("iban");

bank("ibanChecksumOk() verifies mod-97 for several countries", () => {
  assert.ok(ibanChecksumOk("FR7630006000011234567890189"));
  assert.ok(ibanChecksumOk("DE89370400440532013000"));
  assert.ok(ibanChecksumOk("GB82WEST12345698765432"));
  assert.not.ok(ibanChecksumOk("GB82WEST12345698765433"));
});

bank("value() accepts an IBAN with spaces and lower case, stored compact", () => {
  assert.equal(optionsOf(iban), {});
  assert.is(accepted(iban, " fr76 3000 6000 0112 3456 7890 189 "), "FR7630006000011234567890189");
  assert.is(accepted(iban, "DE89 3704 0044 0532 0130 00"), "DE89370400440532013000");
});

bank("value() refuses a wrong checksum with a French message", () => {
  assert.is(
    refusal(iban, "FR76 3000 6000 0112 3456 7890 188"),
    "La clé de contrôle de l’IBAN est incorrecte : vérifiez le numéro",
  );
});

bank("value() refuses a French IBAN of the wrong length, counting its characters", () => {
  assert.is(
    refusal(iban, "FR76 3000 6000 0112 3456 7890 18"),
    "Un IBAN français comporte 27 caractères (celui-ci en compte 26) : vérifiez le numéro",
  );
});

bank("value() refuses what does not start like an IBAN, with an example", () => {
  assert.is(
    refusal(iban, "3000 6000 0112 3456 7890 189"),
    "L’IBAN doit commencer par le code du pays (2 lettres) et 2 chiffres, " +
      "par exemple FR76 3000 6000 0112 3456 7890 189",
  );
});

bank("toText() groups by four; columns keep the compact form", () => {
  assert.is(text(iban, "FR7630006000011234567890189"), "FR76 3000 6000 0112 3456 7890 189");
  assert.equal(iban.toColumns?.("FR7630006000011234567890189", {}), {
    value: "FR7630006000011234567890189",
  });
  assert.ok(empty(iban, ""));
});

bank.run();

const etab = suite("siret");

etab("luhnOk() verifies the Luhn key", () => {
  assert.ok(luhnOk("73282932000074"));
  assert.not.ok(luhnOk("73282932000075"));
});

etab("value() accepts a SIRET with spaces, stored as 14 digits", () => {
  assert.is(accepted(siret, " 732 829 320 00074 "), "73282932000074");
});

etab("value() refuses a SIRET that is not 14 digits, once", () => {
  assert.is(refusal(siret, "732 829 320"), "Le numéro SIRET doit comporter 14 chiffres");
  assert.is(refusal(siret, "7328293200007A"), "Le numéro SIRET doit comporter 14 chiffres");
});

etab("value() refuses a wrong Luhn key with a French message", () => {
  assert.is(
    refusal(siret, "73282932000075"),
    "Le numéro SIRET est incorrect (sa clé de contrôle ne correspond pas) : vérifiez-le",
  );
});

etab("value() accepts La Poste establishments whose digit sum is a multiple of 5", () => {
  // 3+5+6+4+9+8+3+7 = 45: not a Luhn number, valid for La Poste.
  assert.not.ok(luhnOk("35600000049837"));
  assert.is(accepted(siret, "356 000 000 49837"), "35600000049837");
  assert.is(accepted(siret, "35600000000048"), "35600000000048");
  assert.is(
    refusal(siret, "35600000012345"),
    "Le numéro SIRET est incorrect (sa clé de contrôle ne correspond pas) : vérifiez-le",
  );
});

etab("toText() separates the SIREN from the NIC", () => {
  assert.is(text(siret, "73282932000074"), "732 829 320 00074");
  assert.equal(siret.tags?.("73282932000074", {}), { value: "732 829 320 00074" });
});

etab.run();
