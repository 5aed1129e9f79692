/** Account rules and input schemas: e-mail, password strength, token lifetimes. No I/O. */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { isLocalPath } from "../shared/paths.ts";
import { parseJsonColumn } from "../db/json.ts";
import type { Role } from "../policy/mod.ts";

export const SESSION_DAYS = 30;

/** Roles that reach other people's data: their sessions end after a short idle time. */
const POWERFUL_ROLES: readonly Role[] = ["administrateur", "instructeur", "super_admin"];
export const SESSION_IDLE_POWERFUL_MS = 2 * 3_600_000;
export const SESSION_IDLE_USAGER_MS = 7 * 86_400_000;
/** A session's last activity is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60_000;

/** How long a session of an account with `roles` may stay unused before it ends. */
export function sessionIdleLimitMs(roles: readonly Role[]): number {
  return roles.some((role) => POWERFUL_ROLES.includes(role))
    ? SESSION_IDLE_POWERFUL_MS
    : SESSION_IDLE_USAGER_MS;
}

export const TOKEN_HOURS = {
  confirmation: 24,
  reinitialisation: 1,
  changement_email: 24,
  definition_mot_de_passe: 24 * 7,
  installation: 24 * 7,
  /** Between the right password and the code of the second factor: ten minutes. */
  double_authentification: 10 / 60,
} as const;
export type TokenKind = keyof typeof TOKEN_HOURS;

export { PASSWORD_MIN, passwordWeakness } from "../shared/password.ts";

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

/**
 * A random value the browser keeps from its sign-up (`localStorage`) and sends back with the
 * confirmation link: proof that whoever confirms is whoever signed up.
 */
const browserProofSchema = v.optional(
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,100}$/, "Preuve de navigateur mal formée.")),
);

export const signUpInput = v.object({
  email: emailSchema,
  password: passwordSchema,
  navigateur: browserProofSchema,
});
/**
 * Confirming an address: the link, and either the browser's proof of the sign-up or, from
 * another browser, the password chosen then.
 */
export const confirmEmailInput = v.object({
  token: tokenSchema,
  navigateur: browserProofSchema,
  password: v.optional(passwordSchema),
});

/** What a confirmation token keeps of its sign-up: the hash of the browser's proof. */
export const confirmationContextSchema = v.object({ navigateur: v.string() });
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
  id: rowId("Demande inconnue."),
  motif: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000)), ""),
});

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

/** Ten codes de secours, each ten characters (~49 random bits) shown as `xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
    return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
  });
}

/** A code de secours as typed (any case, spaces, dashes) in the form its hash is made of. */
export function normalizeRecoveryCode(text: string): string | null {
  const clean = text.toLowerCase().replace(/[\s-]/g, "");
  return /^[a-z0-9]{10}$/.test(clean) ? clean : null;
}

const codeSchema = v.pipe(
  v.string("Indiquez le code."),
  v.trim(),
  v.nonEmpty("Indiquez le code à 6 chiffres de votre application, ou un code de secours."),
  v.maxLength(40, "Ce code est trop long : indiquez les 6 chiffres ou un code de secours."),
);
const challengeSchema = v.pipe(
  v.string("La connexion a expiré : saisissez de nouveau votre mot de passe."),
  v.regex(
    /^[A-Za-z0-9_-]{20,100}$/,
    "La connexion a expiré : saisissez de nouveau votre mot de passe.",
  ),
);
const sessionIdSchema = v.pipe(
  v.string("Session inconnue."),
  v.regex(/^[0-9a-f]{64}$/, "Session inconnue."),
);

export const secondFactorInput = v.object({ challenge: challengeSchema, code: codeSchema });
export const totpCodeInput = v.object({ code: codeSchema });
export const disableTotpInput = v.object({ password: passwordSchema, code: codeSchema });
export const sessionInput = v.object({ id: sessionIdSchema });

/**
 * What an invitation's link is for, kept with its token: the page where the invitee chooses
 * a password says who invites them to what, and where they land afterwards.
 */
export const invitationContextSchema = v.object({
  /** The path the invitee lands on once their password is chosen (`/dossiers/12`…). */
  retour: v.pipe(v.string(), v.check(isLocalPath)),
  kind: v.picklist(["coconstruction", "avis", "instructeur", "administrateur"]),
  /** The address of whoever invites (none for an accepted administrator request). */
  par: v.optional(v.string()),
  demarche: v.optional(v.string()),
  dossier: v.optional(v.number()),
  /** The sections an invité may fill; none: the whole dossier. */
  sections: v.optional(v.array(v.string())),
});

export type InvitationContext = v.InferOutput<typeof invitationContextSchema>;

/** A token's stored invitation context, or null when it has none. */
export function parseInvitationContext(json: string | null): InvitationContext | null {
  return json === null
    ? null
    : parseJsonColumn(invitationContextSchema, json, "invitation context");
}

/** A confirmation token's stored proof of its sign-up's browser, or null when it has none. */
export function parseConfirmationContext(
  json: string | null,
): v.InferOutput<typeof confirmationContextSchema> | null {
  return json === null
    ? null
    : parseJsonColumn(confirmationContextSchema, json, "confirmation context");
}
