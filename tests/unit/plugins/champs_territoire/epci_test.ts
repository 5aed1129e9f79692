import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { epci } from "../../../../plugins/champs_territoire/epci.ts";
import { epci as reference } from "../../../../plugins/champs_territoire/_reference.ts";
import { accepted, columns, optionsOf, refusal, tags, text } from "./_support.ts";

const BREST_METROPOLE = "242900314";

/** An EPCI over two départements or more (there are some in every release of the data). */
function findStraddling() {
  const found = reference().list.find((e) => e.departements.length > 1);
  if (!found) throw new Error("No EPCI straddles départements in the reference data");
  return found;
}

const test = suite("epci");

test("{} options parse", () => {
  assert.equal(optionsOf(epci), {});
});

test("value() stores the SIREN with its département and région", () => {
  assert.equal(accepted(epci, { code: BREST_METROPOLE }), {
    code: BREST_METROPOLE,
    departement: "29",
    region: "53",
  });
});

test("value() keeps the département chosen among those an EPCI covers", () => {
  const straddling = findStraddling();
  const second = straddling.departements[1];
  assert.is(accepted(epci, { code: straddling.code, departement: second }).departement, second);
  assert.is(
    accepted(epci, { code: straddling.code }).departement,
    straddling.departements[0],
  );
});

test("value() refuses a département the EPCI does not cover, naming the right one", () => {
  assert.is(
    refusal(epci, { code: BREST_METROPOLE, departement: "56" }),
    "L’EPCI « Brest Métropole » ne s’étend pas sur le département 56 : choisissez Finistère (29)",
  );
});

test("value() refuses an unknown SIREN, asking to pick from the list", () => {
  assert.is(refusal(epci, { code: "123456789" }), "Choisissez un EPCI de la liste");
  assert.is(refusal(epci, BREST_METROPOLE), "Choisissez un EPCI de la liste");
});

test("toText(), columns and tags give the EPCI's name", () => {
  const value = accepted(epci, { code: BREST_METROPOLE });
  assert.is(text(epci, value), "Brest Métropole");
  assert.equal(columns(epci, value), {
    value: "Brest Métropole",
    code: BREST_METROPOLE,
    departement: "29",
  });
  assert.equal(tags(epci, value), {
    value: "Brest Métropole",
    code: BREST_METROPOLE,
    departement: "Finistère (29)",
    region: "Bretagne",
  });
});

test.run();
