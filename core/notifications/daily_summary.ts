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
import * as store from "./store.ts";

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
  let sent = 0;
  for (const userId of await store.summariesDue(deps.db, threshold)) {
    if (await summarize(deps, userId, { now: now.toISOString(), threshold })) sent++;
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
    if (!(await store.claimSummary(trx, userId, at))) return false;
    const items = await store.takeSummaryItems(trx, userId);
    if (!items.length) return false;
    const demarcheIds = [...new Set(items.map((i) => i.demarche_id))];
    // Told only of démarches still instructed, and of events still wanted in the summary.
    const demarches = await store.instructedDemarches(trx, userId, demarcheIds);
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
    const mail = summaryMail(await store.userEmail(trx, userId), lines, deps.baseUrl);
    if (!mail) return false;
    await queueMessage(trx, mail, { now: at.now });
    return true;
  });
}
