/**
 * The usager's side of a dossier: start one from a démarche's link, fill it (values checked
 * as typed), deposit it, follow it, put it in the bin. Deposit, its e-mail, its hooks and
 * the automatic step of a declarative démarche commit in one transaction.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import { enqueueAfterHooks, runBeforeHooks } from "../plugin_host/service.ts";
import type { Form } from "../demarches/model.ts";
import type { Condition } from "../demarches/conditions.ts";
import type { Mode, StoredSettings } from "../demarches/settings.ts";
import { renderMarkdown } from "../demarches/markdown.ts";
import type { Executor } from "../demarches/_executor.ts";
import {
  automaticAfterDeposit,
  type DossierState,
  nextStepForUsager,
  stateLabel,
  transition,
  usagerCanDelete,
  usagerCanEdit,
} from "./lifecycle.ts";
import { routeDossier } from "./routing.ts";
import { indexDossier } from "./index_values.ts";
import { checkValues } from "./values.ts";
import { attachToDossier } from "../files/service.ts";
import { pendingCorrection, resolveCorrections } from "../messagerie/service.ts";
import * as store from "./store.ts";
import { tracked } from "../instruction/counters.ts";

export const AUTOMATIC_JOB = "dossier.automatique";

const unknownDemarche = () =>
  new AppError(
    "NOT_FOUND",
    "Cette démarche n’existe pas ou n’est plus en ligne. Vérifiez le lien.",
  );

async function demarcheAt(db: Executor, path: string, test: boolean) {
  const d = await db.selectFrom("demarches").selectAll().where("path", "=", path)
    .where("state", "in", test ? ["brouillon"] : ["publiee", "close", "depubliee"])
    .orderBy("id", "desc").executeTakeFirst();
  if (!d) throw unknownDemarche();
  return d;
}

/** What `/commencer/<path>` shows: the démarche, its service, whether it accepts dossiers. */
export async function demarchePage(deps: Deps, input: { path: string; test: boolean }) {
  const d = await demarcheAt(deps.db, input.path, input.test);
  const settings = JSON.parse(d.settings) as Partial<StoredSettings>;
  const form = await formOf(deps.db, d.published_revision_id, d.draft_form, input.test);
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
  };
}

async function formOf(
  db: Executor,
  revisionId: number | null,
  draft: string,
  test: boolean,
): Promise<Form> {
  if (test || revisionId === null) return JSON.parse(draft) as Form;
  const r = await db.selectFrom("revisions").select("form").where("id", "=", revisionId)
    .executeTakeFirstOrThrow();
  return JSON.parse(r.form) as Form;
}

/** Attaches the files the values name; one that is not the owner's is an error on its champ. */
async function checkFiles(
  deps: Deps,
  dossier: { id: number; uploaderId: number },
  files: Record<string, readonly string[]>,
  errors: Record<string, string>,
) {
  const refused = new Set(
    await attachToDossier(deps.db, {
      dossierId: dossier.id,
      ownerId: dossier.uploaderId,
      fileIds: Object.values(files).flat(),
    }),
  );
  for (const [key, ids] of Object.entries(files)) {
    if (ids.some((id) => refused.has(id))) {
      errors[key] = "Un fichier joint est introuvable : joignez-le à nouveau.";
    }
  }
}

/** Starts a brouillon on the démarche at `path` (en test: on its draft form, marked test). */
export async function startDossier(
  deps: Deps,
  actor: Actor | null,
  input: { path: string; test: boolean },
) {
  const me = authorize(actor, "dossier.creer");
  const page = await demarchePage(deps, input);
  if (!page.open) throw new AppError("CONFLICT", page.closedReason!);
  const d = await demarcheAt(deps.db, input.path, input.test);
  const id = await store.insertDossier(deps.db, {
    demarcheId: d.id,
    revisionId: input.test ? null : d.published_revision_id,
    ownerId: me.userId,
    isTest: input.test,
    values: "{}",
    now: deps.clock().toISOString(),
  });
  return { id };
}

/** An invité's rights on the dossier: which champs they see and may edit. */
export interface InviteAccess {
  readonly maySee: (stableId: string) => boolean;
  readonly mayEdit: (stableId: string) => boolean;
}

