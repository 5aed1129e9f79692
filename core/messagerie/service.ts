/**
 * The messagerie of a dossier, between its usager and its instructeurs: open from deposit
 * until the decision. A message e-mails the usager, or tells the instructeurs as each chose. An
 * instructeur's demande de correction is a message that sends a dossier en instruction back
 * to construction; the usager's re-deposit resolves it.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { notifyInstructeurs } from "../notifications/instructeur.ts";
import { attachToDossier, requireSound } from "../files/service.ts";
import type { Executor } from "../db/mod.ts";
import { type DossierState, messagerieOpen } from "../dossiers/lifecycle.ts";
import { applyTransition } from "../dossiers/transition.ts";
import * as dossierStore from "../dossiers/store.ts";
import { emailOf, groupeMemberIds, inviteeIds } from "../dossiers/usager_store.ts";
import { lastMessageRead, markMessagesRead } from "../dossiers/reads_store.ts";
import { CORRECTION_LABELS, type CorrectionReason } from "./model.ts";
import * as store from "./store.ts";
import { suspendImplicitDecision } from "../dossiers/implicit_decisions.ts";

export { pendingCorrection } from "../dossiers/usager_store.ts";
export { resolveCorrections } from "./store.ts";

const notFound = () =>
  new AppError("NOT_FOUND", "Ce dossier n’existe pas ou vous n’y avez pas accès.");

/** The dossier and the actor's side of the conversation, if they take part in it. */
async function participant(deps: Deps, actor: Actor | null, dossierId: number) {
  const me = authorize(actor, "compte.lire");
  const dossier = await dossierStore.findDossier(deps.db, dossierId);
  if (!dossier || dossier.state === "brouillon") throw notFound();
  const instructeurs = await groupeMemberIds(deps.db, dossier.groupe_id);
  const isInstructeur = can(me, "dossier.instruire", { readerIds: instructeurs });
  const invites = await inviteeIds(deps.db, dossier.id);
  // The usager's side: the owner and the people they invited to fill the dossier.
  const isUsager = can(me, "dossier.usager", { ownerId: dossier.owner_id }) ||
    can(me, "dossier.coconstruire", { readerIds: invites });
  if (!isInstructeur && !isUsager) throw notFound();
  return {
    me,
    dossier,
    instructeurs,
    side: isInstructeur ? "instructeur" as const : "usager" as const,
  };
}

/** The thread, oldest first; reading it marks it read for the actor. */
export async function listMessages(deps: Deps, actor: Actor | null, input: { dossierId: number }) {
  const { me, dossier, side } = await participant(deps, actor, input.dossierId);
  const rows = await store.threadOf(deps.db, dossier.id);
  const read = await lastMessageRead(deps.db, dossier.id, me.userId);
  const last = rows.at(-1)?.id;
  if (last !== undefined && last !== read) {
    await markMessagesRead(deps.db, dossier.id, me.userId, last);
  }
  return {
    open: messagerieOpen(dossier.state as DossierState),
    side,
    messages: rows.map((m) => ({
      id: m.id,
      body: m.body,
      mine: m.author_id === me.userId,
      // The usager reads « Administration », not an agent's address.
      author: m.from_instructeur
        ? (side === "instructeur" ? m.email ?? "Instructeur" : "Administration")
        : (m.author_id === me.userId ? "Vous" : "Usager"),
      fromInstructeur: m.from_instructeur === 1,
      correction: m.correction_reason
        ? {
          reason: m.correction_reason,
          label: CORRECTION_LABELS[m.correction_reason as CorrectionReason],
          resolved: m.resolved_at !== null,
        }
        : null,
      file: m.fileId ? { id: m.fileId, filename: m.filename! } : null,
      createdAt: m.created_at,
      unread: read === undefined
        ? m.author_id !== me.userId
        : m.id > read && m.author_id !== me.userId,
    })),
  };
}

async function insertMessage(
  trx: Executor,
  ctx: Awaited<ReturnType<typeof participant>>,
  input: { body: string; fileId?: string; correctionReason?: CorrectionReason },
  now: string,
) {
  if (input.fileId) {
    const refused = await attachToDossier(trx, {
      dossierId: ctx.dossier.id,
      ownerId: ctx.me.userId,
      fileIds: [input.fileId],
    });
    if (refused.length) {
      throw new AppError("BAD_REQUEST", "La pièce jointe est introuvable : joignez-la à nouveau.");
    }
    await requireSound(trx, [input.fileId]);
  }
  await store.insertMessage(trx, {
    dossierId: ctx.dossier.id,
    authorId: ctx.me.userId,
    fromInstructeur: ctx.side === "instructeur",
    body: input.body,
    fileId: input.fileId ?? null,
    correctionReason: input.correctionReason ?? null,
    now,
  });
}

