/**
 * The usager's side of a dossier: a démarche's page, starting a dossier from its link,
 * reading and filling it (values checked as typed), the bin. Deposits are in `deposit.ts`.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { testerIds } from "../demarches/store.ts";
import { parseSettings, storedSettings } from "../demarches/codecs.ts";
import { renderMarkdown } from "../demarches/markdown.ts";
import type { Executor } from "../db/mod.ts";
import {
  type DossierState,
  nextStepForUsager,
  stateLabel,
  usagerCanDelete,
  usagerCanEdit,
} from "./lifecycle.ts";
import { restrictedTo } from "../shared/visibility.ts";
import * as store from "./store.ts";
import { demarcheForm, type InviteAccess, ownDossier } from "./_access.ts";
import { revisionNumbers, saveMerged } from "./co_editing.ts";
import { fileLink } from "../files/service.ts";
import { conservationView, corbeilleEnd } from "./conservation_rules.ts";
import {
  countBrouillons,
  demarcheByPath,
  emailOf,
  ownerDossiersOn,
  pendingCorrection,
} from "./usager_store.ts";
import { parseValues } from "./model.ts";
import { implicitDecisionView } from "./implicit_decisions.ts";
import { implicitRuleSentence } from "./implicit_decision.ts";
import {
  type BrouillonRow,
  type DossierIdentity,
  dossierIdentity,
  identityMissing,
  refuseIdentityEdits,
  staleIdentity,
  writeIdentity,
} from "./identite.ts";
import { writeTransaction } from "../db/transaction.ts";
import { lockDossier } from "./lock_store.ts";
import { certifiedProviders, verifiedIdentityOf } from "../accounts/identity.ts";

const unknownDemarche = () =>
  new AppError(
    "NOT_FOUND",
    "Cette démarche n’existe pas ou n’est plus en ligne. Vérifiez le lien.",
  );

/**
 * The live démarche at `path`, or en test its draft: test mode is for the démarche's
 * administrators and instructeurs only (anyone else is told it does not exist).
 */
async function demarcheAt(db: Executor, actor: Actor | null, path: string, test: boolean) {
  if (test && !actor) {
    throw new AppError("UNAUTHORIZED", "Connectez-vous pour tester cette démarche.");
  }
  const d = await demarcheByPath(
    db,
    path,
    test ? ["brouillon"] : ["publiee", "close", "depubliee"],
  );
  if (!d) throw unknownDemarche();
  if (test && !can(actor, "demarche.tester", { readerIds: await testerIds(db, d.id) })) {
    throw unknownDemarche();
  }
  return d;
}

/** What `/commencer/<path>` shows: the démarche, its service, whether it accepts dossiers. */
export async function demarchePage(
  deps: Deps,
  actor: Actor | null,
  input: { path: string; test: boolean },
) {
  const d = await demarcheAt(deps.db, actor, input.path, input.test);
  const settings = parseSettings(d.settings);
  const form = await demarcheForm(deps.db, d, input.test);
  const deadlinePassed = d.deadline_at !== null && d.deadline_at <= deps.clock().toISOString();
  return {
    titre: d.titre,
    descriptionHtml: renderMarkdown(d.description),
    service: settings.service ?? null,
    logoUrl: settings.logoFileId ? `/files/${settings.logoFileId}` : null,
    deadline: d.deadline_at,
    test: input.test,
    open: d.state !== "close" && d.state !== "depubliee" && !deadlinePassed,
    closedReason: d.state === "close"
      ? "Cette démarche est close : elle n’accepte plus de nouveaux dossiers."
      : d.state === "depubliee"
      ? "Cette démarche n’est plus en ligne."
      : deadlinePassed
      ? "La date limite de dépôt est passée."
      : null,
    // About 30 seconds a champ to fill: enough to say « environ 5 minutes ».
    minutes: Math.max(1, Math.round(form.champs.length / 2)),
    unDossierParUsager: settings.unDossierParUsager === true,
    /** « Sans réponse dans un délai de 2 mois, la demande est acceptée. », or null. */
    decisionImplicite: settings.decisionImplicite
      ? implicitRuleSentence(settings.decisionImplicite)
      : null,
    /**
     * « Identité FranceConnect »: the providers to identify with, and whether the person has
     * a verified identity already; null when the démarche does not ask for it.
     */
    identite: settings.identiteFranceConnect
      ? {
        providers: await certifiedProviders(deps),
        verifiee: actor !== null && (await verifiedIdentityOf(deps, actor.userId)) !== null,
      }
      : null,
  };
}

