import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  MAX_RESULTS,
  searchCommunes,
  searchDepartements,
  searchEpci,
  searchPays,
  searchRegions,
} from "../../../../plugins/champs_territoire/search.ts";
import { communes } from "../../../../plugins/champs_territoire/communes.ts";
import { accepted } from "./_support.ts";

const labels = (results: readonly { label: string }[]) => results.map((r) => r.label);

const communeSearch = suite("searchCommunes");

communeSearch("finds a name typed without accents, hyphens or capitals", () => {
  assert.equal(labels(searchCommunes("saint etienne", 3)), [
    "Saint-Étienne (42000)",
    "Saint-Étienne (42100)",
    "Saint-Étienne (42230)",
  ]);
  assert.is(searchCommunes("SAINT-ÉTIENNE", 1)[0].code, "42218");
});

communeSearch("ignores apostrophes, diaereses and ligatures", () => {
  assert.is(searchCommunes("l hay les roses", 1)[0].nom, "L'Haÿ-les-Roses");
  assert.is(searchCommunes("oeuilly", 1)[0].nom, "Œuilly");
});

communeSearch("reads « st » as « saint »", () => {
  assert.is(searchCommunes("st etienne", 1)[0].code, "42218");
});

communeSearch("ranks the same name first, then names beginning with it, then words", () => {
  assert.equal(labels(searchCommunes("brest")), [
    "Brest (29200)",
    "Brestot (27350)",
    "Esboz-Brest (70300)",
  ]);
});

communeSearch("ranks equal matches by population", () => {
  const found = searchCommunes("saint", 12).map((r) => `${r.nom} ${r.departement}`);
  assert.equal([...new Set(found)], [
    "Saint-Étienne 42",
    "Saint-Denis 974",
    "Saint-Denis 93",
    "Saint-Paul 974",
  ]);
});

communeSearch("finds a commune by postal code", () => {
  assert.equal(searchCommunes("29200"), [{
    code: "29019",
    nom: "Brest",
    codePostal: "29200",
    departement: "29",
    region: "53",
    label: "Brest (29200)",
    detail: "Finistère",
  }]);
});

communeSearch("communes of the same name are told apart by their département", () => {
  const found = searchCommunes("Port-Louis").filter((c) => c.nom === "Port-Louis");
  assert.equal(
    found.map((c) => `${c.label} — ${c.detail}`).sort(),
    ["Port-Louis (56290) — Morbihan", "Port-Louis (97117) — Guadeloupe"],
  );
});

communeSearch("finds the communes of a département by its code, most populous first", () => {
  const found = searchCommunes("29", 3);
  assert.equal(labels(found), ["Brest (29200)", "Quimper (29000)", "Concarneau (29900)"]);
  assert.ok(found.every((r) => r.departement === "29"));
});

communeSearch("offers one result per postal code, only those the query names", () => {
  assert.equal(labels(searchCommunes("marseille 13008")), ["Marseille (13008)"]);
  assert.is(searchCommunes("paris", 30).filter((r) => r.nom === "Paris").length, 21);
});

communeSearch("finds a commune by code INSEE, Corsican ones too", () => {
  assert.equal(labels(searchCommunes("2a004")), [
    "Ajaccio (20000)",
    "Ajaccio (20090)",
    "Ajaccio (20167)",
  ]);
});

communeSearch("finds nothing for an empty query, and honours the limit", () => {
  assert.equal(searchCommunes("  "), []);
  assert.equal(searchCommunes("zzzzqq"), []);
  assert.is(searchCommunes("saint", 5).length, 5);
  assert.is(searchCommunes("saint", 1000).length, MAX_RESULTS);
});

communeSearch("gives results the communes champ accepts as they are", () => {
  const [result] = searchCommunes("29200");
  assert.is(accepted(communes, result).departement, "29");
});

communeSearch.run();

const others = suite("searchDepartements, searchRegions, searchPays, searchEpci");

others("searchDepartements() finds by code or by name", () => {
  assert.equal(searchDepartements("29"), [{
    code: "29",
    nom: "Finistère",
    region: "53",
    label: "Finistère (29)",
  }]);
  assert.equal(labels(searchDepartements("2a")), ["Corse-du-Sud (2A)"]);
  assert.equal(labels(searchDepartements("finis")), ["Finistère (29)"]);
  assert.equal(labels(searchDepartements("cotes d armor")), ["Côtes-d'Armor (22)"]);
});

others("searchDepartements() lists them all by code for an empty query", () => {
  const all = searchDepartements("", 200);
  assert.is(all.length, MAX_RESULTS);
  assert.equal(all.slice(0, 2).map((d) => d.code), ["01", "02"]);
});

others("searchRegions() finds by name without accents", () => {
  assert.equal(labels(searchRegions("ile de france")), ["Île-de-France"]);
  assert.equal(labels(searchRegions("bre")), ["Bretagne"]);
});

others("searchPays() finds by French name or ISO code", () => {
  assert.equal(labels(searchPays("allem")), ["Allemagne"]);
  assert.is(searchPays("fr")[0].label, "France");
  assert.is(searchPays("be")[0].code, "BE");
  assert.is(searchPays("etats unis")[0].label, "États-Unis");
});

others("searchEpci() finds by name or SIREN, with the départements covered", () => {
  assert.equal(searchEpci("brest metropole"), [{
    code: "242900314",
    nom: "Brest Métropole",
    departements: ["29"],
    label: "Brest Métropole",
  }]);
  assert.is(searchEpci("242900314")[0].nom, "Brest Métropole");
  assert.is(searchEpci("metropole lyon")[0].nom, "Métropole de Lyon");
});

others.run();
