/**
 * Avis externes: an instructeur asks experts by e-mail for their opinion on a dossier. The
 * expert reads the dossier (never the annotations privées) and answers; a confidential avis
 * is seen by instructeurs only, never by other experts. Usagers never see avis.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { emailSchema } from "../accounts/model.ts";
import { ensureInvitedAccount, setDerivedRole } from "../accounts/invited.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { notifyInstructeurs } from "../notifications/instructeur.ts";
import { attachToDossier, requireSound } from "../files/service.ts";
import { parseSettings } from "../demarches/codecs.ts";
import { findDossier } from "../dossiers/store.ts";
import { demarcheOf } from "../dossiers/usager_store.ts";
import { formOf } from "../dossiers/_access.ts";
import { parseValues } from "../dossiers/model.ts";
import { type DossierState, stateLabel } from "../dossiers/lifecycle.ts";
import { instructed } from "./service.ts";
import * as store from "./avis_store.ts";
import {
  dayInParis,
  dueOnProblem,
  dueOnSchema,
  firstReminderOn,
  frenchDay,
  isLate,
} from "./avis_deadline.ts";

const id = rowId("Identifiant inconnu.");
const text = (what: string, max: number) =>
  v.pipe(
    v.string(`Écrivez ${what}.`),
    v.trim(),
    v.nonEmpty(`Écrivez ${what}.`),
    v.maxLength(max, `Ce texte ne doit pas dépasser ${max} caractères.`),
  );
const fileId = v.optional(v.pipe(v.string(), v.uuid("Pièce jointe inconnue.")));

export const avisInputs = {
  ask: v.object({
    dossierId: id,
    emails: v.pipe(
      v.array(emailSchema, "Indiquez les adresses des experts."),
      v.minLength(1, "Indiquez au moins un expert."),
      v.maxLength(20, "Au plus 20 experts à la fois."),
    ),
    introduction: text("l’introduction de votre demande", 5000),
    question: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(500))), null),
    confidentiel: v.optional(v.boolean(), false),
    fileId,
    /** « Réponse attendue avant le … » (optional). */
    dueOn: v.optional(v.nullable(dueOnSchema), null),
  }),
  forDossier: v.object({ dossierId: id }),
  byId: v.object({ avisId: id }),
  dueOn: v.object({ avisId: id, dueOn: v.nullable(dueOnSchema) }),
  answer: v.object({
    avisId: id,
    answer: text("votre avis", 10_000),
    yes: v.optional(v.nullable(v.boolean()), null),
    fileId,
  }),
};

/** Asks each expert for an avis; each gets an e-mail (and an account if they had none). */
export async function askAvis(
  deps: Deps,
  actor: Actor | null,
  input: {
    dossierId: number;
    emails: string[];
    introduction: string;
    question: string | null;
    confidentiel: boolean;
    fileId?: string;
    dueOn?: string | null;
  },
) {
  const { me, dossier, demarche } = await instructed(deps, actor, input.dossierId);
  const dueOn = input.dueOn ?? null;
  const late = dueOn === null ? null : dueOnProblem(dueOn, deps.clock());
  if (late) throw new AppError("BAD_REQUEST", late, { dueOn: late });
  const settings = parseSettings(demarche.settings).avis ?? { enabled: true, experts: [] };
  if (!settings.enabled) {
    throw new AppError("CONFLICT", "Les avis externes sont désactivés pour cette démarche.");
  }
  const outside = settings.experts.length
    ? input.emails.filter((e) => !settings.experts.includes(e))
    : [];
  if (outside.length) {
    throw new AppError(
      "BAD_REQUEST",
      `Cette démarche limite les avis à une liste d’experts : ${
        outside.join(", ")
      } n’en fait pas partie.`,
      {
        emails: "Expert hors de la liste de la démarche.",
      },
    );
  }
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    if (input.fileId) {
      const refused = await attachToDossier(trx, {
        dossierId: dossier.id,
        ownerId: me.userId,
        fileIds: [input.fileId],
      });
      if (refused.length) {
        throw new AppError(
          "BAD_REQUEST",
          "La pièce jointe est introuvable : joignez-la à nouveau.",
        );
      }
      await requireSound(trx, [input.fileId]);
    }
    for (const email of new Set(input.emails)) {
      const account = await ensureInvitedAccount(deps, trx, email);
      await setDerivedRole(deps, trx, account.userId, "expert", true);
      const avisId = await store.insertAvis(trx, {
        dossierId: dossier.id,
        askedBy: me.userId,
        expertId: account.userId,
        expertEmail: email,
        introduction: input.introduction,
        question: input.question || null,
        confidentiel: input.confidentiel,
        fileId: input.fileId ?? null,
        dueOn,
        nextReminderOn: dueOn && firstReminderOn(dueOn, dayInParis(deps.clock())),
        now,
      });
      const link = await account.link({
        kind: "avis",
        retour: `/avis/${avisId}`,
        par: me.email,
        demarche: demarche.titre,
        dossier: dossier.id,
      });
      await queueMessage(
        trx,
        mails.demandeAvis(email, demarche.titre, dossier.id, input.introduction, link, {
          dueOn: dueOn && frenchDay(dueOn),
        }),
        { now, demarcheId: dossier.demarche_id },
      );
    }
  });
}