/**
 * The dossier if `actor` owns it — or, with `invites`, was invited to fill it (then
 * `invite` says what they may touch). Anyone else reads « not found ».
 */
async function ownDossier(
  deps: Deps,
  actor: Actor | null,
  id: number,
  opts: { invites?: boolean } = {},
) {
  const dossier = await store.findDossier(deps.db, id);
  const me = authorize(actor, "dossier.creer");
  const notFound = () => new AppError("NOT_FOUND", "Ce dossier n’existe pas.");
  if (!dossier) throw notFound();
  let invitation: { kind: string; scope: string; user_id: number } | undefined;
  if (!can(me, "dossier.usager", { ownerId: dossier.owner_id })) {
    invitation = opts.invites
      ? await deps.db.selectFrom("invitations").select(["kind", "scope", "user_id"])
        .where("dossier_id", "=", dossier.id).where("user_id", "=", me.userId)
        .where("revoked_at", "is", null).executeTakeFirst()
      : undefined;
    if (!invitation || !can(me, "dossier.coconstruire", { readerIds: [invitation.user_id] })) {
      throw notFound();
    }
  }
  const demarche = await deps.db.selectFrom("demarches").selectAll().where(
    "id",
    "=",
    dossier.demarche_id,
  )
    .executeTakeFirstOrThrow();
  const form = await formOf(
    deps.db,
    dossier.revision_id,
    demarche.draft_form,
    dossier.is_test === 1,
  );
  const invite = invitation
    ? inviteAccess(deps, form, { kind: invitation.kind, scope: JSON.parse(invitation.scope) })
    : null;
  return { dossier, demarche, form, invite };
}

/** What an invitation lets its invité see and edit, champ by champ, by section. */
function inviteAccess(
  deps: Deps,
  form: Form,
  invitation: { kind: string; scope: unknown },
): InviteAccess {
  const kind = deps.host.invitationKinds.get(invitation.kind);
  const sectionOf = new Map<string, string | null>();
  let section: string | null = null;
  for (const c of form.champs) {
    if (deps.host.champTypes.get(c.type)?.section) section = c.stableId;
    sectionOf.set(c.stableId, section);
  }
  const ask = (fn: "mayEdit" | "maySee") => (stableId: string) =>
    kind
      ? kind[fn](invitation.scope, { stableId, section: sectionOf.get(stableId) ?? null })
      : false;
  return { maySee: ask("maySee"), mayEdit: ask("mayEdit") };
}

/**
 * The dossier as its owner sees it: form, values, state and what happens next, history. An
 * invité sees the champs their invitation shows, and may edit only some (`readOnly`).
 */
export async function getDossier(deps: Deps, actor: Actor | null, input: { id: number }) {
  const { dossier, demarche, form, invite } = await ownDossier(deps, actor, input.id, {
    invites: true,
  });
  const champs = invite ? form.champs.filter((c) => invite.maySee(c.stableId)) : form.champs;
  const values = JSON.parse(dossier.pending_values ?? dossier.champ_values) as Record<
    string,
    unknown
  >;
  return {
    role: invite ? "invite" as const : "proprietaire" as const,
    /** For an invité: who invited them (the dossier's owner). */
    invitedBy: invite
      ? (await deps.db.selectFrom("users").select("email").where("id", "=", dossier.owner_id)
        .executeTakeFirstOrThrow()).email
      : null,
    readOnly: invite
      ? champs.filter((c) => !invite.mayEdit(c.stableId)).map((c) => c.stableId)
      : [],
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
    values: invite
      ? Object.fromEntries(Object.entries(values).filter(([k]) => invite.maySee(k)))
      : values,
    motivation: dossier.motivation,
    depositedAt: dossier.deposited_at,
    decidedAt: dossier.decided_at,
    deleted: dossier.deleted_by_usager_at !== null,
    events: await store.eventsOf(deps.db, dossier.id),
  };
}

/**
 * Saves values as the person types. Every typed value is kept, even one that is not valid
 * yet, so nothing is lost; the errors come back per champ.
 */
