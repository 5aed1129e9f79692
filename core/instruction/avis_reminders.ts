/**
 * The answer date of an avis once asked: an instructeur changes it, and a periodic pass
 * reminds the experts (three days before the date, or the day after asking when it is closer,
 * then once the day after the date). Each reminder moves `next_reminder_on` on in the same
 * transaction as its e-mail, only if nobody moved it first: a second run, a restart or a
 * second process finds nothing left to send. The pass reads through the partial index
 * `avis_reminders` of migration 0025.
 */
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { mails } from "../notifications/model.ts";
import { queueMessage } from "../notifications/service.ts";
import { avisForInstructeur } from "./avis.ts";
import * as store from "./avis_store.ts";
import {
  dayInParis,
  dueOnProblem,
  firstReminderOn,
  frenchDay,
  reminderDay,
  reminderFor,
} from "./avis_deadline.ts";

/** How often the instance looks for reminders due. */
export const AVIS_REMINDERS_CHECK_EVERY_MS = 10 * 60_000;
/** Avis read per page. */
const BATCH = 500;

/**
 * Changes (or removes, with null) the answer date of an avis still awaited; the new date gets
 * its own reminders. Same authorization as « Relancer »: an instructeur of the dossier.
 */
export async function changeAvisDueOn(
  deps: Deps,
  actor: Actor | null,
  input: { avisId: number; dueOn: string | null },
) {
  const avis = await avisForInstructeur(deps, actor, input.avisId);
  if (avis.answered_at || avis.revoked_at) {
    throw new AppError("CONFLICT", "Cet avis a déjà été donné ou retiré.");
  }
  const now = deps.clock();
  const problem = input.dueOn === null ? null : dueOnProblem(input.dueOn, now);
  if (problem) throw new AppError("BAD_REQUEST", problem, { dueOn: problem });
  await store.setDueOn(
    deps.db,
    avis.id,
    input.dueOn,
    input.dueOn && firstReminderOn(input.dueOn, dayInParis(now)),
  );
}

/**
 * Sends every automatic reminder due at the deps' clock; returns how many were queued.
 *
 * @example
 * ```ts
 * setInterval(() => sendAvisReminders(deps), AVIS_REMINDERS_CHECK_EVERY_MS);
 * ```
 */
export async function sendAvisReminders(
  deps: Pick<Deps, "db" | "clock" | "baseUrl">,
): Promise<number> {
  const now = deps.clock();
  const today = reminderDay(now);
  let sent = 0;
  let from: { on: string; id: number } | undefined;
  while (true) {
    // The conditions of the partial index, word for word, then the keyset.
    const page = await store.remindersDue(deps.db, today, from, BATCH);
    if (page.length === 0) return sent;
    for (const row of page) {
      if (await remind(deps, row.id, { today, now: now.toISOString() })) sent++;
    }
    const last = page.at(-1)!;
    from = { on: last.next_reminder_on!, id: last.id };
  }
}

async function remind(
  deps: Pick<Deps, "db" | "baseUrl">,
  avisId: number,
  at: { today: string; now: string },
): Promise<boolean> {
  return await deps.db.transaction().execute(async (trx) => {
    const avis = await store.awaitedForReminder(trx, avisId);
    if (!avis?.due_on || !avis.next_reminder_on || avis.next_reminder_on > at.today) return false;
    const { kind, next } = reminderFor(avis.due_on, at.today);
    // The claim: moved on only from what was read, so of two runs one goes on.
    if (!(await store.claimReminder(trx, avisId, avis.next_reminder_on, next, at.now))) {
      return false;
    }
    await queueMessage(
      trx,
      mails.relanceAvis(avis.expert_email, avis.titre, avis.dossier_id, {
        dueOn: frenchDay(avis.due_on),
        late: kind === "retard",
        link: `${deps.baseUrl}/avis`,
      }),
      { now: at.now, demarcheId: avis.demarche_id },
    );
    return true;
  });
}
