/**
 * The one authorization module. Every service asks it before acting; it denies whatever
 * is not explicitly allowed below. Rules are plain functions of the actor and resource.
 */
import { AppError } from "../errors.ts";

export const ROLES = ["usager", "administrateur", "instructeur", "expert", "super_admin"] as const;
export type Role = typeof ROLES[number];

/** Who is acting: a signed-in account with its roles. Anonymous is `null`. */
export interface Actor {
  readonly userId: number;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly sessionId: string;
  /** Whether the account signs in with a second factor (TOTP); super-admins need one. */
  readonly secondFactor?: boolean;
}

type Rule = (actor: Actor, resource: Resource) => boolean;

/** What an action is about, when the rule needs it. */
export interface Resource {
  readonly ownerId?: number;
  /** Administrators of the démarche the action is about. */
  readonly administrateurIds?: readonly number[];
  /** Accounts that may read the resource besides its owner (a dossier's file…). */
  readonly readerIds?: readonly number[];
  /** A file asked for, and the files the document it is asked through shows. */
  readonly fileId?: string;
  readonly shownFileIds?: readonly string[];
  /** The démarche a jeton d'API reads, and the démarches that jeton was given (null: all). */
  readonly demarcheId?: number;
  readonly tokenScope?: readonly number[] | null;
  /** What that jeton may do: « lecture » or « instruction » (core/api_rest/model.ts). */
  readonly tokenAccess?: string;
}

const signedIn: Rule = () => true;
const hasRole = (role: Role): Rule => (actor) => actor.roles.includes(role);
const owner: Rule = (actor, resource) => resource.ownerId === actor.userId;
/** Running the instance: a super-admin whose account is protected by a second factor. */
const superAdmin: Rule = (actor) =>
  actor.roles.includes("super_admin") && actor.secondFactor === true;
const administersDemarche: Rule = (actor, resource) =>
  actor.roles.includes("administrateur") &&
  (resource.administrateurIds ?? []).includes(actor.userId);

/** Instructing a dossier: an instructeur of its groupe (`readerIds`). */
const instructsDossier: Rule = (actor, resource) =>
  actor.roles.includes("instructeur") && (resource.readerIds ?? []).includes(actor.userId);
/**
 * A jeton d'API reading a démarche: its owner still administers the démarche, and the
 * jeton was given this démarche (or all of its owner's).
 */
const tokenReadsDemarche: Rule = (actor, resource) =>
  administersDemarche(actor, resource) && resource.demarcheId !== undefined &&
  resource.tokenScope !== undefined &&
  (resource.tokenScope === null || resource.tokenScope.includes(resource.demarcheId));

