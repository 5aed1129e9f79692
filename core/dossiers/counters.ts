/**
 * The dashboard's tab counts, kept as counters instead of counted: a COUNT over a démarche
 * of 200,000 dossiers takes ~40 ms (DESIGN.md §8), reading two counters a few µs.
 *
 * Shared tabs (à suivre, traités, tous, archivés) are counted per groupe in
 * `groupe_tab_counts`, and beside them the dossiers not archived by state (`etat_<state>`, for
 * `/metrics`); « suivis » depends on who looks, so it is counted per (groupe,
 * follower) in `groupe_follow_counts`. Every change that can move a dossier between tabs
 * runs inside `tracked()`, in its own transaction: the dossier's place is read before (its
 * row locked until the transaction ends) and after, and the difference applied. The rules below are the only definition of the tabs
 * besides the dashboard's page query (`whereTab` in instruction/), which must agree with them.
 * They live with the dossiers because every folder that moves a dossier keeps them in step
 * (the lifecycle, instruction, conservation, publication).
 */
import type { Executor } from "../db/mod.ts";
import { DOSSIER_STATES, type DossierState } from "./lifecycle.ts";
import { applyDeltas, placeOf, resetCounts, storedCounts } from "./counters_store.ts";

export { applyDeltas, placeOf };

export const SHARED_TABS = ["a_suivre", "traites", "tous", "archives"] as const;
export type SharedTab = typeof SHARED_TABS[number];
/** The states counted by `etat_<state>` counters (deposited, not archived). */
export type CountedState = Exclude<DossierState, "brouillon">;
export const COUNTED_STATES: readonly CountedState[] = DOSSIER_STATES.filter(
  (s): s is CountedState => s !== "brouillon",
);
/** A row of `groupe_tab_counts`: a shared tab, or a state's counter. */
export type Counter = SharedTab | `etat_${CountedState}`;
/** Every tab of the dashboard: the shared ones and the follower's own « suivis ». */
export type TabCounts = Record<SharedTab | "suivis", number>;

const ACTIVE = ["en_construction", "en_instruction"];
const DECIDED = ["accepte", "refuse", "sans_suite"];

/** Where a dossier sits for the dashboards: its groupe, state, archive flag and followers. */
export interface Place {
  readonly groupeId: number | null;
  readonly state: string;
  readonly archived: boolean;
  readonly followers: readonly number[];
}

/** The shared tabs a dossier is counted in. */
export function sharedTabsOf(
  p: { readonly state: string; readonly archived: boolean; readonly followed: boolean },
): SharedTab[] {
  if (p.state === "brouillon" || !(ACTIVE.includes(p.state) || DECIDED.includes(p.state))) {
    return [];
  }
  if (p.archived) return ["archives"];
  const tabs: SharedTab[] = ["tous"];
  if (ACTIVE.includes(p.state) && !p.followed) tabs.push("a_suivre");
  if (DECIDED.includes(p.state)) tabs.push("traites");
  return tabs;
}

/** Whether each follower of the dossier counts it in their « suivis ». */
export function inSuivis(p: { readonly state: string; readonly archived: boolean }): boolean {
  return ACTIVE.includes(p.state) && !p.archived;
}

export interface Deltas {
  readonly tabs: readonly { groupeId: number; tab: Counter; delta: number }[];
  readonly follows: readonly { groupeId: number; userId: number; delta: number }[];
}

/** The counter changes for a dossier moving from `before` to `after` (null: nowhere). */
export function deltasOf(before: Place | null, after: Place | null): Deltas {
  return sumOf([[before, -1], [after, +1]]);
}

/** The counters' changes for each place counted `sign` times. */
function sumOf(places: Iterable<readonly [Place | null, number]>): Deltas {
  const tabs = new Map<string, number>();
  const follows = new Map<string, number>();
  const bump = (m: Map<string, number>, key: string, sign: number) =>
    m.set(key, (m.get(key) ?? 0) + sign);
  for (const [p, sign] of places) {
    if (!p || p.groupeId === null) continue;
    for (const tab of sharedTabsOf({ ...p, followed: p.followers.length > 0 })) {
      bump(tabs, `${p.groupeId}:${tab}`, sign);
    }
    if (!p.archived && (COUNTED_STATES as readonly string[]).includes(p.state)) {
      bump(tabs, `${p.groupeId}:etat_${p.state}`, sign);
    }
    if (!inSuivis(p)) continue;
    for (const userId of p.followers) bump(follows, `${p.groupeId}:${userId}`, sign);
  }
  const parts = (key: string) => key.split(":");
  return {
    tabs: [...tabs].filter(([, d]) => d !== 0).map(([key, delta]) => {
      const [g, tab] = parts(key);
      return { groupeId: Number(g), tab: tab as Counter, delta };
    }),
    follows: [...follows].filter(([, d]) => d !== 0).map(([key, delta]) => {
      const [g, u] = parts(key);
      return { groupeId: Number(g), userId: Number(u), delta };
    }),
  };
}

/**
 * Runs `change` (which may move the dossier between tabs) and keeps the counters in step.
 * Call it inside the transaction of the change.
 *
 * @example
 * await db.transaction().execute((trx) =>
 *   tracked(trx, id, () => dossierStore.setArchived(trx, id, true))
 * );
 */
export async function tracked<T>(
  db: Executor,
  dossierId: number,
  change: () => Promise<T>,
): Promise<T> {
  // Locked: under READ COMMITTED, two changes of one dossier would both count from the place
  // before either (a follow and a decision at once: « à suivre » taken down twice).
  const before = await placeOf(db, dossierId, { lock: true });
  const result = await change();
  await applyDeltas(db, deltasOf(before, await placeOf(db, dossierId)));
  return result;
}

/**
 * Recounts the groupes' counters from their dossiers, for a change too wide to track one
 * dossier at a time (the test dossiers deleted at publication). A scan: keep it for rare,
 * small cases.
 */
export async function rebuildCounts(db: Executor, groupeIds: readonly number[]): Promise<void> {
  if (groupeIds.length === 0) return;
  const places = await resetCounts(db, groupeIds);
  await applyDeltas(db, sumOf(places.map((p) => [p, 1])));
}

/** The five tab counts an instructeur sees over their groupes of one démarche. */
export async function tabCounts(
  db: Executor,
  groupeIds: readonly number[],
  userId: number,
): Promise<TabCounts> {
  const out: TabCounts = { a_suivre: 0, suivis: 0, traites: 0, tous: 0, archives: 0 };
  if (groupeIds.length === 0) return out;
  const { shared, suivis } = await storedCounts(db, groupeIds, userId);
  for (const r of shared) out[r.tab] += r.n;
  out.suivis = suivis;
  return out;
}
