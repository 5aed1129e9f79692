/** Identification numbers: `iban` (bank account) and `siret` (French establishment). */
import * as v from "valibot";
import { champType, column, firstFailing, tag } from "./_helpers.ts";
import { ibanChecksumOk, siretChecksumOk } from "./_checksums.ts";

const compact = v.transform((s: string) => s.replace(/[\s.\-\u00a0\u202f]/g, "").toUpperCase());

/** `FR7630006000011234567890189` → `FR76 3000 6000 0112 3456 7890 189`. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, "$1 ");
}

/** Numéro IBAN: spaces dropped, upper-cased, format and mod-97 key checked. */
export const iban = champType({
  type: "iban",
  label: "Numéro IBAN",
  category: "paiement_identification",
  options: v.object({}),
  value: () =>
    v.pipe(
      v.string("Indiquez un IBAN, par exemple FR76 3000 6000 0112 3456 7890 189"),
      compact,
      firstFailing<string>(
        [
          (s) => /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s),
          "L’IBAN doit commencer par le code du pays (2 lettres) et 2 chiffres, " +
          "par exemple FR76 3000 6000 0112 3456 7890 189",
        ],
        [
          (s) => !s.startsWith("FR") || s.length === 27,
          (s) =>
            `Un IBAN français comporte 27 caractères (celui-ci en compte ${s.length}) : ` +
            "vérifiez le numéro",
        ],
        [ibanChecksumOk, "La clé de contrôle de l’IBAN est incorrecte : vérifiez le numéro"],
      ),
    ),
  toText: formatIban,
  toColumns: (value) => column(value),
  tags: (value) => tag(formatIban(value)),
  columnKind: "text",
});

/** `73282932000074` → `732 829 320 00074` (SIREN by threes, then the NIC). */
export function formatSiret(siret: string): string {
  return `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
}

/** Numéro SIRET: 14 digits, Luhn key (La Poste's own rule for its establishments). */
export const siret = champType({
  type: "siret",
  label: "Numéro SIRET",
  category: "paiement_identification",
  options: v.object({}),
  value: () =>
    v.pipe(
      v.string("Indiquez un numéro SIRET de 14 chiffres"),
      compact,
      firstFailing<string>(
        [(s) => /^\d{14}$/.test(s), "Le numéro SIRET doit comporter 14 chiffres"],
        [
          siretChecksumOk,
          "Le numéro SIRET est incorrect (sa clé de contrôle ne correspond pas) : vérifiez-le",
        ],
      ),
    ),
  toText: formatSiret,
  toColumns: (value) => column(value),
  tags: (value) => tag(formatSiret(value)),
  columnKind: "text",
});