export async function saveValues(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; values: Record<string, unknown> },
) {
  const { dossier, form, invite } = await ownDossier(deps, actor, input.id, { invites: true });
  const forbidden = invite ? Object.keys(input.values).filter((k) => !invite.mayEdit(k)) : [];
  if (forbidden.length) {
    throw new AppError(
      "FORBIDDEN",
      "Votre invitation ne vous permet pas de modifier ces champs.",
      Object.fromEntries(forbidden.map((k) => [k, "Champ réservé au titulaire du dossier."])),
    );
  }
  if (!usagerCanEdit(dossier.state as DossierState)) {
    throw new AppError(
      "CONFLICT",
      `Ce dossier est ${stateLabel(dossier.state as DossierState)} : il ne peut plus être modifié.`,
    );
  }
  // A deposited dossier is modified in a working copy: instructeurs keep reading the
  // deposited values until the usager deposits the modifications.
  const deposited = dossier.state === "en_construction";
  const current = deposited ? dossier.pending_values ?? dossier.champ_values : dossier.champ_values;
  const merged = { ...JSON.parse(current), ...input.values };
  const { values, errors, files } = checkValues(form.champs, merged, {
    types: deps.host.champTypes,
    now: deps.clock(),
    deposit: false,
  });
  await checkFiles(deps, { id: dossier.id, uploaderId: actor!.userId }, files, errors);
  await store.updateDossier(
    deps.db,
    dossier.id,
    deposited
      ? { pending_values: JSON.stringify(values) }
      : { champ_values: JSON.stringify(values) },
    deps.clock().toISOString(),
  );
  return { values, errors };
}

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
  const { values, errors, files } = checkValues(form.champs, JSON.parse(dossier.champ_values), {
    types: deps.host.champTypes,
    now: deps.clock(),
    deposit: true,
  });
  await checkFiles(deps, { id: dossier.id, uploaderId: actor!.userId }, files, errors);
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
      const moved = await store.moveState(trx, dossier.id, "brouillon", {
        state: allowed.to,
        deposited_at: now,
        groupe_id: routeDossier(groupes, values),
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
      await queueMessage(
        trx,
        mails.dossierDepose(
          actor!.email,
          demarche.titre,
          dossier.id,
          `${deps.baseUrl}/dossiers/${dossier.id}`,
        ),
        { now },
      );
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
  const { values, errors, files } = checkValues(form.champs, JSON.parse(dossier.pending_values), {
    types: deps.host.champTypes,
    now: deps.clock(),
    deposit: true,
  });
  await checkFiles(deps, { id: dossier.id, uploaderId: actor!.userId }, files, errors);
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
    const dossier = await store.findDossier(deps.db, dossierId);
    if (!dossier) return;
    const demarche = await deps.db.selectFrom("demarches").select(["mode", "titre"]).where(
      "id",
      "=",
      dossier.demarche_id,
    )
      .executeTakeFirstOrThrow();
    const next = transition(dossier.state as DossierState, event, {
      by: "systeme",
      mode: demarche.mode as Mode,
    });
    // Already moved (by an instructeur, or an earlier run of this job): nothing to do.
    if (!next.ok) return;
    await deps.db.transaction().execute((trx) =>
      tracked(trx, dossierId, async () => {
        const now = deps.clock().toISOString();
        const moved = await store.moveState(trx, dossierId, dossier.state, {
          state: next.to,
          en_instruction_at: now,
          ...(next.to === "accepte" ? { decided_at: now } : {}),
        }, now);
        if (!moved) return;
        await store.insertEvent(trx, {
          dossierId,
          event,
          from: dossier.state,
          to: next.to,
          actorId: null,
          automatic: true,
          now,
        });
        const owner = await trx.selectFrom("users").select("email").where(
          "id",
          "=",
          dossier.owner_id,
        )
          .executeTakeFirstOrThrow();
        await queueMessage(
          trx,
          mails.dossierEtat(
            owner.email,
            demarche.titre,
            dossierId,
            stateLabel(next.to),
            `${deps.baseUrl}/dossiers/${dossierId}`,
          ),
          { now },
        );
        await enqueueAfterHooks(
          trx,
          deps.host,
          { event, dossierId, demarcheId: dossier.demarche_id },
          { now },
        );
      })
    );
  };
}

/** The person's dossiers (or those in their bin). */
export async function listMyDossiers(
  deps: Deps,
  actor: Actor | null,
  input: { corbeille: boolean },
) {
  const me = authorize(actor, "dossier.creer");
  return await store.listForOwner(deps.db, me.userId, { deleted: input.corbeille });
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
