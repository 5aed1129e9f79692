/**
 * Why a sign-in through an identity provider failed, as a code in the address the browser is
 * sent back to (`/connexion?erreur=invalide&fournisseur=2`), and the French message each code
 * shows. Only codes travel: no text of the address is ever shown as is.
 */
export const IDENTITY_ERRORS = [
  "indisponible",
  "annulee",
  "invalide",
  "expiree",
  "sans_email",
  "reserve_agents",
  "reserve_usagers",
  "agents_fournisseur",
  "deja_lie",
  "inconnu",
  "trop_de_tentatives",
] as const;

export type IdentityErrorCode = typeof IDENTITY_ERRORS[number];

export function isIdentityErrorCode(code: unknown): code is IdentityErrorCode {
  return typeof code === "string" && (IDENTITY_ERRORS as readonly string[]).includes(code);
}

/** The message of a code, naming the provider (« FranceConnect »). */
export function identityErrorMessage(code: IdentityErrorCode, provider: string): string {
  const p = `« ${provider} »`;
  switch (code) {
    case "indisponible":
      return `${p} ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre adresse e-mail et votre mot de passe.`;
    case "annulee":
      return `La connexion avec ${p} a été annulée. Recommencez, ou connectez-vous avec votre adresse e-mail et votre mot de passe.`;
    case "invalide":
      return `La réponse de ${p} n’a pas pu être vérifiée (signature, jeton ou nonce non valide) : la connexion est refusée. Recommencez ; si cela se reproduit, prévenez l’administrateur du site.`;
    case "expiree":
      return `Cette connexion avec ${p} a expiré, a déjà servi ou a été commencée dans un autre navigateur. Recommencez la connexion depuis cette page.`;
    case "sans_email":
      return `${p} n’a pas transmis votre adresse e-mail : autorisez son partage chez ${p}, ou connectez-vous avec votre adresse e-mail et votre mot de passe.`;
    case "reserve_agents":
      return `${p} est réservé aux agents (instructeurs, administrateurs) : connectez-vous avec votre adresse e-mail et votre mot de passe, ou avec le fournisseur proposé aux usagers.`;
    case "reserve_usagers":
      return `${p} n’est pas ouvert aux agents (instructeurs, administrateurs) : connectez-vous avec le fournisseur réservé aux agents ou avec votre adresse e-mail.`;
    case "agents_fournisseur":
      return `Les agents de ce site se connectent avec un autre fournisseur d’identité que ${p} : choisissez-le sur cette page.`;
    case "deja_lie":
      return `Cette identité ${p} est déjà associée à un autre compte : connectez-vous à ce compte pour la retirer d’abord.`;
    case "trop_de_tentatives":
      return `Trop de connexions avec ${p} commencées depuis votre adresse en peu de temps. Réessayez dans un quart d’heure, ou connectez-vous avec votre adresse e-mail et votre mot de passe.`;
    case "inconnu":
      return `Ce fournisseur d’identité n’est pas ou plus proposé sur ce site : choisissez-en un autre, ou connectez-vous avec votre adresse e-mail.`;
  }
}
