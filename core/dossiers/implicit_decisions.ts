/**
 * « Silence vaut accord / rejet » on stored dossiers: a demande de correction suspends the
 * date, the re-deposit that resolves it sets it again, and the daily pass decides the
 * dossiers whose date has come. The pass reads only the partial index of migration 0024
 * (running dates only: a suspended date, which a pending correction implies, is not in it)
 * and decides each dossier through the automatic path of declarative démarches, one
 * transaction each; a second pass, or a second process, finds the decided ones gone.
 */
import { claimDailyRun } from "../jobs/daily.ts";
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import type { ImplicitDecision } from "../demarches/settings.ts";
import { storedSettings } from "../demarches/codecs.ts";
import { AppError } from "../errors.ts";
import { pendingCorrection } from "./usager_store.ts";
import * as store from "./store.ts";
import { applyAutomatic } from "./transition.ts";
import { dayInFrance, implicitMotivation, resumedDate } from "./implicit_decision.ts";

/** Dossiers read per page of the daily walk. */
export const BATCH = 500;
/** How often the instance looks whether today's pass is due. */
export const IMPLICIT_CHECK_EVERY_MS = 10 * 60_000;
/** The pass runs once a day from this hour (UTC): after midnight in France, before work. */
const RUN_HOUR_UTC = 1;

/** The démarche's « silence vaut … » rule, from its stored settings; null: none. */
export function implicitRuleOf(settings: string): Readonly<ImplicitDecision> | null {
  return storedSettings(settings).decisionImplicite ?? null;
}

/** A demande de correction stops the clock (a second one leaves the first day as it is). */
export async function suspendImplicitDecision(db: Executor, dossierId: number, now: string) {
  await store.suspendImplicitDate(db, dossierId, dayInFrance(now));
}

/** The re-deposit that resolves the correction sets the date again, by the démarche's rule. */
export async function resumeImplicitDecision(
  db: Executor,
  dossierId: number,
  rule: ImplicitDecision | null,
  now: string,
) {
  const d = await store.implicitDates(db, dossierId);
  if (!d?.implicit_decision_on || !d.implicit_decision_suspended_on || !rule) return;
  const on = resumedDate({
    on: d.implicit_decision_on,
    suspendedOn: d.implicit_decision_suspended_on,
    resumedOn: dayInFrance(now),
  }, rule);
  await store.setImplicitDate(db, dossierId, on);
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
    const page = await store.implicitDue(deps.db, today, from, BATCH);
    if (page.length === 0) return decided;
    for (const d of page) {
      if (!rules.has(d.demarche_id)) {
        const demarche = await store.lifecycleDemarche(deps.db, d.demarche_id);
        rules.set(d.demarche_id, implicitRuleOf(demarche.settings));
      }
      const rule = rules.get(d.demarche_id);
      const active = d.state === "en_construction" || d.state === "en_instruction";
      if (!rule || !active) {
        // A rule dropped while en test, or a state the pass does not decide: out of the walk.
        await store.setImplicitDate(deps.db, d.id, null);
      } else if (await pendingCorrection(deps.db, d.id)) {
        // The correction's suspension was missed (asked before the date existed): apply it.
        await suspendImplicitDecision(deps.db, d.id, deps.clock().toISOString());
      } else {
        try {
          const moved = await applyAutomatic(deps, d.id, {
            event: rule.decision === "sva" ? "accepter_automatiquement" : "refuser_automatiquement",
            implicit: rule.decision,
            motivation: implicitMotivation(rule),
          });
          if (moved) decided++;
        } catch (error) {
          // A plugin's veto keeps the dossier where it is; the next pass asks again.
          if (!(error instanceof AppError && error.reason === "veto")) throw error;
        }
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
