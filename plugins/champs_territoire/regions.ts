/** `regions`: a région (or collectivité d'outre-mer), stored as its INSEE code (`53`). */
import { champType, codeIn, noOptions } from "./_helpers.ts";
import { regions as reference } from "./_reference.ts";

const nom = (code: string) => reference().byCode.get(code)?.nom ?? code;

export const regions = champType({
  type: "regions",
  label: "Régions",
  category: "localisation",
  options: noOptions,
  value: () => codeIn((code) => reference().byCode.has(code), "Choisissez une région de la liste"),
  toText: (value) => nom(value),
  toColumns: (value) => ({ value: nom(value), code: value }),
  tags: (value) => ({ value: nom(value), code: value }),
  columnKind: "enum",
  conditionSource: "enum",
  choices: () => reference().list.map((r) => r.code),
});
