/**
 * Instruction: a dossier as its instructeurs read it, its annotations privées, following,
 * decisions, archive, reassign, batch actions. An instructeur sees only the dossiers of
 * their groupes, never a brouillon. Each decision writes its event and queues the usager's
 * e-mail in the same transaction; of two concurrent decisions exactly one wins.
 */
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { parseValues } from "../dossiers/model.ts";
import { type DossierState, stateLabel, targetOf, TERMINAL } from "../dossiers/lifecycle.ts";
import { applyTransition, checkTransition } from "../dossiers/transition.ts";
import { tracked } from "../dossiers/counters.ts";
import { checkValues } from "../dossiers/values.ts";
import { revisionNumbers, saveMerged } from "../dossiers/co_editing.ts";
import * as dossierStore from "../dossiers/store.ts";
import { instructedDossier } from "../dossiers/_access.ts";
import type { DECISION_EVENTS } from "./model.ts";
import * as store from "./store.ts";
import { markSeen } from "./unseen.ts";
import { peopleOf } from "./people.ts";
import { attachToDossier, fileLink, requireSound } from "../files/service.ts";
import { conservationView } from "../dossiers/conservation_rules.ts";
import { implicitDecisionView } from "../dossiers/implicit_decisions.ts";

export const DECIDED = TERMINAL as readonly string[];

export { myGroupes } from "./store.ts";

const now = (deps: Deps) => deps.clock().toISOString();

/**
 * The dossier if the actor instructs it (a member of its groupe, and it is not a brouillon),
 * with its démarche and form: the rule is the dossiers' own (`instructedDossier`).
 */
export const instructed = instructedDossier;

/** The dossier as an instructeur reads it: demande, annotations privées, history, followers. */
export async function dossierForInstructeur(
  deps: Deps,
  actor: Actor | null,
  input: { id: number },
) {
  const { me, dossier, demarche, form } = await instructed(deps, actor, input.id);
  await markSeen(deps.db, dossier.id, { userId: me.userId, now: deps.clock().toISOString() });
  const usager = await store.emailOf(deps.db, dossier.owner_id);
  const followers = await store.followersOf(deps.db, dossier.id);
  return {
    id: dossier.id,
    state: dossier.state as DossierState,
    stateLabel: stateLabel(dossier.state as DossierState),
    test: dossier.is_test === 1,
    archived: dossier.archived === 1,
    demarche: { id: demarche.id, titre: demarche.titre, mode: demarche.mode },
    groupeId: dossier.groupe_id,
    usager,
    /** The provider (« FranceConnect ») that verified the identity champs; null: typed. */
    identiteVerifieePar: dossier.identite_verifiee_par,
    champs: form.champs,
    values: parseValues(dossier.champ_values),
    annotations: form.annotations,
    annotationValues: parseValues(dossier.annotation_values),
    /** Per annotation, the revision of its value: what a save sends back as its base. */
    annotationRevisions: revisionNumbers(dossier.annotation_revisions),
    motivation: dossier.motivation,
    depositedAt: dossier.deposited_at,
    decidedAt: dossier.decided_at,
    /** « Silence vaut accord / rejet »: the day it will be decided without a decision. */
    implicitDecision: implicitDecisionView(dossier, demarche.settings),
    justificatif: await fileLink(deps.db, dossier.justificatif_file_id),
    attestation: await fileLink(deps.db, dossier.attestation_file_id),
    /** When the dossier will be deleted, whether its usager was told, « Conserver ». */
    conservation: conservationView(
      deps.clock().toISOString(),
      dossier,
      demarche.retention_months,
    ),
    changedSinceDeposit: await dossierStore.changedSinceDeposit(deps.db, dossier.id),
    people: await peopleOf(deps.db, dossier),
    followed: followers.some((f) => f.id === me.userId),
    followers: followers.map((f) => f.email),
    events: await dossierStore.eventsOf(deps.db, dossier.id),
  };
}

export async function follow(deps: Deps, actor: Actor | null, input: { id: number; on: boolean }) {
  const { me, dossier } = await instructed(deps, actor, input.id);
  await deps.db.transaction().execute((trx) =>
    tracked(
      trx,
      dossier.id,
      () =>
        input.on
          ? store.follow(trx, dossier.id, me.userId, now(deps))
          : store.unfollow(trx, dossier.id, me.userId),
    )
  );
}

/**
 * Saves annotations privées as typed; errors come back per annotation. Two instructeurs'
 * saves merge annotation by annotation (`co_editing.ts`): with `bases`, one changed by
 * someone else since is not written over but answered in `conflicts`.
 */
export async function saveAnnotations(
  deps: Deps,
  actor: Actor | null,
  input: {
    id: number;
    values: Record<string, unknown>;
    bases?: Record<string, number>;
    /** Runs in the save's transaction: what must be written with it, or not at all. */
    within?: (trx: Executor) => Promise<void>;
  },
) {
  // Files as stored, attached to the dossier: read by its instructeurs, never purged.
  return await saveMerged(deps, {
    document: "annotations",
    dossierId: input.id,
    edits: input.values,
    bases: input.bases,
    open: async (tx) => {
      const { me, dossier, form } = await instructed(tx, actor, input.id);
      await input.within?.(tx.db);
      return { dossier, userId: me.userId, champs: form.annotations };
    },
  });
}

