/**
 * Deposits: the first one (checked, routed, then the lifecycle's `deposer` with its e-mail,
 * hooks and the declarative automatic step, in one transaction) and the re-deposit of
 * modifications.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { implicitRuleOf, resumeImplicitDecision } from "./implicit_decisions.ts";
import { type DossierState, stateLabel } from "./lifecycle.ts";
import { routeDossier } from "./routing.ts";
import { indexDossier } from "./index_values.ts";
import { parseValues } from "./model.ts";
import * as store from "./store.ts";
import { checkDossierValues, ownDossier } from "./_access.ts";
import { applyTransition, checkTransition } from "./transition.ts";
import { writeTransaction } from "../db/transaction.ts";
import { lockDossier } from "./lock_store.ts";
import {
  depositWithoutIdentity,
  type DossierIdentity,
  dossierIdentity,
  withIdentity,
} from "./identite.ts";

const sameIdentity = (a: DossierIdentity | null, b: DossierIdentity) =>
  a?.provider === b.provider && JSON.stringify(a.values) === JSON.stringify(b.values);

/**
 * Deposits the dossier: all visible mandatory champs valid (every problem listed at once),
 * routed to its groupe, then the lifecycle's `deposer` (e-mail, hooks, the declarative
 * automatic step) — all in one transaction.
 */
export async function deposer(deps: Deps, actor: Actor | null, input: { id: number }) {
  await atRevision(() => depositOnce(deps, actor, input.id));
  return { id: input.id };
}

/**
 * Runs a deposit until it writes what it checked: `once` answers null when a save came in
 * between its reading of the values and its write (the save is kept, the deposit checks the
 * values again), a few times at most.
 */
async function atRevision<T>(once: () => Promise<T | null>): Promise<T> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const done = await once();
    if (done !== null) return done;
  }
  throw new AppError(
    "CONFLICT",
    "Ce dossier est modifié en ce moment par une autre personne : réessayez dans un instant.",
  );
}

/** One try of a first deposit; null when the values changed while they were checked. */
async function depositOnce(deps: Deps, actor: Actor | null, id: number): Promise<true | null> {
  const { dossier, demarche, form } = await ownDossier(deps, actor, id);
  const request = {
    dossier,
    event: "deposer" as const,
    actor: { by: "usager" as const, userId: actor!.userId },
  };
  await checkTransition(deps.db, request);
  if (demarche.state === "close") {
    throw new AppError("CONFLICT", "Cette démarche est close : elle n’accepte plus de dépôt.");
  }
  // « Identité FranceConnect »: the identity champs deposited are the provider's, whatever the
  // brouillon held (typed before the démarche asked for it, or before its owner identified).
  const ownerIdentity = (on: Deps) =>
    dossierIdentity(on, demarche, form.champs, dossier.owner_id, { dossier });
  const identity = await ownerIdentity(deps);
  if (identity?.provider === null) throw await depositWithoutIdentity(deps);
  const stored = parseValues(dossier.champ_values);
  const { values, errors } = await checkDossierValues(
    deps,
    { id: dossier.id, uploaderId: actor!.userId },
    form.champs,
    identity ? withIdentity(stored, identity) : stored,
    { deposit: true },
  );
  if (Object.keys(errors).length) {
    const n = Object.keys(errors).length;
    throw new AppError(
      "BAD_REQUEST",
      `Le dossier ne peut pas être déposé : ${n} champ${n > 1 ? "s sont" : " est"} à corriger.`,
      errors,
    );
  }
  return await writeTransaction(deps.db, async (trx) => {
    if ((await store.valuesRevision(trx, dossier.id)) !== dossier.values_revision) return null;
    // The identity checked is still the owner's (not identified again meanwhile).
    if (identity && !sameIdentity(await ownerIdentity({ ...deps, db: trx }), identity)) {
      return null;
    }
    const now = deps.clock().toISOString();
    // The values as checked first: the deposit's e-mail may quote them.
    await store.updateDossier(trx, dossier.id, {
      champ_values: JSON.stringify(values),
      ...(identity ? { identite_verifiee_par: identity.provider } : {}),
    }, now);
    const groupeId = routeDossier(await store.routingGroupes(trx, demarche.id), values);
    await applyTransition(deps, trx, { ...request, groupeId });
    await indexDossier(
      trx,
      deps.host,
      { id: dossier.id, demarcheId: demarche.id, usager: actor!.email },
      form.champs,
      values,
    );
    return true;
  }, { lock: (trx) => lockDossier(trx, dossier.id) });
}

