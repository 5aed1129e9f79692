/** Account rules and input schemas: e-mail, password strength, token lifetimes. No I/O. */
import * as v from "valibot";

export const SESSION_DAYS = 30;
export const TOKEN_HOURS = {
  confirmation: 24,
  reinitialisation: 1,
  changement_email: 24,
  definition_mot_de_passe: 24 * 7,
  installation: 24 * 7,
} as const;
export type TokenKind = keyof typeof TOKEN_HOURS;

export const PASSWORD_MIN = 12;

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

/** Why a password is too weak, in French, or `null` when it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN) {
    return `Le mot de passe doit contenir au moins ${PASSWORD_MIN} caractères.`;
  }
  if (password.length > 200) return "Le mot de passe ne doit pas dépasser 200 caractères.";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password));
  if (classes.length < 3) {
    return "Le mot de passe doit mêler au moins trois sortes de caractères parmi : minuscules, majuscules, chiffres, symboles.";
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) {
    return "Ce mot de passe est trop courant : choisissez-en un autre.";
  }
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) {
    return "Le mot de passe ne doit pas contenir votre adresse e-mail.";
  }
  return null;
}

export const emailSchema = v.pipe(
  v.string("Indiquez une adresse e-mail."),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty("Indiquez une adresse e-mail."),
  v.maxLength(254, "L’adresse e-mail est trop longue."),
  v.email("Indiquez une adresse e-mail valide, par exemple nom@exemple.fr."),
);

const passwordSchema = v.pipe(
  v.string("Indiquez un mot de passe."),
  v.nonEmpty("Indiquez un mot de passe."),
  v.maxLength(200, "Le mot de passe ne doit pas dépasser 200 caractères."),
);

const tokenSchema = v.pipe(
  v.string("Le lien est incomplet."),
  v.regex(/^[A-Za-z0-9_-]{20,100}$/, "Ce lien n’est pas valide : copiez-le en entier."),
);

const text = (label: string, max: number) =>
  v.pipe(
    v.string(`Indiquez ${label}.`),
    v.trim(),
    v.nonEmpty(`Indiquez ${label}.`),
    v.maxLength(max, `Ce texte ne doit pas dépasser ${max} caractères.`),
  );

export const signUpInput = v.object({ email: emailSchema, password: passwordSchema });
export const signInInput = v.object({ email: emailSchema, password: passwordSchema });
export const emailInput = v.object({ email: emailSchema });
export const tokenInput = v.object({ token: tokenSchema });
export const setPasswordInput = v.object({ token: tokenSchema, password: passwordSchema });
export const changePasswordInput = v.object({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
});
export const changeEmailInput = v.object({ email: emailSchema, password: passwordSchema });
export const installationInput = v.object({
  token: tokenSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const ADMIN_REQUEST_STATUSES = ["en_attente", "acceptee", "refusee"] as const;
export type AdminRequestStatus = typeof ADMIN_REQUEST_STATUSES[number];

export const adminRequestInput = v.object({
  nom: text("vos nom et prénom", 200),
  organisation: text("votre organisation (commune, service…)", 200),
  email: emailSchema,
  motif: text("la démarche que vous souhaitez mettre en ligne", 2000),
});

export const adminRequestListInput = v.object({
  status: v.optional(
    v.picklist(ADMIN_REQUEST_STATUSES, "Statut de demande inconnu."),
    "en_attente",
  ),
});

export const adminRequestDecisionInput = v.object({
  id: v.pipe(v.number("Demande inconnue."), v.integer("Demande inconnue."), v.minValue(1)),
  motif: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000)), ""),
});
