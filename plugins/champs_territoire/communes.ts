/**
 * `communes`: a commune and the postal code chosen among its own, stored as
 * `{ code, codePostal, departement, region, epci }`.
 *
 * The person picks a commune and a postal code; the département, région and EPCI are
 * filled from the reference data and stored with them, because conditions read sub-values
 * from the stored object: `{ op: "eq", champ: "<id>.departement", value: "29" }` is
 * « la commune est dans le Finistère », `.region` « dans la région ».
 */
import * as v from "valibot";
import { champType, noOptions } from "./_helpers.ts";
import { type Commune, communes as reference, regions } from "./_reference.ts";
import { departementText } from "./departements.ts";

const CHOOSE = "Choisissez une commune de la liste";

/** `29200`, `29200 ou 29280`, `75001, 75002 ou 75003` (a few), for messages. */
function postalList(commune: Commune): string {
  const codes = commune.codesPostaux;
  return codes.length === 1 ? codes[0] : `${codes.slice(0, -1).join(", ")} ou ${codes.at(-1)}`;
}

/** What to do when the postal code is missing or is not one of the commune's. */
function postalProblem(commune: Commune, given: string | null): string {
  const many = commune.codesPostaux.length > 1;
  const choose = commune.codesPostaux.length > 4
    ? `choisissez un des codes postaux de ${commune.nom} dans la liste`
    : `choisissez ${postalList(commune)}`;
  if (given === null) return `Précisez le code postal de ${commune.nom} : ${choose}`;
  return `Le code postal ${given} n’est pas ${
    many ? "un de ceux" : "celui"
  } de ${commune.nom} : ${choose}`;
}

const input = v.object({
  code: v.string(CHOOSE),
  codePostal: v.optional(v.nullable(v.string("Le code postal doit être un texte")), null),
}, CHOOSE);

/** Stored value: the commune's code INSEE and chosen postal code, with where it lies. */
const value = v.pipe(
  input,
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const commune = reference().byCode.get(dataset.value.code.trim().toUpperCase());
    if (!commune) {
      addIssue({ message: CHOOSE });
      return NEVER;
    }
    const given = dataset.value.codePostal?.trim() || null;
    const codes = commune.codesPostaux;
    if (codes.length === 0 && given !== null) {
      addIssue({ message: `${commune.nom} n’a pas de code postal : laissez-le vide` });
      return NEVER;
    }
    // A commune with one postal code needs no choice.
    if (codes.length > 0 && (given === null ? codes.length > 1 : !codes.includes(given))) {
      addIssue({ message: postalProblem(commune, given) });
      return NEVER;
    }
    const codePostal = given ?? codes[0] ?? null;
    return {
      code: commune.code,
      codePostal,
      departement: commune.departement,
      region: commune.region,
      epci: commune.epci,
    };
  }),
);

export type CommuneValue = v.InferOutput<typeof value>;

const nom = (code: string) => reference().byCode.get(code)?.nom ?? code;

/** `Brest (29200)`, or the name alone for a commune without postal code. */
export function communeText(value: CommuneValue): string {
  return value.codePostal ? `${nom(value.code)} (${value.codePostal})` : nom(value.code);
}

export const communes = champType({
  type: "communes",
  label: "Communes",
  category: "localisation",
  options: noOptions,
  value: () => value,
  toText: (value) => communeText(value),
  toColumns: (value) => ({
    value: nom(value.code),
    code: value.code,
    codePostal: value.codePostal,
    departement: value.departement,
  }),
  tags: (value) => ({
    value: communeText(value),
    code: value.code,
    codePostal: value.codePostal ?? "",
    departement: departementText(value.departement),
    region: regions().byCode.get(value.region)?.nom ?? value.region,
  }),
  columnKind: "enum",
  // No `choices`: 35,000 communes. Conditions and routing read `.departement` / `.region`.
  conditionSource: "enum",
});
