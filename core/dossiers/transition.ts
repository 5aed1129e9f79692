/**
 * The one way a dossier changes state. `applyTransition` checks the lifecycle table
 * (lifecycle.ts), runs the plugins' `before` hooks (a veto stops it), moves the state with
 * the dates each state keeps, writes the event, keeps the tab counters in step, queues the
 * usager's e-mail, tells the instructeurs of a deposit, lets the folders above follow
 * (`deps.dossierFollowers`: the attestation…) and queues the `after` hooks — all in the caller's
 * transaction. The usager's deposit, the automatic steps, the instructeurs' decisions and
 * batch actions, the demande de correction and the implicit decisions all come through it:
 * no other code writes `dossiers.state`.
 */
import * as v from "valibot";
import type { Executor } from "../db/mod.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import { queueDossierMail } from "../notifications/dossier_mails.ts";
import { notifyInstructeurs } from "../notifications/instructeur.ts";
import { queueMessage } from "../notifications/service.ts";
import { enqueueAfterHooks, runBeforeHooks } from "../plugin_host/service.ts";
import type { LifecycleEvent, OutgoingMessage } from "../plugin_sdk/types.ts";
import type { Mode } from "../demarches/settings.ts";
import type { MailKind } from "../demarches/mails.ts";
import { countDeposit } from "../demarches/store.ts";
import { tracked } from "./counters.ts";
import { dayInFrance, decisionDate } from "./implicit_decision.ts";
import { implicitRuleOf } from "./implicit_decisions.ts";
import {
  automaticAfterDeposit,
  type DossierState,
  type EventActor,
  fixable,
  type ImplicitKind,
  TERMINAL,
  transition,
} from "./lifecycle.ts";
import * as store from "./store.ts";

/** The job that applies a declarative démarche's automatic step after a deposit. */
export const AUTOMATIC_JOB = "dossier.automatique";

/** What a transition reads of its dossier (a row of `dossiers`). */
export interface TransitionDossier {
  readonly id: number;
  readonly state: string;
  readonly demarche_id: number;
  readonly is_test: number;
}

/** Who causes it: the usager, an instructeur (with their account), or the platform. */
export interface TransitionActor {
  readonly by: EventActor;
  /** The account, recorded on the event; null for the platform. */
  readonly userId: number | null;
}

/** The platform, for automatic steps and implicit decisions. */
export const SYSTEME: TransitionActor = { by: "systeme", userId: null };

export interface TransitionRequest {
  readonly dossier: TransitionDossier;
  readonly event: LifecycleEvent;
  readonly actor: TransitionActor;
  /** Why: on the event; for a decision also on the dossier and in the usager's e-mail. */
  readonly motivation?: string | null;
  /** A decision's errors on the mandatory annotations privées (none: complete). */
  readonly annotationErrors?: Readonly<Record<string, string>>;
  /** The « silence vaut … » rule under which the platform decides, its date come. */
  readonly implicit?: ImplicitKind;
  /** A decision's justificatif: a file the caller attached to the dossier. */
  readonly justificatif?: string | null;
  /** The deposit's groupe, chosen by the routing. */
  readonly groupeId?: number | null;
  /**
   * The e-mail the usager receives instead of the démarche's text for the new state (a
   * demande de correction says what to correct); none is sent twice.
   */
  readonly usagerMail?: OutgoingMessage;
}

/**
 * The refusal of the lifecycle table, or null when the transition may go: a missing
 * motivation or annotation is the actor's to fix (400, with the fields), anything else a
 * conflict (409). `reason` carries the table's code.
 */
