import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { communes } from "../../../../plugins/champs_territoire/communes.ts";
import { accepted, columns, optionsOf, refusal, tags, text } from "./_support.ts";

const BREST = { code: "29019", codePostal: "29200" };

const test = suite("communes");

test("{} options parse", () => {
  assert.equal(optionsOf(communes), {});
});

test("value() stores the commune with its département, région and EPCI", () => {
  assert.equal(accepted(communes, BREST), {
    code: "29019",
    codePostal: "29200",
    departement: "29",
    region: "53",
    epci: "242900314",
  });
});

test("value() fills the postal code of a commune that has only one", () => {
  assert.is(accepted(communes, { code: "29019" }).codePostal, "29200");
});

test("value() takes the département and région from the reference, not from the input", () => {
  const stored = accepted(communes, { ...BREST, departement: "75", region: "11" });
  assert.is(stored.departement, "29");
  assert.is(stored.region, "53");
});

test("value() accepts its own stored form again", () => {
  const stored = accepted(communes, { code: "2A004", codePostal: "20090" });
  assert.equal(accepted(communes, stored), stored);
  assert.is(stored.departement, "2A");
  assert.is(stored.region, "94");
});

test("value() refuses an unknown code, or no code, asking to pick from the list", () => {
  assert.is(
    refusal(communes, { code: "29999", codePostal: "29200" }),
    "Choisissez une commune de la liste",
  );
  assert.is(refusal(communes, { codePostal: "29200" }), "Choisissez une commune de la liste");
  assert.is(refusal(communes, "Brest"), "Choisissez une commune de la liste");
});

test("value() refuses a commune déléguée or an arrondissement: only current communes", () => {
  // Esquibien is a commune déléguée of Audierne; 13201 is Marseille's 1st arrondissement.
  assert.is(refusal(communes, { code: "29052" }), "Choisissez une commune de la liste");
  assert.is(refusal(communes, { code: "13201" }), "Choisissez une commune de la liste");
});

test("value() refuses a postal code that is not the commune's, naming the right one", () => {
  assert.is(
    refusal(communes, { code: "29019", codePostal: "29000" }),
    "Le code postal 29000 n’est pas celui de Brest : choisissez 29200",
  );
});

test("value() asks which postal code when the commune has several", () => {
  assert.is(
    refusal(communes, { code: "75056" }),
    "Précisez le code postal de Paris : choisissez un des codes postaux de Paris dans la liste",
  );
  assert.is(accepted(communes, { code: "75056", codePostal: "75015" }).codePostal, "75015");
});

test("value() stores no postal code for a commune La Poste does not serve", () => {
  const kerguelen = accepted(communes, { code: "98412" });
  assert.is(kerguelen.codePostal, null);
  assert.is(text(communes, kerguelen), "Archipel des Kerguelen");
});

test("toText() gives the name and postal code", () => {
  assert.is(text(communes, accepted(communes, BREST)), "Brest (29200)");
});

test("toColumns() gives name, code INSEE, postal code and département", () => {
  assert.equal(columns(communes, accepted(communes, BREST)), {
    value: "Brest",
    code: "29019",
    codePostal: "29200",
    departement: "29",
  });
});

test("tags() give the sub-values a template may print", () => {
  assert.equal(tags(communes, accepted(communes, BREST)), {
    value: "Brest (29200)",
    code: "29019",
    codePostal: "29200",
    departement: "Finistère (29)",
    region: "Bretagne",
  });
});

test("is an enum condition source without choices, in the localisation category", () => {
  assert.is(communes.conditionSource, "enum");
  assert.is(communes.choices, undefined);
  assert.is(communes.columnKind, "enum");
  assert.is(communes.category, "localisation");
});

test.run();
