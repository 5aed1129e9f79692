/**
 * `departements`: a département (or collectivité d'outre-mer), stored as its code (`29`,
 * `2A`, `974`).
 *
 * The stored value stays a plain code so that « le département est le Finistère » is a
 * plain `eq` on the champ, checked against `choices`. « Dans la région » has no sub-value
 * here: a condition lists the région's départements (`or` of `eq`), at most 13.
 */
import { champType, codeIn, noOptions } from "./_helpers.ts";
import { departements as reference } from "./_reference.ts";

const nom = (code: string) => reference().byCode.get(code)?.nom ?? code;

/** `Finistère`, `Guadeloupe`: the département's name alone. */
export const departementNom = nom;

/** `Finistère (29)`. */
export function departementText(code: string): string {
  return `${nom(code)} (${code})`;
}

export const departements = champType({
  type: "departements",
  label: "Départements",
  category: "localisation",
  options: noOptions,
  value: () =>
    codeIn((code) => reference().byCode.has(code), "Choisissez un département de la liste"),
  toText: (value) => departementText(value),
  toColumns: (value) => ({ value: nom(value), code: value }),
  tags: (value) => ({ value: departementText(value), code: value }),
  columnKind: "enum",
  conditionSource: "enum",
  choices: () => reference().list.map((d) => d.code),
});