/**
 * Deposits the modifications of a dossier en construction: checked like a deposit, then
 * they replace the deposited values in one transaction, with an event naming the champs
 * that changed; a pending demande de correction is resolved.
 */
export async function deposerModifications(deps: Deps, actor: Actor | null, input: { id: number }) {
  return await atRevision(() => depositModificationsOnce(deps, actor, input.id));
}

/** One try of a re-deposit; null when the modifications changed while they were checked. */
async function depositModificationsOnce(
  deps: Deps,
  actor: Actor | null,
  id: number,
): Promise<{ changed: string[] } | null> {
  const { dossier, demarche, form } = await ownDossier(deps, actor, id);
  if (dossier.state !== "en_construction") {
    throw new AppError(
      "CONFLICT",
      `Ce dossier est ${stateLabel(dossier.state as DossierState)} : il ne peut plus être modifié.`,
    );
  }
  if (dossier.pending_values === null) {
    throw new AppError("CONFLICT", "Aucune modification à déposer.");
  }
  const { values, errors } = await checkDossierValues(
    deps,
    { id: dossier.id, uploaderId: actor!.userId },
    form.champs,
    parseValues(dossier.pending_values),
    { deposit: true },
  );
  if (Object.keys(errors).length) {
    const n = Object.keys(errors).length;
    throw new AppError(
      "BAD_REQUEST",
      `Les modifications ne peuvent pas être déposées : ${n} champ${
        n > 1 ? "s sont" : " est"
      } à corriger.`,
      errors,
    );
  }
  const before = parseValues(dossier.champ_values);
  const changed = form.champs.filter((c) =>
    JSON.stringify(before[c.stableId]) !== JSON.stringify(values[c.stableId])
  );
  return await writeTransaction(deps.db, async (trx) => {
    if ((await store.valuesRevision(trx, dossier.id)) !== dossier.values_revision) return null;
    const now = deps.clock().toISOString();
    if (!(await store.replaceDepositedValues(trx, dossier.id, JSON.stringify(values), now))) {
      throw new AppError(
        "CONFLICT",
        "L’administration vient de prendre ce dossier en charge : il ne peut plus être modifié.",
      );
    }
    await store.insertEvent(trx, {
      dossierId: dossier.id,
      event: "deposer_modifications",
      from: "en_construction",
      to: "en_construction",
      actorId: actor!.userId,
      automatic: false,
      motivation: changed.length
        ? `Champs modifiés : ${changed.map((c) => `« ${c.label} »`).join(", ")}`
        : null,
      details: { changed: changed.map((c) => c.stableId) },
      now,
    });
    await indexDossier(
      trx,
      deps.host,
      { id: dossier.id, demarcheId: demarche.id, usager: await store.ownerEmail(trx, dossier.id) },
      form.champs,
      values,
    );
    // The demandes de correction it answers are resolved (messagerie/, through core/main.ts).
    for (const follow of deps.dossierFollowers.modificationsDeposited) {
      await follow(trx, dossier.id, now);
    }
    await resumeImplicitDecision(trx, dossier.id, implicitRuleOf(demarche.settings), now);
    await queueMessage(
      trx,
      mails.dossierEtat(
        actor!.email,
        demarche.titre,
        dossier.id,
        "modifié",
        `${deps.baseUrl}/dossiers/${dossier.id}`,
      ),
      { now, demarcheId: demarche.id },
    );
    return { changed: changed.map((c) => c.stableId) };
  }, { lock: (trx) => lockDossier(trx, dossier.id) });
}

/** Drops the working copy of a deposited dossier: the deposit stays as it was. */
export async function discardModifications(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier } = await ownDossier(deps, actor, input.id);
  if (dossier.pending_values === null) {
    throw new AppError("CONFLICT", "Aucune modification en cours.");
  }
  await store.updateDossier(
    deps.db,
    dossier.id,
    { pending_values: null },
    deps.clock().toISOString(),
  );
}
