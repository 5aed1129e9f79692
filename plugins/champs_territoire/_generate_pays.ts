/**
 * Writes `pays.json`, the countries offered by the `pays` champ: ISO 3166-1 alpha-2 codes
 * with their French names, from the ICU data of the JavaScript engine (CLDR). The list is
 * committed rather than computed at run time so that a stored code keeps the same name
 * whatever the runtime's ICU version.
 *
 * Run: `deno run plugins/champs_territoire/_generate_pays.ts > plugins/champs_territoire/pays.json && deno fmt plugins/champs_territoire/pays.json`
 */
const names = new Intl.DisplayNames(["fr"], { type: "region", fallback: "none" });
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
// CLDR also names exceptionally reserved and private-use codes that are not countries
// (Union européenne, Canaries…). Kosovo (XK, user-assigned) stays: French administrations
// list it as a country (INSEE's code officiel géographique).
const NOT_COUNTRIES = new Set([
  "AC",
  "CP",
  "DG",
  "EA",
  "IC",
  "TA",
  "EU",
  "EZ",
  "UN",
  "QO",
  "XA",
  "XB",
  "ZZ",
]);

const pays: [string, string][] = [];
for (const first of LETTERS) {
  for (const second of LETTERS) {
    const code = first + second;
    const nom = names.of(code);
    if (!nom || nom === code || NOT_COUNTRIES.has(code)) continue;
    // Withdrawn codes (BU, DD, YU…) are aliases of current ones: keep only the current.
    if (new Intl.Locale(Intl.getCanonicalLocales(`und-${code}`)[0]).region !== code) continue;
    pays.push([code, nom]);
  }
}
const collator = new Intl.Collator("fr");
pays.sort((a, b) => collator.compare(a[1], b[1]));
console.log(JSON.stringify(pays));
