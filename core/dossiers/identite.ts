/**
 * « Identité FranceConnect » in a dossier: when its démarche asks for it, the identity champs
 * (civilité, nom, prénom, date de naissance) hold what the owner's certified provider
 * verified, written by the server when the dossier starts, and locked: a save that would
 * change them is refused, whatever the browser shows.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { certifiedProviders, verifiedIdentityOf } from "../accounts/identity.ts";
import { parseSettings } from "../demarches/codecs.ts";
import { identityChamps, identityValue } from "../shared/identite.ts";
import type { ChampDescriptor } from "../shared/form.ts";

/** What a dossier of such a démarche reads of its owner's verified identity. */
export interface DossierIdentity {
  /** The provider that verified it (« FranceConnect »); null: the owner has none yet. */
  readonly provider: string | null;
  /** The locked champs and their values (the parts the provider gave). */
  readonly values: Readonly<Record<string, string>>;
  /** Their labels, for messages. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The identity the champs of `champs` receive from `ownerId`'s certified provider, when the
 * démarche asks for it; null when it does not (or no champ of this form receives one).
 */
export async function dossierIdentity(
  deps: Deps,
  demarche: { settings: string },
  champs: readonly ChampDescriptor[],
  ownerId: number,
): Promise<DossierIdentity | null> {
  const settings = parseSettings(demarche.settings).identiteFranceConnect;
  if (!settings) return null;
  const receiving = identityChamps(settings, champs);
  if (receiving.length === 0) return null;
  const person = await verifiedIdentityOf(deps, ownerId);
  const values: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const champ of receiving) {
    const value = person ? identityValue(champ.key, person) : null;
    if (value === null) continue;
    values[champ.stableId] = value;
    labels[champ.stableId] = champ.label;
  }
  return { provider: person?.provider ?? null, values, labels };
}

/** The refusal of a dossier whose owner has no verified identity yet. */
export async function identityMissing(deps: Deps): Promise<AppError> {
  const names = (await certifiedProviders(deps)).map((p) => `« ${p.label} »`).join(" ou ");
  return new AppError(
    "FORBIDDEN",
    `Cette démarche demande votre identité certifiée : identifiez-vous avec ${
      names || "FranceConnect"
    } (bouton sur la page de la démarche), puis remplissez votre dossier.`,
  );
}

/**
 * Refuses `edits` that change a locked champ: its value is the provider's, and the server
 * alone writes it. An edit giving the same value is let through (a form sends what it shows).
 */
export async function refuseIdentityEdits(
  deps: Deps,
  identity: DossierIdentity,
  edits: Readonly<Record<string, unknown>>,
): Promise<void> {
  if (identity.provider === null) throw await identityMissing(deps);
  const changed = Object.keys(edits).filter((id) =>
    id in identity.values && edits[id] !== identity.values[id]
  );
  if (changed.length === 0) return;
  const provider = identity.provider;
  throw new AppError(
    "BAD_REQUEST",
    `« ${
      identity.labels[changed[0]]
    } » est fourni par ${provider} : il ne peut pas être modifié. Pour le corriger, adressez-vous à ${provider}.`,
    Object.fromEntries(
      changed.map((id) => [id, `Fourni par ${provider} : ce champ ne peut pas être modifié.`]),
    ),
  );
}
