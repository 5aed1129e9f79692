/**
 * The password rules, one list for the server that enforces them and the browser that shows
 * each of them up front and ticks them off as the person types. Pure: no I/O, no server import.
 */

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

const COMMON = new Set([
  "motdepasse123",
  "password1234",
  "azertyuiop12",
  "123456789012",
  "motdepasse1234",
  "administrateur",
  "azertyuiop123",
  "qwertyuiop123",
]);

/** One rule: what it asks (shown before typing), whether `password` meets it, why not. */
export interface PasswordRule {
  readonly id: "longueur" | "sortes" | "courant" | "adresse";
  readonly label: string;
  readonly met: boolean;
  /** The sentence the server answers when the rule is broken. */
  readonly error: string;
}

/** Every rule, in the order they are shown, checked against `password` (and the address). */
export function passwordRules(password: string, email?: string): readonly PasswordRule[] {
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password));
  const lower = password.toLowerCase();
  const local = email?.split("@")[0]?.trim().toLowerCase();
  const long = password.length > PASSWORD_MAX;
  return [{
    id: "longueur",
    label: `Au moins ${PASSWORD_MIN} caractères`,
    met: password.length >= PASSWORD_MIN && !long,
    error: long
      ? `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX} caractères.`
      : `Le mot de passe doit contenir au moins ${PASSWORD_MIN} caractères.`,
  }, {
    id: "sortes",
    label: "Au moins 3 sortes de caractères parmi : minuscules, majuscules, chiffres, symboles",
    met: kinds.length >= 3,
    error:
      "Le mot de passe doit mêler au moins trois sortes de caractères parmi : minuscules, majuscules, chiffres, symboles.",
  }, {
    id: "courant",
    label: "Pas un mot de passe courant (comme « motdepasse123 »)",
    met: password !== "" && !COMMON.has(lower) && !/^(.)\1+$/.test(password),
    error: "Ce mot de passe est trop courant : choisissez-en un autre.",
  }, {
    id: "adresse",
    label: "Sans votre adresse e-mail",
    met: password !== "" && !(local && local.length >= 4 && lower.includes(local)),
    error: "Le mot de passe ne doit pas contenir votre adresse e-mail.",
  }];
}

/** Why a password is too weak, in French (the first rule broken), or `null`. */
export function passwordWeakness(password: string, email?: string): string | null {
  return passwordRules(password, email).find((rule) => !rule.met)?.error ?? null;
}
