/**
 * Deposits: the first one (routing, e-mail, hooks, the declarative automatic step, in one
 * transaction), the re-deposit of modifications, and the automatic step's job.
 */
import { queueAttestation } from "../instruction/attestation.ts";
import { queueDossierMail } from "../notifications/dossier_mails.ts";
import { notifyInstructeurs } from "../notifications/instructeur.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import { enqueueAfterHooks, runBeforeHooks } from "../plugin_host/service.ts";
import type { Condition } from "../shared/conditions.ts";
import type { Mode } from "../demarches/settings.ts";
import { implicitRuleOf, resumeImplicitDecision } from "./implicit_decisions.ts";
import { dayInFrance, decisionDate } from "./implicit_decision.ts";
import {
  automaticAfterDeposit,
  type DossierState,
  type ImplicitKind,
  stateLabel,
  transition,
} from "./lifecycle.ts";
import { routeDossier } from "./routing.ts";
import { indexDossier } from "./index_values.ts";
import { resolveCorrections } from "../messagerie/service.ts";
import * as store from "./store.ts";
import { tracked } from "../instruction/counters.ts";
import { checkDossierValues, ownDossier } from "./_access.ts";

export const AUTOMATIC_JOB = "dossier.automatique";

/**
 * Deposits the dossier: all visible mandatory champs valid (every problem listed at once),
 * routed to its groupe, deposit e-mail queued, and for a declarative démarche the automatic
 * step queued — all in one transaction.
 */
export async function deposer(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier, demarche, form } = await ownDossier(deps, actor, input.id);
  const mode = demarche.mode as Mode;
  const allowed = transition(dossier.state as DossierState, "deposer", { by: "usager", mode });
  if (!allowed.ok) throw new AppError("CONFLICT", allowed.reason);
  if (demarche.state === "close") {
    throw new AppError("CONFLICT", "Cette démarche est close : elle n’accepte plus de dépôt.");
  }
  const { values, errors } = await checkDossierValues(
    deps,
    { id: dossier.id, uploaderId: actor!.userId },
    form.champs,
    JSON.parse(dossier.champ_values),
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
  await deps.db.transaction().execute((trx) =>
    tracked(trx, dossier.id, async () => {
      const now = deps.clock().toISOString();
      const event = { event: "deposer" as const, dossierId: dossier.id, demarcheId: demarche.id };
      await runBeforeHooks(trx, deps.host, event);
      const groupes =
        (await trx.selectFrom("groupes_instructeurs").select(["id", "is_default", "routing_rule"])
          .where("demarche_id", "=", demarche.id).orderBy("is_default").orderBy("position").orderBy(
            "id",
          ).execute())
          .map((g) => ({
            id: g.id,
            isDefault: g.is_default === 1,
            rule: g.routing_rule ? JSON.parse(g.routing_rule) as Condition : null,
          }));
      const implicit = implicitRuleOf(demarche.settings);
      const moved = await store.moveState(trx, dossier.id, "brouillon", {
        state: allowed.to,
        deposited_at: now,
        groupe_id: routeDossier(groupes, values),
        implicit_decision_on: implicit ? decisionDate(dayInFrance(now), implicit) : null,
        implicit_decision_suspended_on: null,
      }, now);
      if (!moved) throw new AppError("CONFLICT", "Ce dossier vient d’être déposé.");
      await store.updateDossier(trx, dossier.id, { champ_values: JSON.stringify(values) }, now);
      await indexDossier(
        trx,
        deps.host,
        { id: dossier.id, demarcheId: demarche.id, usager: actor!.email },
        form.champs,
        values,
      );
      await store.insertEvent(trx, {
        dossierId: dossier.id,
        event: "deposer",
        from: "brouillon",
        to: allowed.to,
        actorId: actor!.userId,
        automatic: false,
        now,
      });
      if (dossier.is_test === 0) {
        await trx.updateTable("demarches").set((eb) => ({
          deposited_dossiers_count: eb("deposited_dossiers_count", "+", 1),
        }))
          .where("id", "=", demarche.id).execute();
      }
      await queueDossierMail(trx, deps.host, "depose", {
        dossierId: dossier.id,
        to: actor!.email,
        link: `${deps.baseUrl}/dossiers/${dossier.id}`,
        now,
      });
      await notifyInstructeurs(trx, "depot", {
        dossierId: dossier.id,
        authorId: actor!.userId,
        now,
        baseUrl: deps.baseUrl,
      });
      await enqueueAfterHooks(trx, deps.host, event, { now });
      const automatic = automaticAfterDeposit(mode);
      if (automatic) {
        await enqueue(trx, AUTOMATIC_JOB, { dossierId: dossier.id, event: automatic }, { now });
      }
    })
  );
  return { id: dossier.id };
}

