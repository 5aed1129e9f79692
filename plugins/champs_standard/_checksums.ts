/** Check-digit algorithms of the identifiers people type: IBAN (ISO 13616) and SIRET. */

/** Whether an IBAN, compact and upper-case, passes the ISO 7064 mod-97 check. */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    // Letters count as two digits (A = 10 … Z = 35); fold the remainder as we go.
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Whether a string of digits passes the Luhn check. */
export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** SIREN of La Poste, whose many establishments exceed what a Luhn key can number. */
export const LA_POSTE_SIREN = "356000000";

/**
 * Whether a 14-digit SIRET is well keyed: Luhn; for La Poste's establishments a digit sum
 * multiple of 5 (its head office, 356 000 000 00048, still follows Luhn).
 */
export function siretChecksumOk(siret: string): boolean {
  if (luhnOk(siret)) return true;
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  const sum = [...siret].reduce((total, d) => total + Number(d), 0);
  return sum % 5 === 0;
}
