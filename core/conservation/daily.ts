/**
 * The daily conservation pass: tells usagers 14 days before their dossier's expiry, deletes
 * the expired ones told at least 14 days ago and the brouillons binned 30 days ago. A
 * brouillon prefilled through the API that no usager has claimed is nobody's to tell: it is
 * deleted at its expiry without a notice. It reads
 * only through the indexes of migration 0022 and writes in transactions of at most
 * `BATCH` dossiers, so a million-dossier instance never holds the write lock for long. Each
 * transaction reads its dossiers again and decides from what it reads: a second pass, or a
 * second process, finds nothing left to do.
 */
import { claimDailyRun } from "../jobs/daily.ts";
import type { Deps } from "../deps.ts";
import { forgetTerms } from "../db/search.ts";
import { queueMessage } from "../notifications/service.ts";
import {
  addDays,
  addMonths,
  CORBEILLE_DAYS,
  corbeilleEnd,
  deletionDate,
  dueForDeletion,
  dueForNotice,
  expiryOf,
  monthsFor,
  NOTICE_DAYS,
  noticeMail,
} from "./model.ts";
import * as store from "./store.ts";
import { claimExpiryNotice, clearPastConservations } from "../dossiers/store.ts";
import { retentionPage } from "../demarches/store.ts";

/** Dossiers per transaction. */
export const BATCH = 500;
/** How often the instance looks whether today's pass is due. */
export const CONSERVATION_CHECK_EVERY_MS = 10 * 60_000;
/** The pass runs once a day from this hour (UTC), when few people work. */
const RUN_HOUR_UTC = 2;
/** Months are clamped at their end (31 Jan + 1 month = 28 Feb): walk a few days further. */
const CUTOFF_SLACK_DAYS = 4;

export interface PassResult {
  notices: number;
  deleted: number;
}

/** Each rule's walk, with a state it covers (for its number of months). */
const WALKS = [
  ["brouillon", "brouillon"],
  ["en_construction", "en_construction"],
  ["decided", "accepte"],
] as const;

type PassDeps = Pick<Deps, "db" | "clock" | "baseUrl" | "blobs">;

/**
 * Runs today's pass unless one already started today (at or after 02:00 UTC), here or in
 * another process; returns its result, or null when it was not due.
 *
 * @example
 * ```ts
 * setInterval(() => runConservationIfDue(deps), CONSERVATION_CHECK_EVERY_MS);
 * ```
 */
export async function runConservationIfDue(deps: PassDeps): Promise<PassResult | null> {
  if (!await claimDailyRun(deps.db, "daily", deps.clock(), RUN_HOUR_UTC)) return null;
  return await runConservation(deps);
}

/**
 * One pass at the deps' clock: notices due, deletions due. Safe to run again at any time.
 *
 * @example
 * ```ts
 * const { notices, deleted } = await runConservation(deps);
 * ```
 */
export async function runConservation(deps: PassDeps): Promise<PassResult> {
  const now = deps.clock().toISOString();
  const horizon = addDays(now, NOTICE_DAYS);
  const result: PassResult = { notices: 0, deleted: 0 };
  const run = async (ids: number[], corbeille: boolean) => {
    const r = await processBatch(deps, ids, { now, corbeille });
    result.notices += r.notices;
    result.deleted += r.deleted;
  };

  // Reads a walk page by page and acts on each page in its own transaction.
  const walkAll = async (
    next: (from: store.Position | undefined) => Promise<store.Position[]>,
    corbeille: boolean,
  ) => {
    let from: store.Position | undefined;
    while (true) {
      const page = await next(from);
      if (page.length === 0) return;
      await run(page.map((p) => p.id), corbeille);
      from = page.at(-1);
    }
  };

  // Dossiers kept by « Conserver » until the horizon; past dates are forgotten on the way,
  // which sends their dossiers back to their rule's walk below.
  await walkAll(
    (from) => store.walkConserved(deps.db, { until: horizon, from, limit: BATCH }),
    false,
  );
  for (let after = 0;;) {
    const demarches = await retentionPage(deps.db, after, BATCH);
    if (demarches.length === 0) break;
    for (const d of demarches) {
      for (const [walk, state] of WALKS) {
        const cutoff = addDays(
          addMonths(horizon, -monthsFor(state, d.retention_months)!),
          CUTOFF_SLACK_DAYS,
        );
        await walkAll(
          (from) =>
            store.walkDemarche(deps.db, walk, { demarcheId: d.id, cutoff, from, limit: BATCH }),
          false,
        );
      }
    }
    after = demarches.at(-1)!.id;
  }
  const before = addDays(now, -CORBEILLE_DAYS);
  await walkAll((from) => store.walkCorbeille(deps.db, { before, from, limit: BATCH }), true);
  return result;
}

/** Decides and acts on `ids` in one transaction; removes the deleted files' blobs after. */
async function processBatch(
  deps: PassDeps,
  ids: readonly number[],
  opts: { now: string; corbeille: boolean },
): Promise<PassResult> {
  const { now } = opts;
  const blobs: string[] = [];
  const terms = new Set<string>();
  const result = await deps.db.transaction().execute(async (trx) => {
    const r: PassResult = { notices: 0, deleted: 0 };
    const remove = async (
      d: { id: number; demarche_id: number; state: string },
      reason: "expire" | "corbeille",
    ) => {
      const gone = await store.deleteDossier(trx, d, { reason, now });
      blobs.push(...gone.blobs);
      for (const t of gone.terms) terms.add(t);
      r.deleted++;
    };
    for (const d of await store.dossiersFor(trx, ids)) {
      const binned = d.state === "brouillon" && d.deleted_by_usager_at !== null;
      if (opts.corbeille || binned) {
        if (binned && corbeilleEnd(d.deleted_by_usager_at!) <= now) await remove(d, "corbeille");
        continue;
      }
      const expiry = expiryOf(d, d.retention_months);
      if (d.prefill_waiting) {
        // A prefilled brouillon nobody claimed has no one to tell (its placeholder owner has
        // no mailbox): it goes at its expiry, its link with it.
        if (expiry !== null && now >= expiry) await remove(d, "expire");
        continue;
      }
      if (dueForDeletion(now, expiry, d.expiry_notice_at)) {
        await remove(d, "expire");
      } else if (dueForNotice(now, expiry, d.expiry_notice_at)) {
        if (!(await claimExpiryNotice(trx, d.id, d.expiry_notice_at, now))) continue;
        await queueMessage(
          trx,
          noticeMail({
            to: d.email,
            dossierId: d.id,
            titre: d.titre,
            state: d.state,
            deletionAt: deletionDate(now, expiry, now)!,
            retentionMonths: d.retention_months,
            link: `${deps.baseUrl}/dossiers/${d.id}`,
          }),
          { now, demarcheId: d.demarche_id },
        );
        r.notices++;
      }
    }
    await clearPastConservations(trx, ids, now);
    return r;
  });
  for (const key of blobs) await deps.blobs.remove(key).catch(() => {});
  // Terms are forgotten in short transactions of their own, each checking and deleting
  // together, so a dossier indexed meanwhile keeps its terms.
  const list = [...terms];
  for (let i = 0; i < list.length; i += BATCH) {
    await deps.db.transaction().execute((trx) => forgetTerms(trx, list.slice(i, i + BATCH)));
  }
  return result;
}
