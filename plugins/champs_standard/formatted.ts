/**
 * Champ formaté: text with a shape the administrator sets, either simply (which kinds of
 * characters, how many) or with a regular expression, an example and an error message.
 */
import * as v from "valibot";
import { RE2JS } from "re2js";
import { champType, column, frenchNumber, isBlank, tag } from "./_helpers.ts";

const length = (what: string) =>
  v.optional(
    v.pipe(
      v.number(`La longueur ${what} doit être un nombre`),
      v.integer(`La longueur ${what} doit être un nombre entier`),
      v.minValue(1, `La longueur ${what} doit être d’au moins 1 caractère`),
    ),
  );

const simpleMode = v.pipe(
  v.object({
    mode: v.optional(v.literal("simple"), "simple"),
    letters: v.optional(v.boolean(), true),
    digits: v.optional(v.boolean(), true),
    /** Characters that are neither letters, digits nor spaces (`-`, `/`, `@`…). */
    special: v.optional(v.boolean(), true),
    minLength: length("minimale"),
    maxLength: length("maximale"),
  }),
  v.check(
    (o) => o.letters || o.digits || o.special,
    "Acceptez au moins un type de caractères : lettres, chiffres ou caractères spéciaux",
  ),
  v.check(
    (o) => o.minLength === undefined || o.maxLength === undefined || o.minLength <= o.maxLength,
    "La longueur minimale doit être inférieure ou égale à la longueur maximale",
  ),
);

/**
 * Compiles an administrator's pattern, or null if it is not valid. RE2 (its JavaScript port)
 * and not `RegExp`: it matches in time linear in the value, where a backtracking engine can
 * take forever on a pattern like `(a+)+` — 32 s for 29 characters, a usager's typing stalling
 * the server. The price: no back-references (`\1`) nor lookarounds (`(?=`), refused here.
 */
function compile(pattern: string): { matches(value: string): boolean } | null {
  try {
    return RE2JS.compile(pattern);
  } catch {
    return null;
  }
}

const regexMode = v.pipe(
  v.object({
    mode: v.literal("regex"),
    pattern: v.optional(
      v.pipe(
        v.string("Indiquez l’expression régulière"),
        v.minLength(1, "Indiquez l’expression régulière"),
        v.check(
          (p) => compile(p) !== null,
          (issue) =>
            `L’expression régulière ${String(issue.input)} est invalide ou utilise une ` +
            "construction non prise en charge (références arrière comme \\1, assertions " +
            "comme (?=…)) : corrigez-la",
        ),
      ),
      "",
    ),
    /** A value that matches, shown to the usager. */
    example: v.optional(
      v.pipe(
        v.string("Indiquez un exemple de valeur attendue"),
        v.trim(),
        v.minLength(1, "Indiquez un exemple de valeur attendue"),
      ),
      "",
    ),
    /** Shown when a value does not match; a default names the example. */
    message: v.optional(v.pipe(v.string("Le message d’erreur doit être un texte"), v.trim()), ""),
  }),
  v.forward(
    v.check(
      (o) => compile(o.pattern)?.matches(o.example) ?? true,
      "L’exemple ne respecte pas l’expression régulière : corrigez l’un ou l’autre",
    ),
    ["example"],
  ),
);

const formattedOptions = v.variant("mode", [simpleMode, regexMode], "Choisissez un mode");

type FormattedOptions = v.InferOutput<typeof formattedOptions>;
type SimpleOptions = v.InferOutput<typeof simpleMode>;

/** What the value breaks in simple mode, as a French message, or null if it fits. */
function simpleProblem(value: string, o: SimpleOptions): string | null {
  if (!o.letters && /\p{L}/u.test(value)) return "Ce champ n’accepte pas les lettres";
  if (!o.digits && /\p{N}/u.test(value)) return "Ce champ n’accepte pas les chiffres";
  if (!o.special && /[^\p{L}\p{N}\s]/u.test(value)) {
    return "Ce champ n’accepte pas les caractères spéciaux : seulement lettres et chiffres";
  }
  const count = [...value].length;
  if (o.minLength !== undefined && count < o.minLength) {
    return `Saisissez au moins ${frenchNumber(o.minLength)} caractères`;
  }
  if (o.maxLength !== undefined && count > o.maxLength) {
    return `Saisissez au plus ${frenchNumber(o.maxLength)} caractères ` +
      `(il y en a ${frenchNumber(count)})`;
  }
  return null;
}

function formattedValue(options: FormattedOptions) {
  const base = v.pipe(v.string("Saisissez un texte"), v.trim());
  if (options.mode === "simple") {
    return v.pipe(
      base,
      v.rawCheck(({ dataset, addIssue }) => {
        const problem = dataset.typed ? simpleProblem(dataset.value, options) : null;
        if (problem) addIssue({ message: problem });
      }),
    );
  }
  const regex = compile(options.pattern);
  return v.pipe(
    base,
    v.check(
      (s) => regex?.matches(s) ?? false,
      options.message ||
        `La valeur ne respecte pas le format attendu, par exemple ${options.example}`,
    ),
  );
}

/** Champ formaté: free text checked against the administrator's format. */
export const formatted = champType({
  type: "formatted",
  label: "Champ formaté",
  category: "standard",
  options: formattedOptions,
  value: formattedValue,
  isEmpty: isBlank,
  toText: (value) => value,
  toColumns: (value) => column(value),
  tags: (value) => tag(value),
  columnKind: "text",
});
