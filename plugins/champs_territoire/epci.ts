/**
 * `epci`: an intercommunalité à fiscalité propre (communauté de communes, d'agglomération,
 * urbaine, métropole), stored as `{ code, departement, region }` with its SIREN as code.
 *
 * An EPCI may straddle départements: the person may say which one they mean (as in
 * démarches-simplifiées, where the département is picked first); by default it is the
 * one where most of its inhabitants live. Conditions and routing read `.departement` and
 * `.region`, as for communes.
 */
import * as v from "valibot";
import { champType, noOptions } from "./_helpers.ts";
import { epci as reference, regionOfDepartement, regions } from "./_reference.ts";
import { departementText } from "./departements.ts";

const CHOOSE = "Choisissez un EPCI de la liste";

const input = v.object({
  code: v.string(CHOOSE),
  departement: v.optional(v.nullable(v.string("Le département doit être un texte")), null),
}, CHOOSE);

const value = v.pipe(
  input,
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const epci = reference().byCode.get(dataset.value.code.trim());
    if (!epci) {
      addIssue({ message: CHOOSE });
      return NEVER;
    }
    const given = dataset.value.departement?.trim().toUpperCase() || null;
    if (given !== null && !epci.departements.includes(given)) {
      addIssue({
        message: `L’EPCI « ${epci.nom} » ne s’étend pas sur le département ${given} : choisissez ${
          epci.departements.map(departementText).join(" ou ")
        }`,
      });
      return NEVER;
    }
    const departement = given ?? epci.departements[0];
    return { code: epci.code, departement, region: regionOfDepartement(departement) };
  }),
);

export type EpciValue = v.InferOutput<typeof value>;

const nom = (code: string) => reference().byCode.get(code)?.nom ?? code;

export const epci = champType({
  type: "epci",
  label: "EPCI",
  category: "localisation",
  options: noOptions,
  value: () => value,
  toText: (value) => nom(value.code),
  toColumns: (value) => ({
    value: nom(value.code),
    code: value.code,
    departement: value.departement,
  }),
  tags: (value) => ({
    value: nom(value.code),
    code: value.code,
    departement: departementText(value.departement),
    region: regions().byCode.get(value.region)?.nom ?? value.region,
  }),
  columnKind: "enum",
  // No `choices`: 1,250 EPCI. Conditions and routing read `.departement` / `.region`.
  conditionSource: "enum",
});