/**
 * Applies an instructeur's decision through the lifecycle (`applyTransition`): motivation
 * where required, mandatory annotations privées filled before a decision, plugins' hooks,
 * e-mail, attestation. A decision may carry a justificatif (the instructeur's upload),
 * attached to the dossier so its usager reads it. Taking a dossier in hand follows it.
 */
export async function decide(
  deps: Deps,
  actor: Actor | null,
  input: {
    id: number;
    event: typeof DECISION_EVENTS[number];
    motivation: string;
    fileId?: string;
    /** Runs first in the decision's transaction: what must be written with it, or not at all. */
    within?: (trx: Executor) => Promise<void>;
  },
) {
  const { me, dossier, form } = await instructed(deps, actor, input.id);
  const annotations = checkValues(form.annotations, parseValues(dossier.annotation_values), {
    types: deps.host.champTypes,
    now: deps.clock(),
    deposit: true,
  });
  const request = {
    dossier,
    event: input.event,
    actor: { by: "instructeur" as const, userId: me.userId },
    motivation: input.motivation,
    annotationErrors: annotations.errors,
    justificatif: input.fileId ?? null,
  };
  // The table's refusal comes before the justificatif's checks.
  await checkTransition(deps.db, request);
  const state = await deps.db.transaction().execute(async (trx) => {
    await input.within?.(trx);
    if (input.fileId) {
      if (!TERMINAL.includes(targetOf(input.event))) {
        throw new AppError(
          "BAD_REQUEST",
          "Un justificatif ne se joint qu’à une décision (accepter, refuser, classer sans suite).",
        );
      }
      const refused = await attachToDossier(trx, {
        dossierId: dossier.id,
        ownerId: me.userId,
        fileIds: [input.fileId],
      });
      if (refused.length) {
        throw new AppError(
          "BAD_REQUEST",
          "Le justificatif est introuvable : joignez-le à nouveau.",
          { fileId: "Le justificatif est introuvable : joignez-le à nouveau." },
        );
      }
      await requireSound(trx, [input.fileId], { field: "fileId" });
    }
    const to = await applyTransition(deps, trx, request);
    if (input.event === "passer_en_instruction") {
      await tracked(trx, dossier.id, () => store.follow(trx, dossier.id, me.userId, now(deps)));
    }
    return to;
  });
  return { state };
}

/** Archives (or brings back) a decided dossier. */
export async function archive(deps: Deps, actor: Actor | null, input: { id: number; on: boolean }) {
  const { dossier } = await instructed(deps, actor, input.id);
  if (!DECIDED.includes(dossier.state)) {
    throw new AppError("CONFLICT", "Seul un dossier traité peut être archivé.");
  }
  await deps.db.transaction().execute((trx) =>
    tracked(trx, dossier.id, () => dossierStore.setArchived(trx, dossier.id, input.on))
  );
}

/**
 * Moves a dossier to another groupe of the same démarche (the routing got it wrong). The
 * instructeurs of the old groupe stop following it if they are not in the new one.
 */
export async function reassign(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; groupeId: number },
) {
  const { dossier } = await instructed(deps, actor, input.id);
  const groupe = await store.groupeOn(deps.db, input.groupeId, dossier.demarche_id);
  if (!groupe) throw new AppError("NOT_FOUND", "Ce groupe n’existe pas dans cette démarche.");
  if (groupe.id === dossier.groupe_id) {
    throw new AppError("CONFLICT", "Le dossier est déjà dans ce groupe.");
  }
  await deps.db.transaction().execute((trx) =>
    tracked(trx, dossier.id, async () => {
      await dossierStore.setGroupe(trx, dossier.id, groupe.id, now(deps));
      await store.unfollowAllBut(trx, dossier.id, await store.memberIds(trx, groupe.id));
    })
  );
}

/** The groupes a dossier can be moved to (its démarche's). */
export async function groupesOf(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier } = await instructed(deps, actor, input.id);
  return await store.groupesOfDemarche(deps.db, dossier.demarche_id);
}

export type BatchAction =
  | "follow"
  | "archive"
  | "passer_en_instruction"
  | "accepter"
  | "refuser"
  | "classer_sans_suite";

/**
 * One action on several dossiers, each on its own: the result says, per dossier, whether
 * it was done or why not (a refusal on one does not stop the others).
 */
export async function batch(
  deps: Deps,
  actor: Actor | null,
  input: { ids: number[]; action: BatchAction; motivation: string },
) {
  const results: { id: number; ok: boolean; message: string | null }[] = [];
  for (const id of input.ids) {
    try {
      if (input.action === "follow") await follow(deps, actor, { id, on: true });
      else if (input.action === "archive") await archive(deps, actor, { id, on: true });
      else await decide(deps, actor, { id, event: input.action, motivation: input.motivation });
      results.push({ id, ok: true, message: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id, ok: false, message: error.message });
    }
  }
  return results;
}
