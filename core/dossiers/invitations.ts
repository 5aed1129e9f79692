/**
 * Co-construction: the owner of a dossier invites others to fill it, through an
 * `invitationKind` plugin (e-mail, limited to sections…). Only the owner invites, revokes,
 * deposits and deletes; an invité fills what the invitation allows and uses the messagerie.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { emailSchema } from "../accounts/model.ts";
import { ensureInvitedAccount } from "../accounts/invited.ts";
import { queueMessage } from "../notifications/service.ts";
import { demarchePlugins } from "../plugin_host/service.ts";
import { type DossierState, usagerCanEdit } from "./lifecycle.ts";
import * as store from "./store.ts";
import * as invitations from "./invitations_store.ts";
import { formOf } from "./_access.ts";
import { demarcheOf } from "./usager_store.ts";
import { parseInvitationScope } from "./model.ts";

const id = rowId("Dossier inconnu.");

export const invitationInputs = {
  list: v.object({ dossierId: id }),
  invite: v.object({
    dossierId: id,
    email: emailSchema,
    kind: v.optional(v.pipe(v.string(), v.maxLength(64)), "email"),
    message: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.maxLength(2000, "Le message ne doit pas dépasser 2 000 caractères."),
      ),
      "",
    ),
    scope: v.optional(v.unknown(), {}),
  }),
  revoke: v.object({ dossierId: id, invitationId: id }),
};

async function owned(deps: Deps, actor: Actor | null, dossierId: number) {
  const me = authorize(actor, "dossier.creer");
  const dossier = await store.findDossier(deps.db, dossierId);
  if (!dossier || !can(me, "dossier.usager", { ownerId: dossier.owner_id })) {
    throw new AppError("NOT_FOUND", "Ce dossier n’existe pas.");
  }
  return { me, dossier };
}

/** The dossier's invitations, for its owner. */
export async function listInvitations(
  deps: Deps,
  actor: Actor | null,
  input: { dossierId: number },
) {
  const { dossier } = await owned(deps, actor, input.dossierId);
  const rows = await invitations.invitationsOf(deps.db, dossier.id);
  return rows.map((r) => ({
    ...r,
    scope: parseInvitationScope(r.scope),
    revoked: r.revoked_at !== null,
  }));
}

/**
 * Invites someone by e-mail to fill the dossier while it can still be edited. The scope is
 * checked by the invitation kind's schema; chosen sections must be sections of the form.
 */
export async function invite(
  deps: Deps,
  actor: Actor | null,
  input: { dossierId: number; email: string; kind: string; message: string; scope: unknown },
) {
  const { me, dossier } = await owned(deps, actor, input.dossierId);
  if (!usagerCanEdit(dossier.state as DossierState)) {
    throw new AppError(
      "CONFLICT",
      "Ce dossier ne peut plus être modifié : il n’est plus possible d’inviter quelqu’un à le compléter.",
    );
  }
  if (input.email === me.email) {
    throw new AppError("BAD_REQUEST", "Vous ne pouvez pas vous inviter vous-même.", {
      email: "C’est votre propre adresse.",
    });
  }
  const kind = deps.host.invitationKinds.get(input.kind);
  const owner = deps.host.invitationKinds.ownerOf(input.kind);
  const enabled = (await demarchePlugins(deps.db, deps.host, dossier.demarche_id)).find((p) =>
    p.pluginId === owner
  )?.enabled;
  if (!kind || !enabled) {
    throw new AppError(
      "CONFLICT",
      "L’invitation à co-construire un dossier n’est pas activée pour cette démarche.",
    );
  }
  const parsed = v.safeParse(kind.scope, input.scope);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.issues[0].message);
  const demarche = await demarcheOf(deps.db, dossier.demarche_id);
  const form = await formOf(deps.db, dossier, false);
  const sections = new Set(
    form.champs.filter((c) => deps.host.champTypes.get(c.type)?.section).map((c) => c.stableId),
  );
  const chosen = (parsed.output as { sections?: unknown }).sections;
  if (Array.isArray(chosen) && chosen.some((s) => !sections.has(String(s)))) {
    throw new AppError("BAD_REQUEST", "Une des sections choisies n’existe pas dans ce formulaire.");
  }
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const already = await invitations.alreadyInvited(trx, dossier.id, input.email);
    if (already) {
      throw new AppError("CONFLICT", `${input.email} est déjà invité sur ce dossier.`, {
        email: "Déjà invité.",
      });
    }
    const account = await ensureInvitedAccount(deps, trx, input.email);
    const link = await account.link({
      kind: "coconstruction",
      retour: `/dossiers/${dossier.id}`,
      par: me.email,
      demarche: demarche.titre,
      dossier: dossier.id,
      sections: Array.isArray(chosen)
        ? form.champs.filter((c) => chosen.includes(c.stableId)).map((c) => c.label)
        : undefined,
    });
    await invitations.insertInvitation(trx, {
      dossierId: dossier.id,
      kind: input.kind,
      email: input.email,
      userId: account.userId,
      scope: JSON.stringify(parsed.output),
      message: input.message,
      now,
    });
    await queueMessage(
      trx,
      kind.message({
        email: input.email,
        from: me.email,
        message: input.message,
        link,
        scope: parsed.output,
        demarcheTitre: demarche.titre,
      }),
      { now, demarcheId: dossier.demarche_id },
    );
  });
}

/** Withdraws an invitation: the invité loses access at once. */
export async function revoke(
  deps: Deps,
  actor: Actor | null,
  input: { dossierId: number; invitationId: number },
) {
  const { dossier } = await owned(deps, actor, input.dossierId);
  const revoked = await invitations.revokeInvitation(
    deps.db,
    dossier.id,
    input.invitationId,
    deps.clock().toISOString(),
  );
  if (!revoked) {
    throw new AppError("NOT_FOUND", "Cette invitation n’existe pas ou a déjà été retirée.");
  }
}
