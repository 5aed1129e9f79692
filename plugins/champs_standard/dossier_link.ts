/** Lien vers un autre dossier: the number of another dossier, typed as `12345` or `n° 12345`. */
import * as v from "valibot";
import { champType, column, tag } from "./_helpers.ts";

const MESSAGE = "Indiquez un numéro de dossier, un nombre entier comme 12345";

/** Reads `12345`, ` n° 12 345 `, `#12345` as 12345; anything else gives NaN. */
function parseDossierNumber(input: number | string): number {
  if (typeof input === "number") return input;
  const digits = input.replace(/^\s*(n\s*[°º]|no\.?|#)/i, "").replace(/[\s\u00a0\u202f]/g, "");
  return /^\d+$/.test(digits) ? Number(digits) : NaN;
}

/** Lien vers un autre dossier: a positive whole dossier number. */
export const dossierLink = champType({
  type: "dossier_link",
  label: "Lien vers un autre dossier",
  category: "structure",
  options: v.object({}),
  value: () =>
    v.pipe(
      v.union([v.number(), v.string()], MESSAGE),
      v.transform(parseDossierNumber),
      v.check((n) => Number.isSafeInteger(n) && n > 0, MESSAGE),
    ),
  toText: (value) => `Dossier n° ${value}`,
  toColumns: (value) => column(value),
  tags: (value) => tag(String(value)),
  columnKind: "number",
});
