/** Choice champs: `drop_down_list` (one option, or "autre") and `multiple_drop_down_list`. */
import * as v from "valibot";
import { champType, column, quoted, tag } from "./_helpers.ts";
import { choiceList } from "./_choice_list.ts";

const dropDownOptions = v.object({
  choices: choiceList(),
  /** Offers "Autre" with a free text, stored as the value itself. */
  other: v.optional(v.boolean(), false),
});

/** Choix simple: one of the options, or free text when "autre" is offered. */
export const dropDownList = champType({
  type: "drop_down_list",
  label: "Choix simple",
  category: "choix",
  options: dropDownOptions,
  value: ({ choices, other }: v.InferOutput<typeof dropDownOptions>) =>
    v.pipe(
      v.string("Choisissez une option"),
      v.trim(),
      v.check(
        (s) => choices.includes(s) || (other && s !== ""),
        other
          ? "Choisissez une des options proposées, ou « Autre » en précisant votre réponse"
          : "Choisissez une des options proposées",
      ),
    ),
  toText: (value) => value,
  toColumns: (value) => column(value),
  tags: (value) => tag(value),
  columnKind: "enum",
  conditionSource: "enum",
  choices: (options) => options.choices,
});

const multipleOptions = v.object({ choices: choiceList() });

/** Choix multiple: several options, kept once each and in the administrator's order. */
export const multipleDropDownList = champType({
  type: "multiple_drop_down_list",
  label: "Choix multiple",
  category: "choix",
  options: multipleOptions,
  value: ({ choices }: v.InferOutput<typeof multipleOptions>) =>
    v.pipe(
      v.array(
        v.pipe(v.string("Chaque option choisie doit être un texte"), v.trim()),
        "Choisissez une ou plusieurs options",
      ),
      v.transform((picked) => {
        const unknown = picked.filter((p) => !choices.includes(p));
        return [...choices.filter((c) => picked.includes(c)), ...new Set(unknown)];
      }),
      v.check(
        (picked) => picked.every((p) => choices.includes(p)),
        (issue) => {
          const wrong = (issue.input as string[]).find((p) => !choices.includes(p)) ?? "";
          return `L’option ${quoted(wrong)} ne fait pas partie des choix proposés : décochez-la`;
        },
      ),
    ),
  toText: (value) => value.join(", "),
  toColumns: (value) => column(value.join(", ")),
  tags: (value) => tag(value.join(", ")),
  columnKind: "enum",
  conditionSource: "enums",
  choices: (options) => options.choices,
});
