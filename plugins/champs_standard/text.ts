/** Free text champs: `text` (one line) and `textarea` (several lines, optional length limit). */
import * as v from "valibot";
import { champType, column, frenchNumber, isBlank, tag } from "./_helpers.ts";

/** Texte court: one line of free text, trimmed, inner line breaks folded into spaces. */
export const text = champType({
  type: "text",
  label: "Texte court",
  category: "standard",
  options: v.object({}),
  value: () =>
    v.pipe(
      v.string("Saisissez un texte"),
      v.transform((s) => s.replace(/\s*[\r\n]+\s*/g, " ")),
      v.trim(),
    ),
  isEmpty: isBlank,
  toText: (value) => value,
  toColumns: (value) => column(value),
  tags: (value) => tag(value),
  columnKind: "text",
});

const textareaOptions = v.object({
  /** Most characters the usager may type; none when absent. */
  maxLength: v.optional(
    v.pipe(
      v.number("La longueur maximale doit être un nombre"),
      v.integer("La longueur maximale doit être un nombre entier"),
      v.minValue(1, "La longueur maximale doit être d’au moins 1 caractère"),
    ),
  ),
});

/** Texte long: several lines of free text, Windows line ends normalized, optional limit. */
export const textarea = champType({
  type: "textarea",
  label: "Texte long",
  category: "standard",
  options: textareaOptions,
  value: (options: v.InferOutput<typeof textareaOptions>) =>
    v.pipe(
      v.string("Saisissez un texte"),
      v.transform((s) => s.replace(/\r\n?/g, "\n")),
      v.trim(),
      v.check(
        (s) => options.maxLength === undefined || s.length <= options.maxLength,
        (issue) =>
          `Le texte ne doit pas dépasser ${frenchNumber(options.maxLength ?? 0)} caractères ` +
          `(il en compte ${frenchNumber(String(issue.input).length)}) : raccourcissez-le`,
      ),
    ),
  isEmpty: isBlank,
  toText: (value) => value,
  toColumns: (value) => column(value),
  tags: (value) => tag(value),
  columnKind: "text",
});