export async function checkTransition(
  db: Executor,
  request: TransitionRequest,
): Promise<{ readonly to: DossierState; readonly mode: Mode; readonly settings: string }> {
  const demarche = await store.lifecycleDemarche(db, request.dossier.demarche_id);
  const mode = demarche.mode as Mode;
  const errors = request.annotationErrors ?? {};
  const result = transition(request.dossier.state as DossierState, request.event, {
    by: request.actor.by,
    mode,
    motivation: request.motivation ?? undefined,
    annotationsComplete: request.annotationErrors === undefined
      ? undefined
      : Object.keys(errors).length === 0,
    implicit: request.implicit,
  });
  if (!result.ok) {
    const userFixable = fixable(result.code);
    throw new AppError(
      userFixable ? "BAD_REQUEST" : "CONFLICT",
      result.reason,
      userFixable
        ? { ...(result.code === "motivation" ? { motivation: result.reason } : {}), ...errors }
        : undefined,
      result.code,
    );
  }
  return { to: result.to, mode, settings: demarche.settings };
}

/**
 * Applies `request.event` to its dossier inside `trx`, with every effect of a state change;
 * returns the new state. Refused by the table, vetoed by a plugin (`reason: "veto"`) or beaten
 * by a concurrent change (`reason: "moved"`), it throws an AppError and the caller's
 * transaction rolls back.
 *
 * @example
 * ```ts
 * await deps.db.transaction().execute((trx) =>
 *   applyTransition(deps, trx, {
 *     dossier,
 *     event: "refuser",
 *     actor: { by: "instructeur", userId: me.userId },
 *     motivation: "Pièce d’identité périmée.",
 *   })
 * );
 * ```
 */
export async function applyTransition(
  deps: Deps,
  trx: Executor,
  request: TransitionRequest,
): Promise<DossierState> {
  const { dossier, event, actor } = request;
  const { to, mode, settings } = await checkTransition(trx, request);
  const hookEvent = { event, dossierId: dossier.id, demarcheId: dossier.demarche_id };
  await runBeforeHooks(trx, deps.host, hookEvent);
  const now = deps.clock().toISOString();
  const motivation = request.motivation?.trim() || null;
  const change = stateChange(dossier.state as DossierState, to, {
    event,
    now,
    motivation,
    justificatif: request.justificatif ?? null,
    groupeId: request.groupeId ?? null,
    implicitOn: event === "deposer" ? implicitDateAtDeposit(settings, now) : null,
  });
  const moved = await tracked(
    trx,
    dossier.id,
    () => store.moveState(trx, dossier.id, dossier.state, change, now),
  );
  if (!moved) {
    throw new AppError(
      "CONFLICT",
      "Ce dossier vient d’être modifié par quelqu’un d’autre : rechargez la page.",
      undefined,
      "moved",
    );
  }
  await store.insertEvent(trx, {
    dossierId: dossier.id,
    event,
    from: dossier.state,
    to,
    actorId: actor.userId,
    automatic: actor.by === "systeme",
    motivation,
    details: request.justificatif ? { justificatif: request.justificatif } : null,
    now,
  });
  if (event === "deposer" && dossier.is_test === 0) {
    await countDeposit(trx, dossier.demarche_id);
  }
  if (request.usagerMail) {
    await queueMessage(trx, request.usagerMail, { now, demarcheId: dossier.demarche_id });
  } else {
    // No event leads back to brouillon: every other state has its e-mail.
    const kind: MailKind = event === "deposer"
      ? "depose"
      : to as Exclude<DossierState, "brouillon">;
    await queueDossierMail(trx, deps.host, kind, {
      dossierId: dossier.id,
      to: await store.ownerEmail(trx, dossier.id),
      link: `${deps.baseUrl}/dossiers/${dossier.id}`,
      motivation: TERMINAL.includes(to) ? motivation : null,
      now,
    });
  }
  if (event === "deposer") {
    await notifyInstructeurs(trx, "depot", {
      dossierId: dossier.id,
      authorId: actor.userId,
      now,
      baseUrl: deps.baseUrl,
    });
  }
  const done = {
    dossierId: dossier.id,
    demarcheId: dossier.demarche_id,
    event,
    from: dossier.state,
    to,
    now,
  };
  for (const follow of deps.dossierFollowers.transition) await follow(deps, trx, done);
  await enqueueAfterHooks(trx, deps.host, hookEvent, { now });
  const automatic = event === "deposer" ? automaticAfterDeposit(mode) : null;
  if (automatic) {
    await enqueue(trx, AUTOMATIC_JOB, { dossierId: dossier.id, event: automatic }, { now });
  }
  return to;
}