/**
 * Deposits the modifications of a dossier en construction: checked like a deposit, then
 * they replace the deposited values in one transaction, with an event naming the champs
 * that changed; a pending demande de correction is resolved.
 */
export async function deposerModifications(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier, demarche, form } = await ownDossier(deps, actor, input.id);
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
    JSON.parse(dossier.pending_values),
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
  const before = JSON.parse(dossier.champ_values) as Record<string, unknown>;
  const changed = form.champs.filter((c) =>
    JSON.stringify(before[c.stableId]) !== JSON.stringify(values[c.stableId])
  );
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const r = await trx.updateTable("dossiers")
      .set({ champ_values: JSON.stringify(values), pending_values: null, updated_at: now })
      .where("id", "=", dossier.id).where("state", "=", "en_construction").executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
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
    const owner = await trx.selectFrom("users").select("email").where("id", "=", dossier.owner_id)
      .executeTakeFirstOrThrow();
    await indexDossier(
      trx,
      deps.host,
      { id: dossier.id, demarcheId: demarche.id, usager: owner.email },
      form.champs,
      values,
    );
    await resolveCorrections(trx, dossier.id, now);
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
      { now },
    );
  });
  return { changed: changed.map((c) => c.stableId) };
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

/** The job that applies a declarative démarche's automatic step, recorded as automatic. */
export function automaticHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const { dossierId, event } = payload as {
      dossierId: number;
      event: "passer_en_instruction" | "accepter_automatiquement";
    };
    await applyAutomatic(deps, dossierId, { event });
  };
}

/**
 * Applies an automatic step the way an instructeur's decision is applied, in one
 * transaction: state, event, usager e-mail, attestation for an acceptance, tab counters,
 * after hooks. A declarative step, or with `implicit` an implicit decision (its date come;
 * the motivation says why). Returns whether the dossier moved: already moved (by an
 * instructeur, or an earlier run) it does nothing.
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
  const { event } = opts;
  const dossier = await store.findDossier(deps.db, dossierId);
  if (!dossier) return false;
  const demarche = await deps.db.selectFrom("demarches").select(["mode", "titre"]).where(
    "id",
    "=",
    dossier.demarche_id,
  )
    .executeTakeFirstOrThrow();
  const next = transition(dossier.state as DossierState, event, {
    by: "systeme",
    mode: demarche.mode as Mode,
    implicit: opts.implicit,
  });
  if (!next.ok) return false;
  const motivation = opts.motivation ?? null;
  return await deps.db.transaction().execute((trx) =>
    tracked(trx, dossierId, async () => {
      const now = deps.clock().toISOString();
      const decided = next.to !== "en_instruction";
      const moved = await store.moveState(trx, dossierId, dossier.state, {
        state: next.to,
        ...(dossier.state === "en_construction" ? { en_instruction_at: now } : {}),
        ...(decided ? { decided_at: now, motivation, implicit_decision_on: null } : {}),
      }, now);
      if (!moved) return false;
      await store.insertEvent(trx, {
        dossierId,
        event,
        from: dossier.state,
        to: next.to,
        actorId: null,
        automatic: true,
        motivation,
        now,
      });
      const owner = await trx.selectFrom("users").select("email").where(
        "id",
        "=",
        dossier.owner_id,
      )
        .executeTakeFirstOrThrow();
      if (next.to === "accepte") {
        await queueAttestation(
          trx,
          deps,
          { id: dossierId, demarcheId: dossier.demarche_id },
          now,
        );
      }
      await queueDossierMail(trx, deps.host, next.to as "en_instruction" | "accepte" | "refuse", {
        dossierId,
        to: owner.email,
        link: `${deps.baseUrl}/dossiers/${dossierId}`,
        motivation,
        now,
      });
      await enqueueAfterHooks(
        trx,
        deps.host,
        { event, dossierId, demarcheId: dossier.demarche_id },
        { now },
      );
      return true;
    })
  );
}
