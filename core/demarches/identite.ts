/**
 * « Identité FranceConnect » as the administrator sets it: the champs of the draft form that
 * a certified provider's identity fills and locks, checked against the form, and only where
 * the site offers such a provider to usagers.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { certifiedProviders } from "../accounts/identity.ts";
import { type IdentiteSettings, identiteSettingsIssues } from "../shared/identite.ts";
import { parseForm } from "./codecs.ts";

/**
 * The setting to store: the input's (absent: unchanged), refused in French when it names
 * champs the draft form lacks or that cannot hold their part, or when no certified provider
 * (FranceConnect) is offered to usagers on this site.
 */
export async function checkIdentite(
  deps: Deps,
  draftForm: string,
  input: IdentiteSettings | null | undefined,
  previous: IdentiteSettings | null | undefined,
): Promise<IdentiteSettings | null> {
  if (input === undefined) return previous ?? null;
  if (input === null) return null;
  const issues = identiteSettingsIssues(input, parseForm(draftForm).champs);
  const [first] = Object.keys(issues);
  if (first) {
    const fields = Object.fromEntries(
      Object.entries(issues).map(([k, m]) => [`identiteFranceConnect.${k}`, m]),
    );
    throw new AppError("BAD_REQUEST", issues[first], fields);
  }
  if ((await certifiedProviders(deps)).length === 0) {
    const message =
      "Aucun fournisseur d’identité certifiée (FranceConnect) n’est proposé aux usagers sur ce site : demandez au super-administrateur de l’ajouter, puis revenez activer cette option.";
    throw new AppError("CONFLICT", message, { identiteFranceConnect: message });
  }
  return input;
}
