/**
 * Telling instructeurs of a dossier's events, in the transaction of the event: an e-mail
 * queued for those who want it at once, a line kept for the daily summary for the others.
 */
import * as v from "valibot";
import type { Executor } from "../db/mod.ts";
import {
  DEFAULT_SETTINGS,
  eventMail,
  type NotificationSettings,
  notificationSettingsSchema,
  recipientsOf,
} from "./instructeur_model.ts";
import { type InstructeurEvent } from "../shared/instructeur_notifications.ts";
import { queueMessage } from "./service.ts";
import * as store from "./store.ts";

/** Each of `userIds`' choices for démarche `demarcheId`, defaults where none is saved. */
export async function settingsOf(
  db: Executor,
  demarcheId: number,
  userIds: readonly number[],
): Promise<Map<number, NotificationSettings>> {
  const rows = await store.notificationSettings(db, demarcheId, userIds);
  const saved = new Map(rows.map((r) => [
    r.user_id,
    v.parse(notificationSettingsSchema, { depot: r.depot, message: r.message, avis: r.avis }),
  ]));
  return new Map(userIds.map((u) => [u, saved.get(u) ?? DEFAULT_SETTINGS]));
}

/**
 * Tells the instructeurs of dossier `dossierId` of `event` (see `recipientsOf` for who),
 * each as they chose; call it inside the transaction of the change.
 *
 * @example
 * ```ts
 * await notifyInstructeurs(trx, "message", { dossierId, authorId: me.userId, now, baseUrl });
 * ```
 */
export async function notifyInstructeurs(
  trx: Executor,
  event: InstructeurEvent,
  input: {
    dossierId: number;
    /** Who caused the event: never told of it. */
    authorId: number | null;
    /** Instructeurs told besides the followers (the one who asked for an avis). */
    also?: readonly number[];
    now: string;
    baseUrl: string;
  },
): Promise<void> {
  const { dossier, groupe, followers } = await store.dossierAudience(
    trx,
    input.dossierId,
    event !== "depot",
  );
  if (dossier.groupe_id === null) return;
  const ids = recipientsOf(event, {
    groupe,
    followers,
    authorId: input.authorId,
    also: input.also,
  });
  if (!ids.length) return;
  const settings = await settingsOf(trx, dossier.demarche_id, ids);
  const now = input.now;
  const immediate = ids.filter((u) => settings.get(u)![event] === "immediat");
  const later = ids.filter((u) => settings.get(u)![event] === "resume");
  if (immediate.length) {
    for (const email of await store.emailsOf(trx, immediate)) {
      const message = eventMail(event, {
        to: email,
        titre: dossier.titre,
        numero: dossier.id,
        baseUrl: input.baseUrl,
      });
      await queueMessage(trx, message, { now, demarcheId: dossier.demarche_id });
    }
  }
  await store.addSummaryItems(trx, {
    userIds: later,
    demarcheId: dossier.demarche_id,
    dossierId: dossier.id,
    kind: event,
  }, now);
}
