/**
 * The verification code of an attestation: 20 letters of Crockford's base32 (100 random
 * bits), printed in five groups of four (`7KQ2-M4XD-…`) and typed back in any case, with or
 * without dashes or spaces, O read as 0 and I or L as 1. Only its SHA-256 is stored. Pure.
 */
import * as v from "valibot";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 20;

/** A new random code, grouped for reading. */
export function newCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(LENGTH));
  // 256 is a multiple of 32: each byte's low 5 bits are uniform.
  const letters = [...bytes].map((b) => ALPHABET[b & 31]).join("");
  return groupCode(letters);
}

/** `7KQ2M4XD…` → `7KQ2-M4XD-…`. */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}

/** The code as typed, in its 20 canonical letters; null when it cannot be one. */
export function normalizeCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-_.]/g, "").replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/** Hex SHA-256 of a normalized code: what the database keeps. */
export async function hashCode(code: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(code));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const graphemes = new Intl.Segmenter("fr", { granularity: "grapheme" });

/**
 * A name shown to whoever holds the code: each word's first letter, then one star per other
 * letter; what joins the words (spaces, dashes, apostrophes, `@`, dots) is kept.
 * « Yann Le Goff » → « Y*** L* G*** ».
 */
export function maskHolder(name: string): string {
  return name.normalize("NFC").trim().replace(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu, (word) => {
    const [first, ...rest] = [...graphemes.segment(word)].map((g) => g.segment);
    return first + "*".repeat(rest.length);
  });
}

/** The code field of the public page: a string of reasonable length, checked afterwards. */
export const codeInput = v.object({
  code: v.pipe(
    v.string("Indiquez le code de vérification."),
    v.maxLength(64, "Ce code est trop long : recopiez les 20 caractères imprimés sous le QR code."),
  ),
});
