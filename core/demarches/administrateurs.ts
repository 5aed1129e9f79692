/** Co-administrators of a démarche: added by e-mail among the instance's administrators. */
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { emailSchema } from "../accounts/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { administered } from "./_access.ts";

const id = v.pipe(
  v.number("Identifiant inconnu."),
  v.integer("Identifiant inconnu."),
  v.minValue(1),
);

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
  return await deps.db.selectFrom("demarche_administrateurs")
    .innerJoin("users", "users.id", "demarche_administrateurs.user_id")
    .select(["users.id as userId", "users.email", "demarche_administrateurs.created_at as addedAt"])
    .where("demarche_id", "=", input.demarcheId).orderBy("users.email").execute();
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
    const user = await trx.selectFrom("users")
      .innerJoin("user_roles", "user_roles.user_id", "users.id")
      .select("users.id").where("users.email", "=", input.email)
      .where("user_roles.role", "=", "administrateur").executeTakeFirst();
    if (!user) {
      throw new AppError(
        "BAD_REQUEST",
        `${input.email} n’a pas de compte administrateur : cette personne doit d’abord en demander un.`,
        { email: "Pas de compte administrateur à cette adresse." },
      );
    }
    const now = deps.clock().toISOString();
    const already = await trx.selectFrom("demarche_administrateurs").select("user_id")
      .where("demarche_id", "=", demarche.id).where("user_id", "=", user.id).executeTakeFirst();
    if (already) throw new AppError("CONFLICT", `${input.email} administre déjà cette démarche.`);
    await trx.insertInto("demarche_administrateurs")
      .values({ demarche_id: demarche.id, user_id: user.id, created_at: now }).execute();
    await queueMessage(trx, {
      to: input.email,
      subject: `Vous administrez la démarche « ${demarche.titre} »`,
      text: `Bonjour,\n\n${
        actor!.email
      } vous a ajouté comme administrateur de la démarche « ${demarche.titre} ».\n\nElle se trouve dans votre espace administrateur : ${deps.baseUrl}/admin/demarches/${demarche.id}`,
    }, { now });
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
    const count = await trx.selectFrom("demarche_administrateurs")
      .select((eb) => eb.fn.countAll<number>().as("n")).where("demarche_id", "=", input.demarcheId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) <= 1) {
      throw new AppError("CONFLICT", "Une démarche garde au moins un administrateur.");
    }
    await trx.deleteFrom("demarche_administrateurs").where("demarche_id", "=", input.demarcheId)
      .where("user_id", "=", input.userId).execute();
  });
}
