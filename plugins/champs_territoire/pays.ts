/** `pays`: a country, stored as its ISO 3166-1 alpha-2 code (`FR`). */
import { champType, codeIn, noOptions } from "./_helpers.ts";
import { pays as reference } from "./_reference.ts";

const nom = (code: string) => reference().byCode.get(code)?.nom ?? code;

export const pays = champType({
  type: "pays",
  label: "Pays",
  category: "localisation",
  options: noOptions,
  value: () => codeIn((code) => reference().byCode.has(code), "Choisissez un pays de la liste"),
  toText: (value) => nom(value),
  toColumns: (value) => ({ value: nom(value), code: value }),
  tags: (value) => ({ value: nom(value), code: value }),
  columnKind: "enum",
  conditionSource: "enum",
  choices: () => reference().list.map((p) => p.code),
});
