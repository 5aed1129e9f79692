/** Co-administrators of a démarche: added by e-mail among the instance's administrators. */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { emailSchema } from "../accounts/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { administered } from "./_access.ts";
import * as store from "./store.ts";
import { recordEvent } from "../audit/service.ts";

const id = rowId("Identifiant inconnu.");

export const administrateursInputs = {
  list: v.object({ demarcheId: id }),
  add: v.object({ demarcheId: id, email: emailSchema }),
  remove: v.object({ demarcheId: id, userId: id }),
};

export async function listAdministrateurs(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
) {
  await administered(deps, actor, input.demarcheId);
  return await store.listAdministrateurs(deps.db, input.demarcheId);
}

/**
 * Adds a co-administrator. They must already hold an administrator account: that account
 * is what the super-admin validated, and it is not given away by a colleague.
 */
export async function addAdministrateur(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; email: string },
) {
  const demarche = await administered(deps, actor, input.demarcheId);
  await deps.db.transaction().execute(async (trx) => {
    const userId = await store.administratorAccountId(trx, input.email);
    if (userId === undefined) {
      throw new AppError(
        "BAD_REQUEST",
        `${input.email} n’a pas de compte administrateur : cette personne doit d’abord en demander un.`,
        { email: "Pas de compte administrateur à cette adresse." },
      );
    }
    const now = deps.clock().toISOString();
    if (await store.isAdministrateur(trx, demarche.id, userId)) {
      throw new AppError("CONFLICT", `${input.email} administre déjà cette démarche.`);
    }
    await store.addAdministrateur(trx, demarche.id, userId, now);
    await recordEvent(deps, trx, {
      action: "administrateur.ajoute",
      actor,
      target: { type: "compte", id: userId },
      demarcheId: demarche.id,
      details: { email: input.email },
    });
    await queueMessage(trx, {
      to: input.email,
      subject: `Vous administrez la démarche « ${demarche.titre} »`,
      text: `Bonjour,\n\n${
        actor!.email
      } vous a ajouté comme administrateur de la démarche « ${demarche.titre} ».\n\nElle se trouve dans votre espace administrateur : ${deps.baseUrl}/admin/demarches/${demarche.id}`,
    }, { now, demarcheId: demarche.id });
  });
}

/** Removes a co-administrator; a démarche always keeps at least one. */
export async function removeAdministrateur(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; userId: number },
) {
  await administered(deps, actor, input.demarcheId);
  await deps.db.transaction().execute(async (trx) => {
    if (await store.countAdministrateurs(trx, input.demarcheId) <= 1) {
      throw new AppError("CONFLICT", "Une démarche garde au moins un administrateur.");
    }
    await store.removeAdministrateur(trx, input.demarcheId, input.userId);
    await recordEvent(deps, trx, {
      action: "administrateur.retire",
      actor,
      target: { type: "compte", id: input.userId },
      demarcheId: input.demarcheId,
    });
  });
}