/**
 * The usager's own dossiers on the démarche at `path` (the bin apart), newest first: what
 * `/commencer/<path>` offers to take up again before starting another.
 */
export async function myDossiersOn(
  deps: Deps,
  actor: Actor | null,
  input: { path: string; test: boolean },
) {
  if (!actor) return [];
  const me = authorize(actor, "dossier.creer");
  const d = await demarcheAt(deps.db, actor, input.path, input.test);
  return await existingDossiers(deps.db, d.id, me.userId, input.test);
}

async function existingDossiers(db: Executor, demarcheId: number, ownerId: number, test: boolean) {
  const rows = await ownerDossiersOn(db, demarcheId, ownerId, test);
  return rows.map((r) => ({
    id: r.id,
    state: r.state as DossierState,
    stateLabel: stateLabel(r.state as DossierState),
    updatedAt: r.updated_at,
  }));
}

/** Brouillons one person may have on one démarche (the bin apart): enough for any real use. */
export const MAX_BROUILLONS_PER_DEMARCHE = 100;

/**
 * Refuses a new brouillon to whoever already has `MAX_BROUILLONS_PER_DEMARCHE` on the
 * démarche: each can hold files, and nothing else bounds how many a script starts.
 */
export async function checkBrouillonLimit(
  db: Executor,
  demarcheId: number,
  ownerId: number,
): Promise<void> {
  if (await countBrouillons(db, demarcheId, ownerId) >= MAX_BROUILLONS_PER_DEMARCHE) {
    throw new AppError(
      "CONFLICT",
      `Vous avez déjà ${MAX_BROUILLONS_PER_DEMARCHE} brouillons sur cette démarche, le maximum : reprenez l’un d’eux depuis « Mes dossiers », ou supprimez ceux dont vous n’avez plus besoin avant d’en commencer un autre.`,
    );
  }
}

/**
 * A démarche that takes one dossier per usager refuses a second (test dossiers apart), with
 * the number of the one to take up again.
 */
export async function checkOneDossierPerUsager(
  db: Executor,
  demarche: { id: number; settings: string },
  ownerId: number,
  test: boolean,
): Promise<void> {
  if (test || storedSettings(demarche.settings).unDossierParUsager !== true) return;
  const [first] = await existingDossiers(db, demarche.id, ownerId, false);
  if (first) {
    throw new AppError(
      "CONFLICT",
      `Cette démarche accepte un seul dossier par personne, et vous avez déjà le dossier n° ${first.id} : reprenez-le depuis « Mes dossiers ».`,
    );
  }
}

/** Starts a brouillon on the démarche at `path` (en test: on its draft form, marked test). */
export async function startDossier(
  deps: Deps,
  actor: Actor | null,
  input: { path: string; test: boolean },
) {
  const me = authorize(actor, "dossier.creer");
  const page = await demarchePage(deps, me, input);
  if (!page.open) throw new AppError("CONFLICT", page.closedReason!);
  const d = await demarcheAt(deps.db, me, input.path, input.test);
  // The verified identity fills its champs, written here by the server and locked after.
  const form = await demarcheForm(deps.db, d, input.test);
  const identity = await dossierIdentity(deps, d, form.champs, me.userId);
  if (identity?.provider === null) throw await identityMissing(deps);
  // The check and the insert in one transaction: a double click starts one dossier.
  const id = await deps.db.transaction().execute(async (trx) => {
    await checkOneDossierPerUsager(trx, d, me.userId, input.test);
    await checkBrouillonLimit(trx, d.id, me.userId);
    return await store.insertDossier(trx, {
      demarcheId: d.id,
      revisionId: input.test ? null : d.published_revision_id,
      ownerId: me.userId,
      isTest: input.test,
      values: JSON.stringify(identity?.values ?? {}),
      now: deps.clock().toISOString(),
      identiteVerifieePar: identity?.provider ?? null,
    });
  });
  return { id };
}