/**
 * The columns each state keeps besides its name: the deposit's date, groupe and implicit
 * date; the date it entered instruction; a decision's date, motivation and justificatif
 * (cleared when it is not a decision); the dropped working copy once the usager may no longer
 * modify it; a withdrawn decision's archive flag and attestation.
 */
function stateChange(
  from: DossierState,
  to: DossierState,
  facts: {
    event: LifecycleEvent;
    now: string;
    motivation: string | null;
    justificatif: string | null;
    groupeId: number | null;
    implicitOn: string | null;
  },
): store.StateChange {
  const { event, now } = facts;
  if (event === "deposer") {
    return {
      state: to,
      deposited_at: now,
      groupe_id: facts.groupeId,
      implicit_decision_on: facts.implicitOn,
      implicit_decision_suspended_on: null,
    };
  }
  const decided = TERMINAL.includes(to);
  return {
    state: to,
    decided_at: decided ? now : null,
    motivation: decided ? facts.motivation : null,
    // « Repasser en instruction » withdraws the decision, and its justificatif with it.
    justificatif_file_id: decided ? facts.justificatif : null,
    ...(from === "en_construction" && to === "en_instruction" ? { en_instruction_at: now } : {}),
    // Modifications the usager had not deposited are dropped: the dossier is now frozen.
    ...(from === "en_construction" ? { pending_values: null } : {}),
    // A decision ends the « silence vaut … » clock; withdrawing it does not restart it.
    ...(decided || event === "repasser_en_instruction"
      ? { implicit_decision_on: null, implicit_decision_suspended_on: null }
      : {}),
    ...(event === "repasser_en_instruction" ? { archived: 0, attestation_file_id: null } : {}),
  };
}

function implicitDateAtDeposit(settings: string, now: string): string | null {
  const rule = implicitRuleOf(settings);
  return rule ? decisionDate(dayInFrance(now), rule) : null;
}

/** Refusals that mean the dossier is no longer where the automatic step applies. */
const NOT_MOVED = ["state", "actor", "automatic", "moved"];

const automaticPayload = v.object({
  dossierId: v.number(),
  event: v.picklist(["passer_en_instruction", "accepter_automatiquement"]),
});

/** The job that applies a declarative démarche's automatic step, recorded as automatic. */
export function automaticHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const { dossierId, event } = v.parse(automaticPayload, payload);
    await applyAutomatic(deps, dossierId, { event });
  };
}

/**
 * Applies an automatic step in its own transaction: a declarative step, or with `implicit`
 * an implicit decision (its date come; the motivation says why). Returns whether the dossier
 * moved: already moved on (by an instructeur, or an earlier run) it does nothing. A plugin's
 * veto is thrown: the job records it and tries again later.
 *
 * @example
 * ```ts
 * await applyAutomatic(deps, 12, { event: "refuser_automatiquement", implicit: "svr",
 *   motivation: "Décision implicite de rejet : …" });
 * ```
 */
export async function applyAutomatic(
  deps: Deps,
  dossierId: number,
  opts: {
    event: "passer_en_instruction" | "accepter_automatiquement" | "refuser_automatiquement";
    /** The « silence vaut … » rule applied; absent: a declarative step. */
    implicit?: ImplicitKind;
    /** Recorded with the event and on the dossier (default none). */
    motivation?: string | null;
  },
): Promise<boolean> {
  const dossier = await store.findDossier(deps.db, dossierId);
  if (!dossier) return false;
  try {
    await deps.db.transaction().execute((trx) =>
      applyTransition(deps, trx, {
        dossier,
        event: opts.event,
        actor: SYSTEME,
        implicit: opts.implicit,
        motivation: opts.motivation,
      })
    );
    return true;
  } catch (error) {
    if (error instanceof AppError && NOT_MOVED.includes(error.reason ?? "")) return false;
    throw error;
  }
}
