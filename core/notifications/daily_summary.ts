/**
 * The instructeurs' daily summary: once a day (08:00 UTC), each instructeur with events kept
 * for it gets one e-mail counting them per démarche; one missed while the instance was down
 * goes out when it is back. An instructeur's summary is claimed by writing its time before
 * anything else, so a restart, a second run or a second process the same day finds it made
 * and sends nothing.
 */
import type { Deps } from "../deps.ts";
import { queueMessage } from "./service.ts";
import { INSTRUCTEUR_EVENTS, type InstructeurEvent } from "../shared/instructeur_notifications.ts";
import { type SummaryLine, summaryMail, summaryThreshold } from "./instructeur_model.ts";
import { settingsOf } from "./instructeur.ts";

/** How often the instance looks whether a summary is due. */
export const SUMMARY_CHECK_EVERY_MS = 10 * 60_000;

/**
 * Sends every summary due at the deps' clock; returns how many e-mails were queued.
 *
 * @example
 * ```ts
 * setInterval(() => sendDailySummaries(deps), SUMMARY_CHECK_EVERY_MS);
 * ```
 */
export async function sendDailySummaries(
  deps: Pick<Deps, "db" | "clock" | "baseUrl">,
): Promise<number> {
  const now = deps.clock();
  const threshold = summaryThreshold(now);
  const due = await deps.db.selectFrom("instructeur_summary_items as i")
    .leftJoin("instructeur_summaries as s", "s.user_id", "i.user_id")
    .select("i.user_id").distinct()
    .where((eb) => eb.or([eb("s.last_sent_at", "is", null), eb("s.last_sent_at", "<", threshold)]))
    .execute();
  let sent = 0;
  for (const { user_id } of due) {
    if (await summarize(deps, user_id, { now: now.toISOString(), threshold })) sent++;
  }
  return sent;
}

async function summarize(
  deps: Pick<Deps, "db" | "baseUrl">,
  userId: number,
  at: { now: string; threshold: string },
): Promise<boolean> {
  return await deps.db.transaction().execute(async (trx) => {
    // The claim comes first: it takes the write lock, so of two runs only one goes on.
    const claim = await trx.insertInto("instructeur_summaries")
      .values({ user_id: userId, last_sent_at: at.now })
      .onConflict((oc) =>
        oc.column("user_id").doUpdateSet({ last_sent_at: at.now })
          .where("instructeur_summaries.last_sent_at", "<", at.threshold)
      )
      .executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    const items = await trx.selectFrom("instructeur_summary_items")
      .select(["id", "demarche_id", "kind"]).where("user_id", "=", userId).orderBy("id").execute();
    if (!items.length) return false;
    await trx.deleteFrom("instructeur_summary_items").where("user_id", "=", userId)
      .where("id", "<=", items.at(-1)!.id).execute();
    const demarcheIds = [...new Set(items.map((i) => i.demarche_id))];
    // Told only of démarches still instructed, and of events still wanted in the summary.
    const demarches = await trx.selectFrom("groupe_membres")
      .innerJoin("groupes_instructeurs", "groupes_instructeurs.id", "groupe_membres.groupe_id")
      .innerJoin("demarches", "demarches.id", "groupes_instructeurs.demarche_id")
      .select(["demarches.id", "demarches.titre"]).distinct()
      .where("groupe_membres.user_id", "=", userId).where("demarches.id", "in", demarcheIds)
      .execute();
    const lines: SummaryLine[] = [];
    for (const d of demarches) {
      const wanted = (await settingsOf(trx, d.id, [userId])).get(userId)!;
      const counts = Object.fromEntries(INSTRUCTEUR_EVENTS.map((e) => [e, 0])) as Record<
        InstructeurEvent,
        number
      >;
      for (const i of items) {
        const kind = i.kind as InstructeurEvent;
        if (i.demarche_id === d.id && wanted[kind] === "resume") counts[kind]++;
      }
      lines.push({ demarcheId: d.id, titre: d.titre, counts });
    }
    const user = await trx.selectFrom("users").select("email").where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const mail = summaryMail(user.email, lines, deps.baseUrl);
    if (!mail) return false;
    await queueMessage(trx, mail, { now: at.now });
    return true;
  });
}
