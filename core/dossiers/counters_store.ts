/**
 * Queries of the dashboard's tab counters (`groupe_tab_counts`, `groupe_follow_counts`),
 * written only here: every change that moves a dossier between tabs goes through
 * `tracked()` of counters.ts, which reads the dossier's place here before and after.
 */
import { sql } from "kysely";
import { dialectOf, type Executor } from "../db/mod.ts";
import { reusableQuery } from "../db/reusable_query.ts";
import type { CountedState, Deltas, Place, SharedTab } from "./counters.ts";

// Run on every change of a dossier (twice each): built and compiled once.
const placeRow = reusableQuery((db, id: number) =>
  db.selectFrom("dossiers").select(["groupe_id", "state", "archived"]).where("id", "=", id)
);
const lockedPlaceRow = reusableQuery((db, id: number) =>
  db.selectFrom("dossiers").select(["groupe_id", "state", "archived"]).where("id", "=", id)
    .forUpdate()
);
const followersOf = reusableQuery((db, id: number) =>
  db.selectFrom("dossier_follows").select("user_id").where("dossier_id", "=", id)
);
const addToTab = reusableQuery((db, groupeId: number, tab: string, delta: number) =>
  db.insertInto("groupe_tab_counts").values({ groupe_id: groupeId, tab, n: delta })
    .onConflict((oc) =>
      oc.columns(["groupe_id", "tab"]).doUpdateSet((eb) => ({
        n: eb("groupe_tab_counts.n", "+", eb.ref("excluded.n")),
      }))
    )
);
const addToFollows = reusableQuery((db, groupeId: number, userId: number, delta: number) =>
  db.insertInto("groupe_follow_counts").values({ groupe_id: groupeId, user_id: userId, n: delta })
    .onConflict((oc) =>
      oc.columns(["groupe_id", "user_id"]).doUpdateSet((eb) => ({
        n: eb("groupe_follow_counts.n", "+", eb.ref("excluded.n")),
      }))
    )
);

/**
 * The dossier's place now (null if it does not exist). With `lock`, on PostgreSQL, the
 * dossier's row stays locked until the transaction ends (`FOR UPDATE`): another change of the
 * same dossier waits, then reads the place this one leaves. SQLite has one writer at a time.
 */
export async function placeOf(
  db: Executor,
  dossierId: number,
  opts: { lock?: boolean } = {},
): Promise<Place | null> {
  const [d] = await (opts.lock && dialectOf(db) === "postgres" ? lockedPlaceRow : placeRow)(
    db,
    dossierId,
  );
  if (!d) return null;
  const followers = await followersOf(db, dossierId);
  return {
    groupeId: d.groupe_id,
    state: d.state,
    archived: d.archived === 1,
    followers: followers.map((f) => f.user_id),
  };
}

/** The first key of the advisory locks on a groupe's counters (PostgreSQL). */
const COUNTERS_LOCK = 0x67756963; // "guic"

/**
 * Adds `deltas` to the counters, row after row in one order (groupe, then tab or follower).
 *
 * On PostgreSQL, a transaction first takes its groupes' counters lock (an advisory lock held
 * until it ends, in groupe order): a transaction changing counters twice (a decision, then the
 * instructeur's follow) would otherwise hold one counter row while waiting for another that a
 * concurrent deposit holds while waiting for the first — a deadlock. Transactions of one groupe
 * already wait for each other on its « tous » row; this makes them wait at the first counter.
 */
export async function applyDeltas(db: Executor, deltas: Deltas): Promise<void> {
  if (dialectOf(db) === "postgres") {
    const groupes = [
      ...new Set([...deltas.tabs, ...deltas.follows].map((d) => d.groupeId)),
    ].sort((a, b) => a - b);
    for (const groupeId of groupes) {
      await sql`select pg_advisory_xact_lock(${COUNTERS_LOCK}, ${groupeId})`.execute(db);
    }
  }
  const tabs = [...deltas.tabs].sort((a, b) =>
    a.groupeId - b.groupeId || (a.tab < b.tab ? -1 : a.tab > b.tab ? 1 : 0)
  );
  const follows = [...deltas.follows].sort((a, b) =>
    a.groupeId - b.groupeId || a.userId - b.userId
  );
  for (const d of tabs) await addToTab(db, d.groupeId, d.tab, d.delta);
  for (const d of follows) await addToFollows(db, d.groupeId, d.userId, d.delta);
}

/** Drops the counters of `groupeIds` and returns the places to count them again from. */
export async function resetCounts(db: Executor, groupeIds: readonly number[]): Promise<Place[]> {
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
  return dossiers.map((d) => ({
    groupeId: d.groupe_id,
    state: d.state,
    archived: d.archived === 1,
    followers: followers.get(d.id) ?? [],
  }));
}

/** The stored counts of the shared tabs, and of « suivis » for `userId`, over `groupeIds`. */
export async function storedCounts(db: Executor, groupeIds: readonly number[], userId: number) {
  // Both at once: on PostgreSQL each is a round trip of its own.
  const [shared, mine] = await Promise.all([
    db.selectFrom("groupe_tab_counts").select(["tab", "n"])
      .where("groupe_id", "in", groupeIds).execute(),
    db.selectFrom("groupe_follow_counts").select("n")
      .where("user_id", "=", userId).where("groupe_id", "in", groupeIds).execute(),
  ]);
  return {
    // The states' counters are not tabs.
    shared: shared.filter((r) => !r.tab.startsWith("etat_"))
      .map((r) => ({ tab: r.tab as SharedTab, n: Number(r.n) })),
    suivis: mine.reduce((sum, r) => sum + Number(r.n), 0),
  };
}

/**
 * The counters summed over every groupe of the instance (one row per groupe and counter): the
 * shared tabs, and the dossiers not archived by state.
 */
export async function instanceTabCounts(
  db: Executor,
): Promise<Record<SharedTab, number> & { etats: Record<CountedState, number> }> {
  const rows = await db.selectFrom("groupe_tab_counts")
    .select((eb) => ["tab", eb.fn.sum<number>("n").as("n")]).groupBy("tab").execute();
  const etats: Record<CountedState, number> = {
    en_construction: 0,
    en_instruction: 0,
    accepte: 0,
    refuse: 0,
    sans_suite: 0,
  };
  const out = { a_suivre: 0, traites: 0, tous: 0, archives: 0, etats };
  for (const r of rows) {
    const state = r.tab.startsWith("etat_") ? r.tab.slice("etat_".length) : null;
    if (state !== null && state in etats) etats[state as CountedState] = Number(r.n);
    else if (r.tab in out && r.tab !== "etats") out[r.tab as SharedTab] = Number(r.n);
  }
  return out;
}
