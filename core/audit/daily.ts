/**
 * The daily verification of the audit chain: once a day, whichever process claims the day
 * walks the chain; a break is recorded (the page shows it) and e-mailed to every super-admin,
 * naming the first event in question.
 */
import type { Deps } from "../deps.ts";
import { claimDailyRun } from "../jobs/daily.ts";
import { queueMessage } from "../notifications/service.ts";
import { brokenChainMail } from "./mail.ts";
import { type ChainVerdict, checkAndRecord } from "./service.ts";
import * as store from "./store.ts";

/** How often the instance looks whether today's verification is due. */
export const AUDIT_CHECK_EVERY_MS = 10 * 60_000;
/** The verification runs once a day from this hour (UTC). */
const RUN_HOUR_UTC = 3;

/**
 * Runs today's verification unless it already ran today, here or in another process; returns
 * the verdict, or null when it was not due.
 */
export async function runAuditCheckIfDue(
  deps: Pick<Deps, "db" | "clock" | "baseUrl">,
): Promise<ChainVerdict | null> {
  const now = deps.clock();
  if (!(await claimDailyRun(deps.db, "audit_chain", now, RUN_HOUR_UTC))) return null;
  return await runAuditCheck(deps);
}

/** Verifies the chain now; on a break, e-mails the super-admins. */
export async function runAuditCheck(
  deps: Pick<Deps, "db" | "clock" | "baseUrl">,
): Promise<ChainVerdict> {
  const verdict = await checkAndRecord(deps);
  if (!verdict.intact) {
    await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock().toISOString();
      for (const to of await store.superAdminEmails(trx)) {
        await queueMessage(
          trx,
          brokenChainMail(to, {
            problem: verdict.problem!,
            firstBadId: verdict.firstBadId,
            link: `${deps.baseUrl}/super-admin/journal`,
          }),
          { now },
        );
      }
    });
  }
  return verdict;
}