const view = (now: Date, a: {
  id: number;
  expert_email: string;
  introduction: string;
  question: string | null;
  confidentiel: number;
  file_id: string | null;
  answer: string | null;
  answer_yes: number | null;
  answer_file_id: string | null;
  answered_at: string | null;
  reminded_at: string | null;
  revoked_at: string | null;
  created_at: string;
  due_on: string | null;
  auto_reminded_at: string | null;
}) => ({
  id: a.id,
  expert: a.expert_email,
  introduction: a.introduction,
  question: a.question,
  confidentiel: a.confidentiel === 1,
  fileId: a.file_id,
  answer: a.answer,
  yes: a.answer_yes === null ? null : a.answer_yes === 1,
  answerFileId: a.answer_file_id,
  answeredAt: a.answered_at,
  remindedAt: a.reminded_at,
  revoked: a.revoked_at !== null,
  askedAt: a.created_at,
  dueOn: a.due_on,
  autoRemindedAt: a.auto_reminded_at,
  late: isLate(
    { dueOn: a.due_on, answeredAt: a.answered_at, revoked: a.revoked_at !== null },
    now,
  ),
});

/** Every avis of a dossier, confidential ones included, for its instructeurs; late ones first. */
export async function avisOfDossier(deps: Deps, actor: Actor | null, input: { dossierId: number }) {
  const { dossier } = await instructed(deps, actor, input.dossierId);
  const now = deps.clock();
  const all = (await store.avisOfDossier(deps.db, dossier.id)).map((a) => view(now, a));
  return [...all.filter((a) => a.late), ...all.filter((a) => !a.late)];
}

/**
 * The avis, with its dossier's démarche, once its dossier is known to be instructed by
 * `actor` (else « not found »).
 */
export async function avisForInstructeur(deps: Deps, actor: Actor | null, avisId: number) {
  const avis = await store.findAvis(deps.db, avisId);
  if (!avis) throw new AppError("NOT_FOUND", "Cet avis n’existe pas.");
  const { dossier } = await instructed(deps, actor, avis.dossier_id);
  return { ...avis, demarcheId: dossier.demarche_id };
}

/** Reminds the expert by e-mail. */
export async function remindAvis(deps: Deps, actor: Actor | null, input: { avisId: number }) {
  const avis = await avisForInstructeur(deps, actor, input.avisId);
  if (avis.answered_at || avis.revoked_at) {
    throw new AppError("CONFLICT", "Cet avis a déjà été donné ou retiré.");
  }
  const titre = await store.demarcheTitreOf(deps.db, avis.dossier_id);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    await store.setReminded(trx, avis.id, now);
    await queueMessage(
      trx,
      mails.demandeAvis(
        avis.expert_email,
        titre,
        avis.dossier_id,
        `Rappel : ${avis.introduction}`,
        `${deps.baseUrl}/avis`,
        { dueOn: avis.due_on && frenchDay(avis.due_on) },
      ),
      { now, demarcheId: avis.demarcheId },
    );
  });
}

