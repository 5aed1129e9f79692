/**
 * An instructeur's own notification choices, per démarche they instruct: read and saved
 * here, applied by core/notifications/instructeur.ts. Nobody reads or changes another's.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import type { NotificationSettings } from "../notifications/instructeur_model.ts";
import { settingsOf } from "../notifications/instructeur.ts";
import * as store from "./instructeurs_store.ts";
import { saveNotificationSettings as saveSettings } from "../notifications/store.ts";

const notInstructed = () => new AppError("NOT_FOUND", "Vous n’instruisez pas cette démarche.");

/** Throws unless `me` may set their notifications of démarche `demarcheId`. */
async function mayChoose(deps: Deps, me: Actor, demarcheId: number): Promise<void> {
  const resource = {
    ownerId: me.userId,
    readerIds: await store.demarcheInstructeurs(deps.db, demarcheId),
  };
  if (!can(me, "notifications.regler", resource)) throw notInstructed();
}

/**
 * The actor's choices for each démarche they instruct (or only `demarcheId`), defaults where
 * they saved none, by title.
 */
export async function notificationSettings(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId?: number },
) {
  const me = authorize(actor, "compte.lire");
  if (input.demarcheId !== undefined) await mayChoose(deps, me, input.demarcheId);
  const demarches = (await store.instructedDemarches(deps.db, me.userId, input.demarcheId))
    .sort((a, b) => a.titre.localeCompare(b.titre, "fr"));
  return await Promise.all(demarches.map(async (d) => ({
    demarcheId: d.id,
    titre: d.titre,
    settings: (await settingsOf(deps.db, d.id, [me.userId])).get(me.userId)!,
  })));
}

/** Saves the actor's choices for one démarche they instruct. */
export async function saveNotificationSettings(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number } & NotificationSettings,
): Promise<void> {
  const me = authorize(actor, "compte.lire");
  await mayChoose(deps, me, input.demarcheId);
  await saveSettings(deps.db, {
    userId: me.userId,
    demarcheId: input.demarcheId,
    settings: input,
    now: deps.clock().toISOString(),
  });
}