/**
 * The dossier as its owner sees it: form, values, state and what happens next, history. An
 * invité sees the champs their invitation shows, and may edit only some (`readOnly`).
 */
export async function getDossier(deps: Deps, actor: Actor | null, input: { id: number }) {
  const own = await ownDossier(deps, actor, input.id, { invites: true });
  const { demarche, form, invite } = own;
  const identity = await dossierIdentity(deps, demarche, form.champs, own.dossier.owner_id, {
    dossier: own.dossier,
  });
  // A brouillon typed before its démarche asked for the identity takes it once identified.
  const dossier = await identifiedBrouillon(deps, identity, own.dossier);
  const all = parseValues(dossier.pending_values ?? dossier.champ_values);
  // An invité limited to sections sees the champs shown to everyone, among theirs.
  const { champs, values } = invite
    ? restrictedTo(form.champs, all, invite.maySee)
    : { champs: form.champs, values: all };
  const locked = Object.keys(identity?.values ?? {});
  return {
    role: invite ? "invite" as const : "proprietaire" as const,
    /** For an invité: who invited them (the dossier's owner). */
    invitedBy: invite ? await emailOf(deps.db, dossier.owner_id) : null,
    readOnly: [
      ...new Set([
        ...(invite ? champs.filter((c) => !invite.mayEdit(c.stableId)).map((c) => c.stableId) : []),
        ...locked,
      ]),
    ],
    /**
     * « Identité FranceConnect »: the provider whose verified identity fills the locked champs
     * (`champs`), or null with `providers` to identify with first; null when not asked.
     */
    identite: identity
      ? {
        fournisseur: identity.provider,
        champs: locked,
        providers: identity.provider ? [] : await certifiedProviders(deps),
      }
      : null,
    id: dossier.id,
    state: dossier.state as DossierState,
    stateLabel: stateLabel(dossier.state as DossierState),
    nextStep: nextStepForUsager(dossier.state as DossierState),
    editable: usagerCanEdit(dossier.state as DossierState),
    /** Modifications of a deposited dossier not deposited yet (instructeurs do not see them). */
    modificationsPending: dossier.pending_values !== null,
    correction: await pendingCorrection(deps.db, dossier.id),
    test: dossier.is_test === 1,
    demarche: { id: demarche.id, titre: demarche.titre },
    champs,
    values,
    /** Per champ, the revision of its value: what a save sends back as its base. */
    revisions: revisionNumbers(dossier.champ_revisions, invite?.maySee),
    motivation: dossier.motivation,
    depositedAt: dossier.deposited_at,
    decidedAt: dossier.decided_at,
    /** « Silence vaut accord / rejet »: the day it will be decided without an answer. */
    implicitDecision: implicitDecisionView(dossier, demarche.settings),
    justificatif: await fileLink(deps.db, dossier.justificatif_file_id),
    attestation: await fileLink(deps.db, dossier.attestation_file_id),
    deleted: dossier.deleted_by_usager_at !== null,
    /** When the dossier will be deleted, whether its usager was told, « Conserver ». */
    conservation: invite
      ? null
      : conservationView(deps.clock().toISOString(), dossier, demarche.retention_months),
    events: await store.eventsOf(deps.db, dossier.id),
  };
}

/**
 * The brouillon with its owner's verified identity written in (`writeIdentity`), re-read in
 * a write transaction so that no save in between is lost; as it is when nothing is to write.
 */
