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
  await deps.db.updateTable("avis").set({
    due_on: input.dueOn,
    next_reminder_on: input.dueOn && firstReminderOn(input.dueOn, dayInParis(now)),
  }).where("id", "=", avis.id).where("answered_at", "is", null).where("revoked_at", "is", null)
    .execute();
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
    const page = await deps.db.selectFrom("avis").select(["id", "next_reminder_on"])
      .where("next_reminder_on", "is not", null).where("answered_at", "is", null)
      .where("revoked_at", "is", null).where("next_reminder_on", "<=", today)
      .$if(from !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb("next_reminder_on", ">", from!.on),
            eb.and([eb("next_reminder_on", "=", from!.on), eb("id", ">", from!.id)]),
          ])
        ))
      .orderBy("next_reminder_on").orderBy("id").limit(BATCH).execute();
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
    const avis = await trx.selectFrom("avis")
      .innerJoin("dossiers", "dossiers.id", "avis.dossier_id")
      .innerJoin("demarches", "demarches.id", "dossiers.demarche_id")
      .select([
        "avis.expert_email",
        "avis.dossier_id",
        "avis.due_on",
        "avis.next_reminder_on",
        "demarches.titre",
      ])
      .where("avis.id", "=", avisId).where("avis.answered_at", "is", null)
      .where("avis.revoked_at", "is", null).executeTakeFirst();
    if (!avis?.due_on || !avis.next_reminder_on || avis.next_reminder_on > at.today) return false;
    const { kind, next } = reminderFor(avis.due_on, at.today);
    // The claim: moved on only from what was read, so of two runs one goes on.
    const claim = await trx.updateTable("avis")
      .set({ next_reminder_on: next, auto_reminded_at: at.now })
      .where("id", "=", avisId).where("next_reminder_on", "=", avis.next_reminder_on)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) === 0) return false;
    await queueMessage(
      trx,
      mails.relanceAvis(avis.expert_email, avis.titre, avis.dossier_id, {
        dueOn: frenchDay(avis.due_on),
        late: kind === "retard",
        link: `${deps.baseUrl}/avis`,
      }),
      { now: at.now },
    );
    return true;
  });
}
