/** État civil champs: `civilite`, `email` and `phone`. */
import * as v from "valibot";
import { champType, column, firstFailing, tag } from "./_helpers.ts";
import { formatPhone, normalizePhone } from "./_phone.ts";

const CIVILITES = ["Madame", "Monsieur"] as const;

/** Civilité: Madame or Monsieur. */
export const civilite = champType({
  type: "civilite",
  label: "Civilité",
  category: "etat_civil",
  options: v.object({}),
  value: () =>
    v.pipe(
      v.string("Choisissez Madame ou Monsieur"),
      v.trim(),
      v.picklist(CIVILITES, "Choisissez Madame ou Monsieur"),
    ),
  toText: (value) => value,
  toColumns: (value) => column(value),
  tags: (value) => tag(value),
  columnKind: "enum",
  choices: () => CIVILITES,
});

const EMAIL_MESSAGE = "Indiquez une adresse électronique valide, par exemple camille@exemple.fr";
const EMAIL = v.pipe(v.string(), v.email());

/** Adresse électronique: trimmed, its domain lower-cased (the local part is the owner's). */
export const email = champType({
  type: "email",
  label: "Adresse électronique",
  category: "etat_civil",
  options: v.object({}),
  value: () =>
    v.pipe(
      v.string(EMAIL_MESSAGE),
      v.trim(),
      v.transform((s) => s.replace(/@[^@]*$/, (domain) => domain.toLowerCase())),
      firstFailing<string>(
        [(s) => s.length <= 254, "L’adresse électronique ne doit pas dépasser 254 caractères"],
        [(s) => v.is(EMAIL, s), EMAIL_MESSAGE],
      ),
    ),
  toText: (value) => value,
  toColumns: (value) => column(value),
  tags: (value) => tag(value),
  columnKind: "text",
});

const PHONE_MESSAGE =
  "Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78";

/** Téléphone: French or international, stored in E.164 (`+33612345678`). */
export const phone = champType({
  type: "phone",
  label: "Téléphone",
  category: "etat_civil",
  options: v.object({}),
  value: () =>
    v.pipe(
      v.string(PHONE_MESSAGE),
      v.trim(),
      v.transform((s) => normalizePhone(s) ?? s),
      v.check(
        // What normalizes to itself is a recognized number; raw input never does.
        (s) => normalizePhone(s) === s,
        (issue) =>
          /^0[\d\s.]*$/.test(String(issue.input))
            ? "Un numéro français comporte 10 chiffres, par exemple 06 12 34 56 78"
            : PHONE_MESSAGE,
      ),
    ),
  toText: formatPhone,
  toColumns: (value) => column(formatPhone(value)),
  tags: (value) => tag(formatPhone(value)),
  columnKind: "text",
});
