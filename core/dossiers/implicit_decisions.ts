/**
 * « Silence vaut accord / rejet » on stored dossiers: a demande de correction suspends the
 * date, the re-deposit that resolves it sets it again, and the daily pass decides the
 * dossiers whose date has come. The pass reads only the partial index of migration 0024
 * (running dates only: a suspended date, which a pending correction implies, is not in it)
 * and decides each dossier through the automatic path of declarative démarches, one
 * transaction each; a second pass, or a second process, finds the decided ones gone.
 */
import { claimDailyRun } from "../jobs/daily.ts";
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { type ImplicitDecision, implicitDecisionSchema } from "../demarches/settings.ts";
import { pendingCorrection } from "../messagerie/service.ts";
import { applyAutomatic } from "./deposit.ts";
import { dayInFrance, implicitMotivation, resumedDate } from "./implicit_decision.ts";

/** Dossiers read per page of the daily walk. */
export const BATCH = 500;
/** How often the instance looks whether today's pass is due. */
export const IMPLICIT_CHECK_EVERY_MS = 10 * 60_000;
/** The pass runs once a day from this hour (UTC): after midnight in France, before work. */
const RUN_HOUR_UTC = 1;

/** The démarche's « silence vaut … » rule, from its stored settings; null: none. */
export function implicitRuleOf(settings: string): ImplicitDecision | null {
  const stored = (JSON.parse(settings) as { decisionImplicite?: unknown }).decisionImplicite;
  if (!stored) return null;
  const parsed = v.safeParse(implicitDecisionSchema, stored);
  return parsed.success ? parsed.output : null;
}

/** A demande de correction stops the clock (a second one leaves the first day as it is). */
export async function suspendImplicitDecision(db: Executor, dossierId: number, now: string) {
  await db.updateTable("dossiers").set({ implicit_decision_suspended_on: dayInFrance(now) })
    .where("id", "=", dossierId).where("implicit_decision_on", "is not", null)
    .where("implicit_decision_suspended_on", "is", null).execute();
}

/** The re-deposit that resolves the correction sets the date again, by the démarche's rule. */
export async function resumeImplicitDecision(
  db: Executor,
  dossierId: number,
  rule: ImplicitDecision | null,
  now: string,
) {
  const d = await db.selectFrom("dossiers")
    .select(["implicit_decision_on", "implicit_decision_suspended_on"])
    .where("id", "=", dossierId).executeTakeFirst();
  if (!d?.implicit_decision_on || !d.implicit_decision_suspended_on || !rule) return;
  const on = resumedDate({
    on: d.implicit_decision_on,
    suspendedOn: d.implicit_decision_suspended_on,
    resumedOn: dayInFrance(now),
  }, rule);
  await db.updateTable("dossiers")
    .set({ implicit_decision_on: on, implicit_decision_suspended_on: null })
    .where("id", "=", dossierId).execute();
}

/**
 * Runs today's pass unless one already started today (at or after 01:00 UTC), here or in
 * another process; returns how many dossiers it decided, or null when it was not due.
 *
 * @example
 * ```ts
 * setInterval(() => runImplicitDecisionsIfDue(deps), IMPLICIT_CHECK_EVERY_MS);
 * ```
 */
export async function runImplicitDecisionsIfDue(deps: Deps): Promise<number | null> {
  const due = await claimDailyRun(deps.db, "decisions_implicites", deps.clock(), RUN_HOUR_UTC);
  if (!due) return null;
  return await runImplicitDecisions(deps);
}

/**
 * Decides every dossier whose date has come (today in France or before). Safe to run again
 * at any time: each decision checks the dossier's state again in its own transaction.
 */
export async function runImplicitDecisions(deps: Deps): Promise<number> {
  const today = dayInFrance(deps.clock());
  const rules = new Map<number, ImplicitDecision | null>();
  let decided = 0;
  let from: { on: string; id: number } | undefined;
  while (true) {
    // Word for word the index's condition, then its order: a range read of the index.
    let q = deps.db.selectFrom("dossiers")
      .select(["id", "demarche_id", "state", "implicit_decision_on"])
      .where("implicit_decision_on", "is not", null)
      .where("implicit_decision_suspended_on", "is", null)
      .where("implicit_decision_on", "<=", today);
    if (from) {
      const after = from;
      q = q.where((eb) =>
        eb.or([
          eb("implicit_decision_on", ">", after.on),
          eb.and([eb("implicit_decision_on", "=", after.on), eb("id", ">", after.id)]),
        ])
      );
    }
    const page = await q.orderBy("implicit_decision_on").orderBy("id").limit(BATCH).execute();
    if (page.length === 0) return decided;
    for (const d of page) {
      if (!rules.has(d.demarche_id)) {
        const demarche = await deps.db.selectFrom("demarches").select("settings")
          .where("id", "=", d.demarche_id).executeTakeFirstOrThrow();
        rules.set(d.demarche_id, implicitRuleOf(demarche.settings));
      }
      const rule = rules.get(d.demarche_id);
      const active = d.state === "en_construction" || d.state === "en_instruction";
      if (!rule || !active) {
        // A rule dropped while en test, or a state the pass does not decide: out of the walk.
        await deps.db.updateTable("dossiers").set({ implicit_decision_on: null })
          .where("id", "=", d.id).execute();
      } else if (await pendingCorrection(deps.db, d.id)) {
        // The correction's suspension was missed (asked before the date existed): apply it.
        await suspendImplicitDecision(deps.db, d.id, deps.clock().toISOString());
      } else {
        const moved = await applyAutomatic(deps, d.id, {
          event: rule.decision === "sva" ? "accepter_automatiquement" : "refuser_automatiquement",
          implicit: rule.decision,
          motivation: implicitMotivation(rule),
        });
        if (moved) decided++;
      }
    }
    const last = page.at(-1)!;
    from = { on: last.implicit_decision_on!, id: last.id };
  }
}

/** What a dossier's page shows of its implicit decision; null when none is coming. */
export interface ImplicitDecisionView {
  readonly decision: "sva" | "svr";
  /** The day (`YYYY-MM-DD`) it is decided, or the date it had when it was suspended. */
  readonly on: string;
  /** A demande de correction stopped the clock until the usager re-deposits. */
  readonly suspended: boolean;
}

/** The dossier's implicit decision as its pages show it. */
export function implicitDecisionView(
  dossier: {
    readonly implicit_decision_on: string | null;
    readonly implicit_decision_suspended_on: string | null;
  },
  settings: string,
): ImplicitDecisionView | null {
  const rule = implicitRuleOf(settings);
  if (!rule || !dossier.implicit_decision_on) return null;
  return {
    decision: rule.decision,
    on: dossier.implicit_decision_on,
    suspended: dossier.implicit_decision_suspended_on !== null,
  };
}
