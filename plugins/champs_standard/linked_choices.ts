/**
 * Deux menus déroulants liés: a primary list whose choice decides the secondary list.
 * Options are a list of `{ primary, secondary[] }` rather than an object keyed by primary,
 * because JavaScript reorders integer-like keys (`"2024"`) and order matters to people.
 */
import * as v from "valibot";
import { champType, quoted } from "./_helpers.ts";
import { choiceList, firstDuplicate } from "./_choice_list.ts";

const linkedOptions = v.object({
  choices: v.optional(
    v.pipe(
      v.array(
        v.object({
          primary: v.pipe(
            v.string("Chaque option de la première liste doit être un texte"),
            v.trim(),
            v.minLength(1, "Une option de la première liste est vide : supprimez-la ou nommez-la"),
          ),
          secondary: choiceList("Les options de la seconde liste"),
        }, "Chaque option de la première liste doit avoir un nom"),
        "Les options doivent former une liste",
      ),
      v.check(
        (list) => firstDuplicate(list.map((c) => c.primary)) === undefined,
        "Les options de la première liste doivent être différentes",
      ),
    ),
    [],
  ),
});

type LinkedOptions = v.InferOutput<typeof linkedOptions>;

const linkedValueShape = v.object(
  {
    primary: v.pipe(v.string("Choisissez une option dans la première liste"), v.trim()),
    secondary: v.optional(
      v.pipe(v.string("Choisissez une option dans la seconde liste"), v.trim()),
      "",
    ),
  },
  "Choisissez une option dans chacune des deux listes",
);

type LinkedValue = v.InferOutput<typeof linkedValueShape>;

/** What is wrong with a pair given the options, as a French message, or null. */
function linkedProblem({ primary, secondary }: LinkedValue, o: LinkedOptions): string | null {
  const entry = o.choices.find((c) => c.primary === primary);
  if (!entry) return "Choisissez une des options proposées dans la première liste";
  if (entry.secondary.length === 0) {
    return secondary === "" ? null : `Aucun second choix n’est prévu pour ${quoted(primary)}`;
  }
  if (secondary === "") return `Choisissez aussi une option pour ${quoted(primary)}`;
  return entry.secondary.includes(secondary)
    ? null
    : `Choisissez une des options proposées pour ${quoted(primary)} dans la seconde liste`;
}

const pairText = ({ primary, secondary }: LinkedValue) =>
  secondary ? `${primary} / ${secondary}` : primary;

/** Deux menus déroulants liés: value `{ primary, secondary }`, two export columns. */
export const linkedDropDownList = champType({
  type: "linked_drop_down_list",
  label: "Deux menus déroulants liés",
  category: "choix",
  options: linkedOptions,
  value: (options: LinkedOptions) =>
    v.pipe(
      linkedValueShape,
      v.rawCheck(({ dataset, addIssue }) => {
        const problem = dataset.typed ? linkedProblem(dataset.value, options) : null;
        if (problem) addIssue({ message: problem });
      }),
    ),
  isEmpty: (value) => value === null || value.primary.trim() === "",
  toText: pairText,
  toColumns: ({ primary, secondary }) => ({ primary, secondary: secondary || null }),
  tags: (value) => ({
    value: pairText(value),
    primary: value.primary,
    secondary: value.secondary,
  }),
  columnKind: "text",
});
