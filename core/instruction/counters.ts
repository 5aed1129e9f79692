/**
 * The dashboard's tab counts, kept as counters instead of counted: a COUNT over a démarche
 * of 200,000 dossiers takes ~40 ms (DESIGN.md §8), reading two counters a few µs.
 *
 * Shared tabs (à suivre, traités, tous, archivés) are counted per groupe in
 * `groupe_tab_counts`; « suivis » depends on who looks, so it is counted per (groupe,
 * follower) in `groupe_follow_counts`. Every change that can move a dossier between tabs
 * runs inside `tracked()`, in its own transaction: the dossier's place is read before and
 * after, and the difference applied. The rules below are the only definition of the tabs
 * besides the dashboard's page query (`whereTab` in service.ts), which must agree with them.
 */
import type { Executor } from "../db/mod.ts";
import type { Tab } from "../shared/dashboard.ts";

export type SharedTab = Exclude<Tab, "suivis">;
export const SHARED_TABS: readonly SharedTab[] = ["a_suivre", "traites", "tous", "archives"];

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
  readonly tabs: readonly { groupeId: number; tab: SharedTab; delta: number }[];
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
    if (!inSuivis(p)) continue;
    for (const userId of p.followers) bump(follows, `${p.groupeId}:${userId}`, sign);
  }
  const parts = (key: string) => key.split(":");
  return {
    tabs: [...tabs].filter(([, d]) => d !== 0).map(([key, delta]) => {
      const [g, tab] = parts(key);
      return { groupeId: Number(g), tab: tab as SharedTab, delta };
    }),
    follows: [...follows].filter(([, d]) => d !== 0).map(([key, delta]) => {
      const [g, u] = parts(key);
      return { groupeId: Number(g), userId: Number(u), delta };
    }),
  };
}

/** The dossier's place now (null if it does not exist). */
export async function placeOf(db: Executor, dossierId: number): Promise<Place | null> {
  const d = await db.selectFrom("dossiers").select(["groupe_id", "state", "archived"])
    .where("id", "=", dossierId).executeTakeFirst();
  if (!d) return null;
  const followers = await db.selectFrom("dossier_follows").select("user_id")
    .where("dossier_id", "=", dossierId).execute();
  return {
    groupeId: d.groupe_id,
    state: d.state,
    archived: d.archived === 1,
    followers: followers.map((f) => f.user_id),
  };
}

/** Adds `deltas` to the counters. */
export async function applyDeltas(db: Executor, deltas: Deltas): Promise<void> {
  for (const d of deltas.tabs) {
    await db.insertInto("groupe_tab_counts")
      .values({ groupe_id: d.groupeId, tab: d.tab, n: d.delta })
      .onConflict((oc) =>
        oc.columns(["groupe_id", "tab"]).doUpdateSet((eb) => ({
          n: eb("groupe_tab_counts.n", "+", eb.ref("excluded.n")),
        }))
      ).execute();
  }
  for (const d of deltas.follows) {
    await db.insertInto("groupe_follow_counts")
      .values({ groupe_id: d.groupeId, user_id: d.userId, n: d.delta })
      .onConflict((oc) =>
        oc.columns(["groupe_id", "user_id"]).doUpdateSet((eb) => ({
          n: eb("groupe_follow_counts.n", "+", eb.ref("excluded.n")),
        }))
      ).execute();
  }
}

/**
 * Runs `change` (which may move the dossier between tabs) and keeps the counters in step.
 * Call it inside the transaction of the change.
 *
 * @example
 * await db.transaction().execute((trx) =>
 *   tracked(trx, id, () => trx.updateTable("dossiers").set({ archived: 1 }).where("id", "=", id).execute())
 * );
 */
export async function tracked<T>(
  db: Executor,
  dossierId: number,
  change: () => Promise<T>,
): Promise<T> {
  const before = await placeOf(db, dossierId);
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
  await db.deleteFrom("groupe_tab_counts").where("groupe_id", "in", groupeIds).execute();
  await db.deleteFrom("groupe_follow_counts").where("groupe_id", "in", groupeIds).execute();
  const dossiers = await db.selectFrom("dossiers").select(["id", "groupe_id", "state", "archived"])
    .where("groupe_id", "in", groupeIds).where("state", "!=", "brouillon").execute();
  const follows = await db.selectFrom("dossier_follows")
    .innerJoin("dossiers", "dossiers.id", "dossier_follows.dossier_id")
    .select(["dossier_follows.dossier_id", "dossier_follows.user_id"])
    .where("dossiers.groupe_id", "in", groupeIds).execute();
  const followers = new Map<number, number[]>();
  for (const f of follows) {
    followers.set(f.dossier_id, [...(followers.get(f.dossier_id) ?? []), f.user_id]);
  }
  await applyDeltas(
    db,
    sumOf(dossiers.map((d) => [{
      groupeId: d.groupe_id,
      state: d.state,
      archived: d.archived === 1,
      followers: followers.get(d.id) ?? [],
    }, 1])),
  );
}

/** The five tab counts an instructeur sees over their groupes of one démarche. */
export async function tabCounts(
  db: Executor,
  groupeIds: readonly number[],
  userId: number,
): Promise<Record<Tab, number>> {
  const out: Record<Tab, number> = { a_suivre: 0, suivis: 0, traites: 0, tous: 0, archives: 0 };
  if (groupeIds.length === 0) return out;
  const shared = await db.selectFrom("groupe_tab_counts").select(["tab", "n"])
    .where("groupe_id", "in", groupeIds).execute();
  for (const r of shared) out[r.tab as SharedTab] += Number(r.n);
  const mine = await db.selectFrom("groupe_follow_counts").select("n")
    .where("user_id", "=", userId).where("groupe_id", "in", groupeIds).execute();
  for (const r of mine) out.suivis += Number(r.n);
  return out;
}
