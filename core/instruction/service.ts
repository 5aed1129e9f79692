/**
 * Instruction: a dossier as its instructeurs read it, its annotations privées, following,
 * decisions, archive, reassign, batch actions. An instructeur sees only the dossiers of
 * their groupes, never a brouillon. Each decision writes its event and queues the usager's
 * e-mail in the same transaction; of two concurrent decisions exactly one wins.
 */
import { queueAttestation } from "./attestation.ts";
import { queueDossierMail } from "../notifications/dossier_mails.ts";
import type { MailKind } from "../demarches/mails.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { enqueueAfterHooks, runBeforeHooks } from "../plugin_host/service.ts";
import type { Form } from "../shared/form.ts";
import type { Mode } from "../demarches/settings.ts";
import type { Executor } from "../db/mod.ts";
import { type DossierState, stateLabel, TERMINAL, transition } from "../dossiers/lifecycle.ts";
import { checkValues } from "../dossiers/values.ts";
import { revisionNumbers, saveMerged } from "../dossiers/co_editing.ts";
import * as dossierStore from "../dossiers/store.ts";
import type { DECISION_EVENTS } from "./model.ts";
import { tracked } from "./counters.ts";
import { markSeen } from "./unseen.ts";
import { peopleOf } from "./people.ts";
import { attachToDossier, fileLink } from "../files/service.ts";
import { conservationView } from "../dossiers/conservation_rules.ts";
import { implicitDecisionView } from "../dossiers/implicit_decisions.ts";

const notFound = () =>
  new AppError("NOT_FOUND", "Ce dossier n’existe pas ou n’est pas dans vos groupes.");
export const DECIDED = TERMINAL as readonly string[];

export async function myGroupes(
  db: Executor,
  userId: number,
  demarcheId?: number,
): Promise<number[]> {
  let q = db.selectFrom("groupe_membres")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .select("groupe_membres.groupe_id").where("groupe_membres.user_id", "=", userId);
  if (demarcheId !== undefined) q = q.where("groupes_instructeurs.demarche_id", "=", demarcheId);
  return (await q.execute()).map((r) => r.groupe_id);
}

/** The dossier if the actor instructs it (a member of its groupe, and it is not a brouillon). */
export async function instructed(deps: Deps, actor: Actor | null, id: number) {
  const me = authorize(actor, "compte.lire");
  const dossier = await dossierStore.findDossier(deps.db, id);
  if (!dossier || dossier.state === "brouillon" || dossier.groupe_id === null) throw notFound();
  const members = await deps.db.selectFrom("groupe_membres").select("user_id")
    .where("groupe_id", "=", dossier.groupe_id).execute();
  try {
    authorize(me, "dossier.instruire", { readerIds: members.map((m) => m.user_id) });
  } catch {
    throw notFound();
  }
  const demarche = await deps.db.selectFrom("demarches").selectAll().where(
    "id",
    "=",
    dossier.demarche_id,
  )
    .executeTakeFirstOrThrow();
  const form = dossier.revision_id === null ? JSON.parse(demarche.draft_form) as Form : JSON.parse(
    (await deps.db.selectFrom("revisions").select("form").where("id", "=", dossier.revision_id)
      .executeTakeFirstOrThrow()).form,
  ) as Form;
  return { me, dossier, demarche, form };
}

