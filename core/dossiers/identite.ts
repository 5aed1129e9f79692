/**
 * « Identité FranceConnect » in a dossier: when its démarche asks for it, the identity champs
 * (civilité, nom, prénom, date de naissance) hold what the owner's certified provider
 * verified, written by the server — when the dossier starts, and over what a brouillon typed
 * before the démarche asked for it once its owner has identified (at its opening, its save,
 * its deposit) — and locked: a save that would change them is refused, whatever the browser
 * shows. A dossier once deposited keeps the identity it was deposited with: the provider's if
 * `identite_verifiee_par` says so (locked), else the typed one (not locked, not said verified).
 */
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { AppError } from "../errors.ts";
import { certifiedProviders, verifiedIdentityOf } from "../accounts/identity.ts";
import { storedSettings } from "../demarches/codecs.ts";
import { identityChamps, identityValue } from "../shared/identite.ts";
import type { ChampDescriptor } from "../shared/form.ts";
import { parseValues } from "./model.ts";
import { parseRevisions } from "./co_editing.ts";
import * as store from "./store.ts";

/** What a dossier of such a démarche reads of its owner's verified identity. */
export interface DossierIdentity {
  /** The provider that verified it (« FranceConnect »); null: the owner has none yet. */
  readonly provider: string | null;
  /** The locked champs and their values (the parts the provider gave). */
  readonly values: Readonly<Record<string, string>>;
  /** Their labels, for messages. */
  readonly labels: Readonly<Record<string, string>>;
  /** Every champ receiving a part, whether the provider gave it or not. */
  readonly receiving: readonly string[];
}

/** What of a dossier says which identity its champs hold. */
export interface IdentityRow {
  readonly state: string;
  readonly champ_values: string;
  readonly identite_verifiee_par: string | null;
}

/**
 * The identity the champs of `champs` receive from `ownerId`'s certified provider, when the
 * démarche asks for it; null when it does not (or no champ of this form receives one). With
 * `dossier` past the brouillon: the identity it was deposited with, or null if it was typed.
 */
export async function dossierIdentity(
  deps: Deps,
  demarche: { settings: string },
  champs: readonly ChampDescriptor[],
  ownerId: number,
  opts: { dossier?: IdentityRow } = {},
): Promise<DossierIdentity | null> {
  const settings = storedSettings(demarche.settings).identiteFranceConnect;
  if (!settings) return null;
  const receiving = identityChamps(settings, champs);
  if (receiving.length === 0) return null;
  const deposited = opts.dossier && opts.dossier.state !== "brouillon" ? opts.dossier : null;
  if (deposited?.identite_verifiee_par === null) return null;
  const person = deposited ? null : await verifiedIdentityOf(deps, ownerId);
  const depositedValues = deposited ? parseValues(deposited.champ_values) : {};
  const values: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const champ of receiving) {
    const given = depositedValues[champ.stableId];
    const value = deposited
      ? typeof given === "string" ? given : null
      : person
      ? identityValue(champ.key, person)
      : null;
    if (value === null) continue;
    values[champ.stableId] = value;
    labels[champ.stableId] = champ.label;
  }
  return {
    provider: deposited?.identite_verifiee_par ?? person?.provider ?? null,
    values,
    labels,
    receiving: receiving.map((c) => c.stableId),
  };
}

/** `values` with the identity champs as `identity` fills them (none when it has no provider). */
export function withIdentity(
  values: Readonly<Record<string, unknown>>,
  identity: DossierIdentity,
): Record<string, unknown> {
  const out = { ...values };
  for (const id of identity.receiving) {
    if (id in identity.values) out[id] = identity.values[id];
    else if (identity.provider === null) delete out[id];
  }
  return out;
}

/** The row of a brouillon as `writeIdentity` reads and writes it. */
export interface BrouillonRow extends IdentityRow {
  readonly id: number;
  readonly values_revision: number;
  readonly champ_revisions: string;
}

/**
 * The identity champs of brouillon `row` that do not hold `identity` yet (an empty list when
 * only which provider verified it is to write); null when nothing is to write.
 */
export function staleIdentity(
  identity: DossierIdentity | null,
  row: IdentityRow,
): string[] | null {
  if (!identity || identity.provider === null || row.state !== "brouillon") return null;
  const current = parseValues(row.champ_values);
  const changed = Object.keys(identity.values).filter((id) => current[id] !== identity.values[id]);
  if (changed.length === 0 && row.identite_verifiee_par === identity.provider) return null;
  return changed;
}

/**
 * Writes the owner's verified identity into a brouillon's identity champs, and which provider
 * verified it, when they do not hold it yet (typed before the démarche asked for it, or the
 * owner identified since); each champ changed is marked at a new revision, by no one (the
 * server). Returns the row as it now is. Call it inside the transaction that read `row`.
 */
export async function writeIdentity<T extends BrouillonRow>(
  db: Executor,
  identity: DossierIdentity | null,
  row: T,
  now: string,
): Promise<T> {
  const changed = staleIdentity(identity, row);
  if (!identity?.provider || changed === null) return row;
  const revision = changed.length ? row.values_revision + 1 : row.values_revision;
  const revisions = { ...parseRevisions(row.champ_revisions) };
  for (const id of changed) revisions[id] = [revision, null];
  const written = {
    champ_values: JSON.stringify(withIdentity(parseValues(row.champ_values), identity)),
    champ_revisions: JSON.stringify(revisions),
    values_revision: revision,
    identite_verifiee_par: identity.provider,
  };
  await store.writeIdentityValues(db, row.id, written, now);
  return { ...row, ...written };
}

/** « « FranceConnect » ou « … » »: the providers to identify with. */
async function providerNames(deps: Deps): Promise<string> {
  return (await certifiedProviders(deps)).map((p) => `« ${p.label} »`).join(" ou ") ||
    "FranceConnect";
}

/** The refusal of a dossier whose owner has no verified identity yet. */
export async function identityMissing(deps: Deps): Promise<AppError> {
  return new AppError(
    "FORBIDDEN",
    `Cette démarche demande votre identité certifiée : identifiez-vous avec ${await providerNames(
      deps,
    )} (bouton sur la page de la démarche), puis remplissez votre dossier.`,
  );
}

/** The refusal of a deposit whose owner has no verified identity yet. */
export async function depositWithoutIdentity(deps: Deps): Promise<AppError> {
  return new AppError(
    "FORBIDDEN",
    `Ce dossier ne peut pas être déposé : cette démarche demande votre identité certifiée. Identifiez-vous avec ${await providerNames(
      deps,
    )} (bouton en haut du dossier), puis déposez-le.`,
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
