/**
 * Groupes instructeurs of a démarche: the default groupe every démarche has, others by
 * label with a routing rule, and their instructeurs added by e-mail.
 */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { ensureInvitedAccount, setDerivedRole } from "../accounts/service.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { administered } from "./_access.ts";
import type { Executor } from "../db/mod.ts";
import { type Condition, conditionSchema } from "../shared/conditions.ts";
import { type Form } from "../shared/form.ts";
import { validateRoutingRule } from "./model.ts";
import { emailSchema } from "../accounts/model.ts";

export const DEFAULT_GROUPE_LABEL = "Groupe par défaut";

const label = v.pipe(
  v.string("Indiquez le nom du groupe."),
  v.trim(),
  v.nonEmpty("Indiquez le nom du groupe."),
  v.maxLength(200, "Le nom du groupe ne doit pas dépasser 200 caractères."),
);
const id = v.pipe(
  v.number("Identifiant inconnu."),
  v.integer("Identifiant inconnu."),
  v.minValue(1),
);

export const groupeInputs = {
  list: v.object({ demarcheId: id }),
  add: v.object({ demarcheId: id, label }),
  rename: v.object({ demarcheId: id, groupeId: id, label }),
  remove: v.object({ demarcheId: id, groupeId: id }),
  rule: v.object({ demarcheId: id, groupeId: id, rule: v.nullable(conditionSchema) }),
  addInstructeur: v.object({ demarcheId: id, groupeId: id, email: emailSchema }),
  removeInstructeur: v.object({ demarcheId: id, groupeId: id, userId: id }),
};

/** Called when a démarche is created. */
export async function createDefaultGroupe(trx: Executor, demarcheId: number, now: string) {
  await trx.insertInto("groupes_instructeurs").values({
    demarche_id: demarcheId,
    label: DEFAULT_GROUPE_LABEL,
    is_default: 1,
    position: 0,
    created_at: now,
  }).execute();
}

async function groupeOf(db: Executor, demarcheId: number, groupeId: number) {
  const g = await db.selectFrom("groupes_instructeurs").selectAll()
    .where("id", "=", groupeId).where("demarche_id", "=", demarcheId).executeTakeFirst();
  if (!g) throw new AppError("NOT_FOUND", "Ce groupe n’existe pas.");
  return g;
}

/** Groupes in routing order (default last), each with its instructeurs. */
export async function listGroupes(deps: Deps, actor: Actor | null, input: { demarcheId: number }) {
  await administered(deps, actor, input.demarcheId);
  const groupes = await deps.db.selectFrom("groupes_instructeurs").selectAll()
    .where("demarche_id", "=", input.demarcheId).orderBy("is_default").orderBy("position")
    .orderBy("id").execute();
  const members = await deps.db.selectFrom("groupe_membres")
    .innerJoin("users", "users.id", "groupe_membres.user_id")
    .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
    .select([
      "groupe_membres.groupe_id",
      "users.id",
      "users.email",
      "users.password_hash",
      "groupe_membres.created_at",
    ])
    .where("groupes_instructeurs.demarche_id", "=", input.demarcheId).orderBy("users.email")
    .execute();
  return groupes.map((g) => ({
    id: g.id,
    label: g.label,
    isDefault: g.is_default === 1,
    rule: g.routing_rule ? JSON.parse(g.routing_rule) as Condition : null,
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
  const clash = await deps.db.selectFrom("groupes_instructeurs").select("id")
    .where("demarche_id", "=", input.demarcheId).where("label", "=", input.label)
    .executeTakeFirst();
  if (clash) {
    throw new AppError("CONFLICT", `Un groupe s’appelle déjà « ${input.label} ».`, {
      label: "Nom déjà pris.",
    });
  }
  const last = await deps.db.selectFrom("groupes_instructeurs")
    .select((eb) => eb.fn.max("position").as("p")).where("demarche_id", "=", input.demarcheId)
    .executeTakeFirst();
  const row = await deps.db.insertInto("groupes_instructeurs").values({
    demarche_id: input.demarcheId,
    label: input.label,
    is_default: 0,
    position: Number(last?.p ?? 0) + 1,
    created_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  return { id: row.id };
}

export async function renameGroupe(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; groupeId: number; label: string },
) {
  await administered(deps, actor, input.demarcheId);
  await groupeOf(deps.db, input.demarcheId, input.groupeId);
  await deps.db.updateTable("groupes_instructeurs").set({ label: input.label })
    .where("id", "=", input.groupeId).execute();
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
    const members = await trx.selectFrom("groupe_membres").select("user_id")
      .where("groupe_id", "=", g.id).execute();
    await trx.deleteFrom("groupes_instructeurs").where("id", "=", g.id).execute();
    for (const m of members) await syncRole(deps, trx, m.user_id);
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
    const form = JSON.parse(demarche.draft_form) as Form;
    const problem = validateRoutingRule(input.rule, form.champs, deps.host.champTypes);
    if (problem) throw new AppError("BAD_REQUEST", problem, { rule: problem });
  }
  await deps.db.updateTable("groupes_instructeurs")
    .set({ routing_rule: input.rule ? JSON.stringify(input.rule) : null })
    .where("id", "=", g.id).execute();
}

async function syncRole(deps: Deps, trx: Executor, userId: number) {
  const still = await trx.selectFrom("groupe_membres").select("user_id")
    .where("user_id", "=", userId).limit(1).executeTakeFirst();
  await setDerivedRole(deps, trx, userId, "instructeur", still !== undefined);
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
    const already = await trx.selectFrom("groupe_membres").select("user_id")
      .where("groupe_id", "=", input.groupeId).where("user_id", "=", account.userId)
      .executeTakeFirst();
    if (already) {
      throw new AppError("CONFLICT", `${input.email} est déjà instructeur de ce groupe.`, {
        email: "Déjà instructeur de ce groupe.",
      });
    }
    await trx.insertInto("groupe_membres")
      .values({ groupe_id: input.groupeId, user_id: account.userId, created_at: now }).execute();
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
      { now },
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
    await trx.deleteFrom("groupe_membres").where("groupe_id", "=", input.groupeId)
      .where("user_id", "=", input.userId).execute();
    await syncRole(deps, trx, input.userId);
  });
}
