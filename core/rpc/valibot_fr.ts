/**
 * French fallback messages for valibot. Schemas carry their own precise messages; this
 * covers the rest (a wrong type sent by a script, an unknown key…) so no English leaks.
 */
import * as v from "valibot";

const TYPE: Record<string, string> = {
  string: "un texte",
  number: "un nombre",
  boolean: "vrai ou faux",
  object: "un objet",
  array: "une liste",
  date: "une date",
};

// deno-lint-ignore no-explicit-any
function frenchMessage(issue: v.BaseIssue<unknown> & Record<string, any>): string {
  const field = issue.path?.map((p: { key: unknown }) => String(p.key)).join(".");
  const where = field ? ` (${field})` : "";
  const req = issue.requirement as number;
  switch (issue.type) {
    case "min_length":
      return `Ce champ doit contenir au moins ${req} caractère${req > 1 ? "s" : ""}${where}.`;
    case "max_length":
      return `Ce champ ne doit pas dépasser ${req} caractères${where}.`;
    case "min_value":
      return `La valeur doit être au moins ${req}${where}.`;
    case "max_value":
      return `La valeur ne doit pas dépasser ${req}${where}.`;
    case "integer":
      return `La valeur doit être un nombre entier${where}.`;
    case "email":
      return `Indiquez une adresse e-mail valide${where}.`;
    case "picklist":
      return `Cette valeur n’est pas dans la liste proposée${where}.`;
    case "strict_object":
    case "object":
      if (issue.kind === "schema" && issue.received === "undefined" && field) {
        return `Ce champ est obligatoire${where}.`;
      }
      return `Les données envoyées sont incomplètes ou mal formées${where}.`;
  }
  if (issue.kind === "schema") {
    if (issue.received === "undefined") return `Ce champ est obligatoire${where}.`;
    const expected = TYPE[issue.type];
    if (expected) return `Cette valeur doit être ${expected}${where}.`;
  }
  return `Valeur non valide${where}.`;
}

let installed = false;

/** Installs the French messages once per process. */
export function installFrenchMessages(): void {
  if (installed) return;
  installed = true;
  v.setGlobalMessage(frenchMessage);
}