/** The usager's address, to tell them of an instructeur's message. */
async function usagerEmail(
  trx: Executor,
  ctx: Awaited<ReturnType<typeof participant>>,
): Promise<string> {
  return await emailOf(trx, ctx.dossier.owner_id);
}

/** Writes a message while the messagerie is open; the other side is e-mailed. */
export async function postMessage(
  deps: Deps,
  actor: Actor | null,
  input: {
    dossierId: number;
    body: string;
    fileId?: string;
    /** Runs first in the message's transaction: what must be written with it, or not at all. */
    within?: (trx: Executor) => Promise<void>;
  },
) {
  const ctx = await participant(deps, actor, input.dossierId);
  if (!messagerieOpen(ctx.dossier.state as DossierState)) {
    throw new AppError("CONFLICT", "La messagerie est close : le dossier a reçu sa décision.");
  }
  const titre = await store.demarcheTitre(deps.db, ctx.dossier.demarche_id);
  await deps.db.transaction().execute(async (trx) => {
    await input.within?.(trx);
    const now = deps.clock().toISOString();
    await insertMessage(trx, ctx, input, now);
    if (ctx.side === "usager") {
      // The instructeurs, each as they chose (core/notifications/instructeur.ts).
      await notifyInstructeurs(trx, "message", {
        dossierId: ctx.dossier.id,
        authorId: ctx.me.userId,
        now,
        baseUrl: deps.baseUrl,
      });
      return;
    }
    await queueMessage(
      trx,
      mails.nouveauMessage(
        await usagerEmail(trx, ctx),
        titre,
        ctx.dossier.id,
        `${deps.baseUrl}/dossiers/${ctx.dossier.id}`,
      ),
      { now, demarcheId: ctx.dossier.demarche_id },
    );
  });
}

/**
 * An instructeur asks the usager to correct the dossier: a message with its reason; a
 * dossier en instruction goes back to construction so the usager can modify it.
 */
export async function requestCorrection(
  deps: Deps,
  actor: Actor | null,
  input: {
    dossierId: number;
    body: string;
    reason: CorrectionReason;
    /** Runs first in the demande's transaction: what must be written with it, or not at all. */
    within?: (trx: Executor) => Promise<void>;
  },
) {
  const ctx = await participant(deps, actor, input.dossierId);
  if (ctx.side !== "instructeur") {
    throw new AppError("FORBIDDEN", "Seul un instructeur peut demander une correction.");
  }
  const state = ctx.dossier.state as DossierState;
  if (state !== "en_construction" && state !== "en_instruction") {
    throw new AppError(
      "CONFLICT",
      "Une correction se demande sur un dossier en construction ou en instruction.",
    );
  }
  const titre = await store.demarcheTitre(deps.db, ctx.dossier.demarche_id);
  await deps.db.transaction().execute(async (trx) => {
    await input.within?.(trx);
    const now = deps.clock().toISOString();
    await insertMessage(trx, ctx, { body: input.body, correctionReason: input.reason }, now);
    await suspendImplicitDecision(trx, ctx.dossier.id, now);
    const mail = mails.demandeCorrection(
      await usagerEmail(trx, ctx),
      titre,
      ctx.dossier.id,
      `${deps.baseUrl}/dossiers/${ctx.dossier.id}`,
    );
    if (state === "en_instruction") {
      // Back to construction through the lifecycle: hooks (a plugin may veto), event,
      // counters; the usager's e-mail is the demande's, which says what to correct.
      await applyTransition(deps, trx, {
        dossier: ctx.dossier,
        event: "repasser_en_construction",
        actor: { by: "instructeur", userId: ctx.me.userId },
        motivation: `Demande de correction : ${CORRECTION_LABELS[input.reason]}`,
        usagerMail: mail,
      });
    } else {
      await queueMessage(trx, mail, { now, demarcheId: ctx.dossier.demarche_id });
    }
  });
}