/** Every action the platform knows; an action missing here cannot be authorized. */
const RULES = {
  "compte.lire": signedIn,
  "compte.modifier": owner,
  "espace_admin.acceder": hasRole("administrateur"),
  "demarche.creer": hasRole("administrateur"),
  "demarche.administrer": administersDemarche,
  "catalogue.consulter": hasRole("administrateur"),
  /** Trying a démarche en test: its administrators and its groupes' instructeurs. */
  "demarche.tester": (actor, resource) => (resource.readerIds ?? []).includes(actor.userId),
  "dossier.creer": signedIn,
  "dossier.usager": owner,
  /** Filling a dossier one was invited to (co-construction). */
  /** Giving an avis: the expert it was asked of. */
  "avis.repondre": (actor, resource) =>
    actor.roles.includes("expert") && resource.ownerId === actor.userId,
  "dossier.coconstruire": (actor, resource) => (resource.readerIds ?? []).includes(actor.userId),
  "fichier.deposer": signedIn,
  /** Reading and instructing a dossier: instructeurs of its groupe. */
  "dossier.instruire": instructsDossier,
  /** « Conserver le dossier »: its owner, or an instructeur of its groupe. */
  "dossier.conserver": (actor, resource) =>
    resource.ownerId === actor.userId ||
    (actor.roles.includes("instructeur") && (resource.readerIds ?? []).includes(actor.userId)),
  /** Choosing one's own notifications of a démarche: instructeurs of one of its groupes. */
  "notifications.regler": (actor, resource) =>
    actor.roles.includes("instructeur") && resource.ownerId === actor.userId &&
    (resource.readerIds ?? []).includes(actor.userId),
  "fichier.lire": (actor, resource) =>
    resource.ownerId === actor.userId || (resource.readerIds ?? []).includes(actor.userId),
  /** Jetons d'API: an administrateur makes and lists their own, and revokes them. */
  "jetons_api.gerer": hasRole("administrateur"),
  "jeton_api.revoquer": owner,
  /** Reading a démarche's dossiers with a jeton d'API. */
  "api.demarche.lire": tokenReadsDemarche,
  /** Writing with a jeton d'API (prefill, instructeur's actions): a jeton « instruction ». */
  "api.jeton.ecrire": (_actor, resource) => resource.tokenAccess === "instruction",
  /**
   * Prefilling a brouillon of a démarche with a jeton d'API (« préremplissage »): a jeton
   * « instruction » that reads the démarche (its owner administers it).
   */
  "api.dossier.preremplir": (actor, resource) =>
    resource.tokenAccess === "instruction" && tokenReadsDemarche(actor, resource),
  /**
   * An instructeur's action on a dossier with a jeton d'API: a jeton « instruction » that
   * reads the démarche, whose owner is also an instructeur of the dossier's groupe
   * (`readerIds`) — the jeton never does more than its owner could in the interface.
   */
  "api.dossier.instruire": (actor, resource) =>
    resource.tokenAccess === "instruction" && tokenReadsDemarche(actor, resource) &&
    instructsDossier(actor, resource),
  /**
   * Downloading a dossier's file with a jeton d'API: a jeton that reads the dossier's
   * démarche, for a file the dossier's document shows (`shownFileIds`: its pièces jointes,
   * annotations, justificatif and attestation; never the messagerie's or the avis's).
   */
  "api.fichier.lire": (actor, resource): boolean =>
    can(actor, "api.demarche.lire", resource) && resource.fileId !== undefined &&
    (resource.shownFileIds ?? []).includes(resource.fileId),
  /** One's own sessions (« Sessions actives »): listing and closing them. */
  "sessions.gerer": owner,
  /** Turning on the second factor: the roles that reach other people's data. */
  "double_authentification.activer": (actor) =>
    actor.roles.some((role) =>
      role === "administrateur" || role === "instructeur" || role === "super_admin"
    ),
  "demarche.marquer_modele": superAdmin,
  "demandes_admin.examiner": superAdmin,
  "taches.consulter": superAdmin,
  "plugins.consulter": superAdmin,
  /** « Journal d'audit »: reading, exporting and verifying it. */
  "journal_audit.consulter": superAdmin,
  /** FranceConnect, ProConnect and other identity providers of the instance. */
  "fournisseurs_identite.gerer": superAdmin,
} satisfies Record<string, Rule>;

/** The super-admin's actions, refused with their own message until the second factor is on. */
const SUPER_ADMIN_ACTIONS: ReadonlySet<string> = new Set(
  Object.entries(RULES).filter(([, rule]) => rule === superAdmin).map(([action]) => action),
);

/** What `authorize` says when a super-admin has not turned the second factor on yet. */
export const SECOND_FACTOR_REQUIRED =
  "Activez la double authentification dans « Mon compte » avant d’utiliser l’espace super-admin : elle est obligatoire pour les super-administrateurs.";

export type Action = keyof typeof RULES;

/** Whether `actor` may do `action` on `resource`. Anonymous may do nothing listed here. */
export function can(actor: Actor | null, action: Action, resource: Resource = {}): boolean {
  // Own keys only: "toString" or "constructor" must not reach Object.prototype.
  const rule: Rule | undefined = Object.hasOwn(RULES, action) ? RULES[action] : undefined;
  if (!actor || !rule) return false;
  return rule(actor, resource) === true;
}

/**
 * Throws unless `actor` may do `action`; returns the actor, now known to be signed in.
 *
 * @example
 * ```ts
 * const admin = authorize(ctx.actor, "demandes_admin.examiner");
 * ```
 */
export function authorize(actor: Actor | null, action: Action, resource: Resource = {}): Actor {
  if (!actor) throw new AppError("UNAUTHORIZED", "Connectez-vous pour continuer.");
  if (!can(actor, action, resource)) {
    if (
      SUPER_ADMIN_ACTIONS.has(action) && actor.roles.includes("super_admin") &&
      !actor.secondFactor
    ) {
      throw new AppError("FORBIDDEN", SECOND_FACTOR_REQUIRED);
    }
    throw new AppError("FORBIDDEN", "Vous n’avez pas accès à cette page ou à cette action.");
  }
  return actor;
}
