/**
 * Identity providers' rules and schemas: an instance's settings as the super-admin sends
 * them, the verified identity kept with a link, and the inputs of the sign-in pages. No I/O.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import { isLocalPath } from "../shared/paths.ts";
import { parseJsonColumn } from "../db/json.ts";
import type { Role } from "../policy/mod.ts";

/** How long a flow (state, nonce, PKCE verifier) waits for the provider's answer. */
export const FLOW_MINUTES = 10;
/** How long a provider's identity waits for the account owner's proof. */
export const PENDING_MINUTES = 30;
/** The cookie binding a flow, then a link waiting for proof, to the browser that began it. */
export const IDENTITY_COOKIE = "guichet_identite";

/** Roles whose sign-in an instance « pour les agents » serves. */
export const AGENT_ROLES: readonly Role[] = ["administrateur", "instructeur"];
export const isAgent = (roles: readonly Role[]) => roles.some((r) => AGENT_ROLES.includes(r));

const id = rowId("Fournisseur inconnu.");
const token = v.pipe(
  v.string("Le lien est incomplet."),
  v.regex(/^[A-Za-z0-9_-]{20,100}$/, "Ce lien n’est pas valide : copiez-le en entier."),
);

export const providerInput = v.object({
  id: v.optional(id),
  kind: v.pipe(v.string("Type de fournisseur inconnu."), v.maxLength(64)),
  preset: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  label: v.pipe(
    v.string("Indiquez le texte du bouton."),
    v.trim(),
    v.nonEmpty("Indiquez le texte du bouton, par exemple FranceConnect."),
    v.maxLength(60, "Le texte du bouton ne doit pas dépasser 60 caractères."),
  ),
  config: v.record(v.string(), v.unknown()),
  forUsagers: v.boolean(),
  forAgents: v.boolean(),
  requiredForAgents: v.boolean(),
  verifiesIdentity: v.boolean(),
  enabled: v.boolean(),
});
export type ProviderInput = v.InferOutput<typeof providerInput>;

export const providerIdInput = v.object({ id });
export const linkIdInput = v.object({ id });
export const pendingInput = v.object({ token });
export const pendingPasswordInput = v.object({
  token,
  password: v.pipe(
    v.string("Indiquez le mot de passe."),
    v.nonEmpty("Indiquez le mot de passe de votre compte."),
    v.maxLength(200, "Le mot de passe ne doit pas dépasser 200 caractères."),
  ),
});
export const pendingEmailInput = v.object({ token, emailToken: token });

/** The path to go back to after the provider, when it is one of this site's. */
export const retourSchema = v.optional(v.pipe(v.string(), v.maxLength(500), v.check(isLocalPath)));

/** What a link keeps of the identity last verified. */
export const linkedIdentitySchema = v.object({
  email: v.nullable(v.string()),
  givenName: v.nullable(v.string()),
  familyName: v.nullable(v.string()),
  birthdate: v.nullable(v.string()),
  gender: v.nullable(v.picklist(["female", "male"])),
  acr: v.nullable(v.string()),
});
export type LinkedIdentity = v.InferOutput<typeof linkedIdentitySchema>;

export function parseLinkedIdentity(json: string): LinkedIdentity {
  return parseJsonColumn(linkedIdentitySchema, json, "linked identity");
}

/** A stored instance's settings, as the contribution's schema reads them. */
export function parseProviderConfig(json: string): Record<string, unknown> {
  return parseJsonColumn(v.record(v.string(), v.unknown()), json, "identity provider config");
}