async function identifiedBrouillon<T extends BrouillonRow>(
  deps: Deps,
  identity: DossierIdentity | null,
  dossier: T,
): Promise<T> {
  if (staleIdentity(identity, dossier) === null) return dossier;
  return await writeTransaction(deps.db, async (trx) => {
    const row = await store.findDossier(trx, dossier.id);
    if (!row) return dossier;
    const written = await writeIdentity(trx, identity, row, deps.clock().toISOString());
    return { ...dossier, ...written };
  }, { lock: (trx) => lockDossier(trx, dossier.id) });
}

/**
 * Saves values as the person types. Every typed value is kept, even one that is not valid
 * yet, so nothing is lost; the errors come back per champ. Saves of the owner, invités and
 * tabs merge champ by champ (`co_editing.ts`): with `bases` (per champ, the revision the edit
 * started from), a champ someone changed since is not written over but answered in
 * `conflicts`, with its value and who changed it.
 */
export async function saveValues(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; values: Record<string, unknown>; bases?: Record<string, number> },
) {
  // What the invitation allows, learnt inside the save's transaction.
  const access: { invite: InviteAccess | null } = { invite: null };
  const saved = await saveMerged(deps, {
    document: "champs",
    dossierId: input.id,
    edits: input.values,
    bases: input.bases,
    open: async (tx) => {
      const own = await ownDossier(tx, actor, input.id, { invites: true });
      const invite = access.invite = own.invite;
      const forbidden = invite ? Object.keys(input.values).filter((k) => !invite.mayEdit(k)) : [];
      if (forbidden.length) {
        throw new AppError(
          "FORBIDDEN",
          "Votre invitation ne vous permet pas de modifier ces champs.",
          Object.fromEntries(forbidden.map((k) => [k, "Champ réservé au titulaire du dossier."])),
        );
      }
      const identity = await dossierIdentity(
        tx,
        own.demarche,
        own.form.champs,
        own.dossier.owner_id,
        { dossier: own.dossier },
      );
      if (identity) await refuseIdentityEdits(tx, identity, input.values);
      const state = own.dossier.state as DossierState;
      if (!usagerCanEdit(state)) {
        throw new AppError(
          "CONFLICT",
          `Ce dossier est ${stateLabel(state)} : il ne peut plus être modifié.`,
        );
      }
      // A brouillon typed before its démarche asked for the identity takes it once identified.
      const dossier = await writeIdentity(tx.db, identity, own.dossier, deps.clock().toISOString());
      return { dossier, userId: actor!.userId, champs: own.form.champs };
    },
  });
  const invite = access.invite;
  if (!invite) return saved;
  // An invité limited to sections gets back only what they may see.
  const mine = (key: string) => invite.maySee(key.split(".")[0]);
  return {
    ...saved,
    values: Object.fromEntries(Object.entries(saved.values).filter(([k]) => mine(k))),
    errors: Object.fromEntries(Object.entries(saved.errors).filter(([k]) => mine(k))),
  };
}

/**
 * The person's dossiers (or those in their bin, each brouillon with the date it goes for
 * good: `purgeAt`).
 */
export async function listMyDossiers(
  deps: Deps,
  actor: Actor | null,
  input: { corbeille: boolean },
) {
  const me = authorize(actor, "dossier.creer");
  const rows = await store.listForOwner(deps.db, me.userId, { deleted: input.corbeille });
  return rows.map(({ deleted_by_usager_at: binned, ...d }) => ({
    ...d,
    purgeAt: binned && d.state === "brouillon" ? corbeilleEnd(binned) : null,
  }));
}

/** Puts a dossier in the bin; the administration keeps access to a deposited one. */
export async function deleteDossier(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier } = await ownDossier(deps, actor, input.id);
  if (!usagerCanDelete(dossier.state as DossierState)) {
    throw new AppError("CONFLICT", "Un dossier en instruction ne peut pas être supprimé.");
  }
  await store.updateDossier(deps.db, dossier.id, {
    deleted_by_usager_at: deps.clock().toISOString(),
  }, deps.clock().toISOString());
}

export async function restoreDossier(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier } = await ownDossier(deps, actor, input.id);
  await store.updateDossier(
    deps.db,
    dossier.id,
    { deleted_by_usager_at: null },
    deps.clock().toISOString(),
  );
}