/** Withdraws a request: the expert loses access to the dossier. */
export async function revokeAvis(deps: Deps, actor: Actor | null, input: { avisId: number }) {
  const avis = await avisForInstructeur(deps, actor, input.avisId);
  if (avis.answered_at) {
    throw new AppError("CONFLICT", "Cet avis a déjà été donné : il reste au dossier.");
  }
  await store.setRevoked(deps.db, avis.id, deps.clock().toISOString());
}

async function expertAvis(deps: Deps, actor: Actor | null, avisId: number) {
  const me = authorize(actor, "compte.lire");
  const avis = await store.findLiveAvis(deps.db, avisId);
  if (!avis || !can(me, "avis.repondre", { ownerId: avis.expert_id })) {
    throw new AppError("NOT_FOUND", "Cette demande d’avis n’existe pas ou a été retirée.");
  }
  return { me, avis };
}

/** The expert's *Avis* space: the requests they received. */
export async function myAvis(deps: Deps, actor: Actor | null) {
  const me = authorize(actor, "compte.lire");
  const rows = await store.avisOfExpert(deps.db, me.userId);
  const now = deps.clock();
  return rows.map((r) => ({
    id: r.id,
    dossierId: r.dossier_id,
    demarche: r.titre,
    introduction: r.introduction,
    answered: r.answered_at !== null,
    askedAt: r.created_at,
    dueOn: r.due_on,
    late: isLate({ dueOn: r.due_on, answeredAt: r.answered_at, revoked: false }, now),
  }));
}

/**
 * What the expert reads: the request, the dossier read-only (no annotations privées), and
 * the other experts' answers that are not confidential.
 */
export async function avisForExpert(deps: Deps, actor: Actor | null, input: { avisId: number }) {
  const { me, avis } = await expertAvis(deps, actor, input.avisId);
  const dossier = await findDossier(deps.db, avis.dossier_id);
  if (!dossier) {
    throw new AppError("NOT_FOUND", "Cette demande d’avis n’existe pas ou a été retirée.");
  }
  const demarche = await demarcheOf(deps.db, dossier.demarche_id);
  const form = await formOf(deps.db, dossier, false);
  const others = await store.othersAnswers(deps.db, dossier.id, me.userId);
  const now = deps.clock();
  return {
    avis: view(now, avis),
    dossier: {
      id: dossier.id,
      state: dossier.state as DossierState,
      stateLabel: stateLabel(dossier.state as DossierState),
      demarche: demarche.titre,
      champs: form.champs,
      values: parseValues(dossier.champ_values),
    },
    otherAvis: others.map((a) => view(now, a)),
  };
}

/** The expert's answer; the instructeurs are told (core/notifications/instructeur.ts). */
export async function answerAvis(
  deps: Deps,
  actor: Actor | null,
  input: { avisId: number; answer: string; yes: boolean | null; fileId?: string },
) {
  const { me, avis } = await expertAvis(deps, actor, input.avisId);
  if (avis.answered_at) throw new AppError("CONFLICT", "Vous avez déjà donné cet avis.");
  if (avis.question && input.yes === null) {
    throw new AppError("BAD_REQUEST", `Répondez à la question : « ${avis.question} »`, {
      yes: "Répondez par oui ou par non.",
    });
  }
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    if (input.fileId) {
      const refused = await attachToDossier(trx, {
        dossierId: avis.dossier_id,
        ownerId: me.userId,
        fileIds: [input.fileId],
      });
      if (refused.length) {
        throw new AppError(
          "BAD_REQUEST",
          "La pièce jointe est introuvable : joignez-la à nouveau.",
        );
      }
      await requireSound(trx, [input.fileId]);
    }
    await store.setAnswer(trx, avis.id, {
      answer: input.answer,
      yes: input.yes,
      fileId: input.fileId ?? null,
      now,
    });
    // The followers and the instructeur who asked, each as they chose; the text never.
    await notifyInstructeurs(trx, "avis", {
      dossierId: avis.dossier_id,
      authorId: me.userId,
      also: avis.asked_by === null ? [] : [avis.asked_by],
      now,
      baseUrl: deps.baseUrl,
    });
  });
}
