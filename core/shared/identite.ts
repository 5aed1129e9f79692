/**
 * « Identité FranceConnect » of a démarche: which champs of its form receive the identity a
 * certified provider (FranceConnect) verified — civilité, nom, prénom, date de naissance —
 * and the values they then hold. Those champs are filled by the server and locked. Pure: the
 * browser (settings page, dossier form) and the server read the same rules.
 */
import * as v from "valibot";
import type { ChampDescriptor } from "./form.ts";

/** The parts of an identity a champ may receive, their label and the champ types that fit. */
export const IDENTITY_PARTS = [
  { key: "civilite", label: "Civilité", types: ["civilite"] },
  { key: "nom", label: "Nom", types: ["text"] },
  { key: "prenom", label: "Prénom", types: ["text"] },
  { key: "dateNaissance", label: "Date de naissance", types: ["date"] },
] as const;

export type IdentityPart = typeof IDENTITY_PARTS[number]["key"];

const champRef = v.nullable(
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "Champ inconnu.")),
);

/** Per part, the stable id of the champ that receives it; null: none. */
export const identiteSettingsSchema = v.object({
  civilite: v.optional(champRef, null),
  nom: v.optional(champRef, null),
  prenom: v.optional(champRef, null),
  dateNaissance: v.optional(champRef, null),
});

export type IdentiteSettings = v.InferOutput<typeof identiteSettingsSchema>;

/** What a certified provider verified (core/accounts' `LinkedIdentity`, as read here). */
export interface VerifiedPerson {
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly birthdate: string | null;
  readonly gender: "female" | "male" | null;
}

/** The value part `key` of `person` gives its champ; null when the provider did not give it. */
export function identityValue(key: IdentityPart, person: VerifiedPerson): string | null {
  switch (key) {
    case "civilite":
      return person.gender === "female" ? "Madame" : person.gender === "male" ? "Monsieur" : null;
    case "nom":
      return person.familyName;
    case "prenom":
      return person.givenName;
    case "dateNaissance":
      return person.birthdate;
  }
}

/** The champs of `champs` (top level) that receive a part, in the form's order. */
export function identityChamps(
  settings: IdentiteSettings,
  champs: readonly ChampDescriptor[],
): { stableId: string; key: IdentityPart; label: string }[] {
  const out = [];
  for (const part of IDENTITY_PARTS) {
    const id = settings[part.key];
    const champ = id ? champs.find((c) => c.stableId === id) : undefined;
    if (champ && (part.types as readonly string[]).includes(champ.type)) {
      out.push({ stableId: champ.stableId, key: part.key, label: champ.label });
    }
  }
  return out;
}

/**
 * Problems of the settings against the form: each part names a champ of the form of a type
 * that fits, at most one part per champ, nom or prénom at least. Empty: fine.
 */
export function identiteSettingsIssues(
  settings: IdentiteSettings,
  champs: readonly ChampDescriptor[],
): Record<string, string> {
  const issues: Record<string, string> = {};
  const seen = new Set<string>();
  for (const part of IDENTITY_PARTS) {
    const id = settings[part.key];
    if (!id) continue;
    const champ = champs.find((c) => c.stableId === id);
    if (!champ) {
      issues[part.key] = `Le champ choisi pour « ${part.label} » n’est plus dans le formulaire.`;
    } else if (!(part.types as readonly string[]).includes(champ.type)) {
      issues[part.key] =
        `« ${champ.label} » ne peut pas recevoir « ${part.label} » : choisissez un champ ${
          part.key === "civilite"
            ? "« Civilité »"
            : part.key === "dateNaissance"
            ? "« Date »"
            : "« Texte court »"
        }.`;
    } else if (seen.has(id)) {
      issues[part.key] = `« ${champ.label} » reçoit déjà une autre partie de l’identité.`;
    }
    seen.add(id);
  }
  if (!settings.nom && !settings.prenom) {
    issues.nom = "Choisissez au moins le champ qui reçoit le nom ou le prénom.";
  }
  return issues;
}