/** The dossier as an instructeur reads it: demande, annotations privées, history, followers. */
export async function dossierForInstructeur(
  deps: Deps,
  actor: Actor | null,
  input: { id: number },
) {
  const { me, dossier, demarche, form } = await instructed(deps, actor, input.id);
  await markSeen(deps.db, dossier.id, { userId: me.userId, now: deps.clock().toISOString() });
  const owner = await deps.db.selectFrom("users").select("email").where("id", "=", dossier.owner_id)
    .executeTakeFirstOrThrow();
  const followers = await deps.db.selectFrom("dossier_follows").innerJoin(
    "users",
    "users.id",
    "dossier_follows.user_id",
  )
    .select(["users.id", "users.email"]).where("dossier_id", "=", dossier.id).execute();
  return {
    id: dossier.id,
    state: dossier.state as DossierState,
    stateLabel: stateLabel(dossier.state as DossierState),
    test: dossier.is_test === 1,
    archived: dossier.archived === 1,
    demarche: { id: demarche.id, titre: demarche.titre, mode: demarche.mode },
    groupeId: dossier.groupe_id,
    usager: owner.email,
    champs: form.champs,
    values: JSON.parse(dossier.champ_values) as Record<string, unknown>,
    annotations: form.annotations,
    annotationValues: JSON.parse(dossier.annotation_values) as Record<string, unknown>,
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
    tracked(trx, dossier.id, async () => {
      if (input.on) {
        await trx.insertInto("dossier_follows")
          .values({
            dossier_id: dossier.id,
            user_id: me.userId,
            created_at: deps.clock().toISOString(),
          })
          .onConflict((oc) => oc.columns(["dossier_id", "user_id"]).doNothing()).execute();
      } else {
        await trx.deleteFrom("dossier_follows").where("dossier_id", "=", dossier.id)
          .where("user_id", "=", me.userId).execute();
      }
    })
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
  input: { id: number; values: Record<string, unknown>; bases?: Record<string, number> },
) {
  // Files as stored, attached to the dossier: read by its instructeurs, never purged.
  return await saveMerged(deps, {
    document: "annotations",
    edits: input.values,
    bases: input.bases,
    open: async (tx) => {
      const { me, dossier, form } = await instructed(tx, actor, input.id);
      return { dossier, userId: me.userId, champs: form.annotations };
    },
  });
}

/**
 * Applies an instructeur's decision with the lifecycle's guards: motivation where required,
 * mandatory annotations privées filled before a decision. A decision may carry a
 * justificatif (the instructeur's upload), attached to the dossier so its usager reads it.
 */
export async function decide(
  deps: Deps,
  actor: Actor | null,
  input: {
    id: number;
    event: typeof DECISION_EVENTS[number];
    motivation: string;
    fileId?: string;
  },
) {
  const { me, dossier, demarche, form } = await instructed(deps, actor, input.id);
  const annotations = checkValues(form.annotations, JSON.parse(dossier.annotation_values), {
    types: deps.host.champTypes,
    now: deps.clock(),
    deposit: true,
  });
  const result = transition(dossier.state as DossierState, input.event, {
    by: "instructeur",
    mode: demarche.mode as Mode,
    motivation: input.motivation,
    annotationsComplete: Object.keys(annotations.errors).length === 0,
  });
  if (!result.ok) {
    // A missing motive or annotation is the instructeur's to fix (400); a state that moved
    // on is a conflict (409).
    const fixable = result.reason.startsWith("Indiquez") || result.reason.startsWith("Remplissez");
    throw new AppError(
      fixable ? "BAD_REQUEST" : "CONFLICT",
      result.reason,
      {
        ...(result.reason.startsWith("Indiquez") ? { motivation: result.reason } : {}),
        ...annotations.errors,
      },
    );
  }
  await deps.db.transaction().execute((trx) =>
    tracked(trx, dossier.id, async () => {
      const now = deps.clock().toISOString();
      const event = { event: input.event, dossierId: dossier.id, demarcheId: demarche.id };
      await runBeforeHooks(trx, deps.host, event);
      const decided = DECIDED.includes(result.to);
      if (input.fileId) {
        if (!decided) {
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
      }
      const moved = await dossierStore.moveState(trx, dossier.id, dossier.state, {
        state: result.to,
        ...(result.to === "en_instruction" && input.event === "passer_en_instruction"
          ? { en_instruction_at: now }
          : {}),
        decided_at: decided ? now : null,
        motivation: decided ? (input.motivation || null) : null,
        // A decision ends the « silence vaut … » clock; withdrawing it does not restart it.
        ...(decided || input.event === "repasser_en_instruction"
          ? { implicit_decision_on: null, implicit_decision_suspended_on: null }
          : {}),
        // « Repasser en instruction » withdraws the decision, and its justificatif with it.
        justificatif_file_id: decided ? (input.fileId ?? null) : null,
      }, now);
      if (!moved) {
        throw new AppError(
          "CONFLICT",
          "Ce dossier vient d’être modifié par quelqu’un d’autre : rechargez la page.",
        );
      }
      if (input.event === "passer_en_instruction") {
        // Modifications the usager had not deposited are dropped: the dossier is now frozen.
        await trx.updateTable("dossiers").set({ pending_values: null }).where("id", "=", dossier.id)
          .execute();
      }
      if (input.event === "repasser_en_instruction") {
        // The decision is withdrawn, and its attestation with it.
        await trx.updateTable("dossiers").set({ archived: 0, attestation_file_id: null })
          .where("id", "=", dossier.id).execute();
      }
      if (result.to === "accepte") {
        await queueAttestation(trx, deps, { id: dossier.id, demarcheId: demarche.id }, now);
      }
      await dossierStore.insertEvent(trx, {
        dossierId: dossier.id,
        event: input.event,
        from: dossier.state,
        to: result.to,
        actorId: me.userId,
        automatic: false,
        motivation: input.motivation || null,
        details: input.fileId ? { justificatif: input.fileId } : null,
        now,
      });
      if (input.event === "passer_en_instruction") {
        await trx.insertInto("dossier_follows").values({
          dossier_id: dossier.id,
          user_id: me.userId,
          created_at: now,
        })
          .onConflict((oc) => oc.columns(["dossier_id", "user_id"]).doNothing()).execute();
      }
      const owner = await trx.selectFrom("users").select("email").where("id", "=", dossier.owner_id)
        .executeTakeFirstOrThrow();
      await queueDossierMail(trx, deps.host, result.to as MailKind, {
        dossierId: dossier.id,
        to: owner.email,
        link: `${deps.baseUrl}/dossiers/${dossier.id}`,
        motivation: decided ? input.motivation : null,
        now,
      });
      await enqueueAfterHooks(trx, deps.host, event, { now });
    })
  );
  return { state: result.to };
}

/** Archives (or brings back) a decided dossier. */
export async function archive(deps: Deps, actor: Actor | null, input: { id: number; on: boolean }) {
  const { dossier } = await instructed(deps, actor, input.id);
  if (!DECIDED.includes(dossier.state)) {
    throw new AppError("CONFLICT", "Seul un dossier traité peut être archivé.");
  }
  await deps.db.transaction().execute((trx) =>
    tracked(
      trx,
      dossier.id,
      () =>
        trx.updateTable("dossiers").set({ archived: input.on ? 1 : 0 }).where("id", "=", dossier.id)
          .execute(),
    )
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
  const groupe = await deps.db.selectFrom("groupes_instructeurs").select("id")
    .where("id", "=", input.groupeId).where("demarche_id", "=", dossier.demarche_id)
    .executeTakeFirst();
  if (!groupe) throw new AppError("NOT_FOUND", "Ce groupe n’existe pas dans cette démarche.");
  if (groupe.id === dossier.groupe_id) {
    throw new AppError("CONFLICT", "Le dossier est déjà dans ce groupe.");
  }
  await deps.db.transaction().execute((trx) =>
    tracked(trx, dossier.id, async () => {
      await trx.updateTable("dossiers").set({
        groupe_id: groupe.id,
        updated_at: deps.clock().toISOString(),
      })
        .where("id", "=", dossier.id).execute();
      const members =
        (await trx.selectFrom("groupe_membres").select("user_id").where("groupe_id", "=", groupe.id)
          .execute()).map((m) => m.user_id);
      let q = trx.deleteFrom("dossier_follows").where("dossier_id", "=", dossier.id);
      if (members.length) q = q.where("user_id", "not in", members);
      await q.execute();
    })
  );
}

/** The groupes a dossier can be moved to (its démarche's). */
export async function groupesOf(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier } = await instructed(deps, actor, input.id);
  return await deps.db.selectFrom("groupes_instructeurs").select(["id", "label", "is_default"])
    .where("demarche_id", "=", dossier.demarche_id).orderBy("is_default", "desc").orderBy(
      "position",
    ).execute();
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
