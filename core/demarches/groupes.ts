/**
 * Groupes instructeurs of a démarche: the default groupe every démarche has, others by
 * label with a routing rule, and their instructeurs added by e-mail.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { ensureInvitedAccount, setDerivedRole } from "../accounts/invited.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { administered } from "./_access.ts";
import type { Executor } from "../db/mod.ts";
import { type Condition, conditionSchema } from "../shared/conditions.ts";
import { validateRoutingRule } from "./model.ts";
import { emailSchema } from "../accounts/model.ts";
import { parseJsonColumn } from "../db/json.ts";
import { parseForm } from "./codecs.ts";
import * as store from "./groupes_store.ts";
import { recordEvent } from "../audit/service.ts";

export const DEFAULT_GROUPE_LABEL = "Groupe par défaut";

const label = v.pipe(
  v.string("Indiquez le nom du groupe."),
  v.trim(),
  v.nonEmpty("Indiquez le nom du groupe."),
  v.maxLength(200, "Le nom du groupe ne doit pas dépasser 200 caractères."),
);
const id = rowId("Identifiant inconnu.");

export const groupeInputs = {
  list: v.object({ demarcheId: id }),
  add: v.object({ demarcheId: id, label }),
  rename: v.object({ demarcheId: id, groupeId: id, label }),
  remove: v.object({ demarcheId: id, groupeId: id }),
  rule: v.object({ demarcheId: id, groupeId: id, rule: v.nullable(conditionSchema) }),
  addInstructeur: v.object({ demarcheId: id, groupeId: id, email: emailSchema }),
  removeInstructeur: v.object({ demarcheId: id, groupeId: id, userId: id }),
};

/** Called when a démarche is created; returns the groupe's id. */
export async function createDefaultGroupe(trx: Executor, demarcheId: number, now: string) {
  return await store.insertGroupe(trx, {
    demarcheId,
    label: DEFAULT_GROUPE_LABEL,
    isDefault: true,
    position: 0,
    now,
  });
}

async function groupeOf(db: Executor, demarcheId: number, groupeId: number) {
  const g = await store.findGroupe(db, demarcheId, groupeId);
  if (!g) throw new AppError("NOT_FOUND", "Ce groupe n’existe pas.");
  return g;
}

/** Groupes in routing order (default last), each with its instructeurs. */
export async function listGroupes(deps: Deps, actor: Actor | null, input: { demarcheId: number }) {
  await administered(deps, actor, input.demarcheId);
  const groupes = await store.listGroupes(deps.db, input.demarcheId);
  const members = await store.membersOfDemarche(deps.db, input.demarcheId);
  return groupes.map((g) => ({
    id: g.id,
    label: g.label,
    isDefault: g.is_default === 1,
    rule: g.routing_rule ? parseJsonColumn(conditionSchema, g.routing_rule, "routing rule") : null,
    instructeurs: members.filter((m) => m.groupe_id === g.id).map((m) => ({
      userId: m.id,
      email: m.email,
      // An instructeur who never set a password has not accepted the invitation yet.
      pending: m.password_hash === null,
      addedAt: m.created_at,
    })),
  }));
}

export async function addGroupe(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; label: string },
) {
  await administered(deps, actor, input.demarcheId);
  const now = deps.clock().toISOString();
  if (await store.labelTaken(deps.db, input.demarcheId, input.label)) {
    throw new AppError("CONFLICT", `Un groupe s’appelle déjà « ${input.label} ».`, {
      label: "Nom déjà pris.",
    });
  }
  const id = await store.insertGroupe(deps.db, {
    demarcheId: input.demarcheId,
    label: input.label,
    isDefault: false,
    position: await store.lastPosition(deps.db, input.demarcheId) + 1,
    now,
  });
  return { id };
}

export async function renameGroupe(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; groupeId: number; label: string },
) {
  await administered(deps, actor, input.demarcheId);
  await groupeOf(deps.db, input.demarcheId, input.groupeId);
  await store.renameGroupe(deps.db, input.groupeId, input.label);
}

/** Removes a groupe other than the default one. */
export async function removeGroupe(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; groupeId: number },
) {
  await administered(deps, actor, input.demarcheId);
  const g = await groupeOf(deps.db, input.demarcheId, input.groupeId);
  if (g.is_default) {
    throw new AppError("CONFLICT", "Le groupe par défaut ne peut pas être supprimé.");
  }
  await deps.db.transaction().execute(async (trx) => {
    const members = await store.memberIds(trx, g.id);
    await store.deleteGroupe(trx, g.id);
    for (const userId of members) await syncRole(deps, trx, userId);
  });
}

/** Sets the rule that routes a deposited dossier to this groupe (null: no rule). */
export async function setRoutingRule(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; groupeId: number; rule: Condition | null },
) {
  const demarche = await administered(deps, actor, input.demarcheId);
  const g = await groupeOf(deps.db, input.demarcheId, input.groupeId);
  if (g.is_default && input.rule) {
    throw new AppError(
      "BAD_REQUEST",
      "Le groupe par défaut reçoit les dossiers qu’aucune règle n’attribue : il n’a pas de règle.",
    );
  }
  if (input.rule) {
    const form = parseForm(demarche.draft_form);
    const problem = validateRoutingRule(input.rule, form.champs, deps.host.champTypes);
    if (problem) throw new AppError("BAD_REQUEST", problem, { rule: problem });
  }
  await store.setRoutingRule(deps.db, g.id, input.rule ? JSON.stringify(input.rule) : null);
}

async function syncRole(deps: Deps, trx: Executor, userId: number) {
  await setDerivedRole(deps, trx, userId, "instructeur", await store.inAnyGroupe(trx, userId));
}

/**
 * Adds an instructeur by e-mail and sends the invitation: a new person gets a link to set
 * their password, someone with an account a link to sign in.
 */
export async function addInstructeur(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; groupeId: number; email: string },
) {
  const demarche = await administered(deps, actor, input.demarcheId);
  await groupeOf(deps.db, input.demarcheId, input.groupeId);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const account = await ensureInvitedAccount(deps, trx, input.email);
    if (await store.isMember(trx, input.groupeId, account.userId)) {
      throw new AppError("CONFLICT", `${input.email} est déjà instructeur de ce groupe.`, {
        email: "Déjà instructeur de ce groupe.",
      });
    }
    await store.addMember(trx, input.groupeId, account.userId, now);
    await recordEvent(deps, trx, {
      action: "groupe.membre_ajoute",
      actor,
      target: { type: "groupe", id: input.groupeId },
      demarcheId: input.demarcheId,
      details: { compte: account.userId, email: input.email },
    });
    await setDerivedRole(deps, trx, account.userId, "instructeur", true);
    const link = await account.link({
      kind: "instructeur",
      retour: `/instruction/demarches/${input.demarcheId}`,
      par: actor!.email,
      demarche: demarche.titre,
    });
    await queueMessage(
      trx,
      mails.invitationInstructeur(input.email, demarche.titre, link, account.isNew),
      { now, demarcheId: input.demarcheId },
    );
  });
}

export async function removeInstructeur(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; groupeId: number; userId: number },
) {
  await administered(deps, actor, input.demarcheId);
  await groupeOf(deps.db, input.demarcheId, input.groupeId);
  await deps.db.transaction().execute(async (trx) => {
    await store.removeMember(trx, input.groupeId, input.userId);
    await recordEvent(deps, trx, {
      action: "groupe.membre_retire",
      actor,
      target: { type: "groupe", id: input.groupeId },
      demarcheId: input.demarcheId,
      details: { compte: input.userId },
    });
    await syncRole(deps, trx, input.userId);
  });
}
