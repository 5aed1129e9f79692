/**
 * Phone numbers as people type them, stored in E.164 (`+33612345678`): French national
 * numbers (`06 12 34 56 78`), French international ones (`+33 6…`, `+33 (0)6…`, `0033 6…`)
 * and other countries' (`+44 20 7946 0958`). No per-country numbering plan beyond France.
 */

/** E.164 form of what was typed, or null when it is not a phone number we recognize. */
export function normalizePhone(input: string): string | null {
  let s = input.trim().replace(/\(0\)/, "").replace(/[\s.\-/()\u00a0\u202f]/g, "");
  if (s.startsWith("00")) s = `+${s.slice(2)}`;
  if (/^0[1-9]\d{8}$/.test(s)) return `+33${s.slice(1)}`;
  if (s.startsWith("+33")) {
    const national = s.slice(3).replace(/^0(?=\d{9}$)/, "");
    return /^[1-9]\d{8}$/.test(national) ? `+33${national}` : null;
  }
  return /^\+[1-9]\d{6,14}$/.test(s) ? s : null;
}

/** `+33612345678` → `06 12 34 56 78`; other countries stay in E.164. */
export function formatPhone(e164: string): string {
  if (!/^\+33\d{9}$/.test(e164)) return e164;
  return `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, "$1 ");
}
