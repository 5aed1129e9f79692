/**
 * The rows of one dashboard page: where they are walked from, in which order, after which
 * cursor. Every order walks an index and stops at the page — none sorts the groupe:
 * - numéro: the groupe's dossiers by number, or the full-text index when searching, or the
 *   champ index when filtering a champ on a value (the matches, newest first);
 * - dépôt, modification, décision: the groupe's dossiers on (groupe, archived, date, id);
 * - état: one walk per state, in the lifecycle's order;
 * - a champ or the usager: the champ index on (champ, value, dossier), then the dossiers
 *   without a value (always last).
 * A cursor is the `(key, id)` of the last row shown; `key` is null among the rows without a
 * value. An instructeur in several groupes: each walk of the groupe's dossiers runs once per
 * groupe, each stopping at the page, and the database merges them (`union all` of the
 * walks, ordered, limited) — over `groupe_id in (…)` no index gives the order, and both
 * databases sorted every dossier of the groupes (3.6 s for « tous » at 200,000). An export
 * walks the number order in one statement (`numberOrderQuery`). Over 400 lines because the walks and the conditions they share are one piece: split, each half
 * would need the other's types and helpers.
 */
import { type ExpressionBuilder, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { dialectOf, type Executor } from "../db/mod.ts";
import { type Leading, matchesSearch, searchedDossiers } from "../db/search.ts";
import type { SORT_BY, Tab } from "../shared/dashboard.ts";
import { TERMINAL } from "../dossiers/lifecycle.ts";
import { USAGER_COLUMN } from "../dossiers/index_values.ts";
import { labelCondition } from "./labels_store.ts";

const DECIDED = TERMINAL as readonly string[];

export interface DashboardSort {
  readonly by: typeof SORT_BY[number];
  readonly dir: "asc" | "desc";
  /** The champ sorted on, when `by` is « champ ». */
  readonly stableId?: string;
}

export type Cursor = { readonly key: string | number | null; readonly id: number };

export interface DashboardFilters {
  readonly states?: readonly string[];
  readonly depositedFrom?: string;
  readonly depositedTo?: string;
  readonly updatedFrom?: string;
  readonly updatedTo?: string;
  readonly decidedFrom?: string;
  readonly decidedTo?: string;
  readonly champs?: readonly ChampFilter[];
  readonly search?: string;
  /** Only the dossiers this instructeur follows. */
  readonly followedBy?: number;
  /** Only the dossiers carrying this label. */
  readonly label?: number;
}

export interface ChampFilter {
  readonly stableId: string;
  readonly op: "eq" | "lt" | "lte" | "gt" | "gte";
  readonly value: string | number | boolean;
}

export interface PageRow {
  id: number;
  state: string;
  is_test: number;
  deposited_at: string | null;
  updated_at: string;
  decided_at: string | null;
  usager: string;
  followed: number;
  sort_key: string | number | null;
}

export interface PageRequest {
  readonly demarcheId: number;
  readonly groupes: readonly number[];
  readonly userId: number;
  readonly tab: Tab;
  readonly sort: DashboardSort;
  /** For a champ sort: the champ compares as a number, else as text. */
  readonly numeric: boolean;
  readonly after?: Cursor;
  readonly limit: number;
  readonly filters: DashboardFilters;
  /** The FTS expression of `filters.search` (core/db/search.ts), null without a search. */
  readonly expression: string | null;
  /** The search's leading term (`SearchPlan.leading`), if it has one. */
  readonly leading?: Leading | null;
}

/** The lifecycle's order of the states a dashboard shows. */
const STATES = ["en_construction", "en_instruction", "accepte", "refuse", "sans_suite"];
const DATE_KEYS = {
  depot: "dossiers.deposited_at",
  modification: "dossiers.updated_at",
  decision: "dossiers.decided_at",
} as const;

// Kysely's types cannot follow a query whose FROM depends on the tab and the sort.
// deno-lint-ignore no-explicit-any
type Query = any;

/** A run of rows in one order; a page reads the segments in turn until it is full. */
interface Segment {
  /** Where the cursor stands from this segment: behind it, inside it, or still ahead. */
  place(after: Cursor): "passed" | "inside" | "ahead";
  query(after: Cursor | undefined): Query;
  /**
   * Set when the segment walks the groupe's dossiers (an index led by the groupe): the order
   * its rows come in — by `(sort_key, id)` or by `id` — for merging one walk per groupe.
   */
  readonly merge?: Merge;
}

interface Merge {
  readonly byKey: boolean;
  readonly dir: "asc" | "desc";
}

/** The rows of the page, plus one to tell whether another page follows. */
export async function pageRows(db: Executor, r: PageRequest): Promise<PageRow[]> {
  const walk = { ...r, ...await conditions(db, r) };
  const all = segments(db, walk);
  // Several groupes: the same segments for each groupe alone, to merge their walks.
  const perGroupe = r.groupes.length > 1
    ? r.groupes.map((g) => segments(db, { ...walk, groupes: [g] }))
    : [];
  const rows: PageRow[] = [];
  for (const [i, segment] of all.entries()) {
    const place = r.after ? segment.place(r.after) : "ahead";
    if (place === "passed") continue;
    const after = place === "inside" ? r.after : undefined;
    const limit = r.limit + 1 - rows.length;
    const q = segment.merge && perGroupe.length
      ? merged(db, perGroupe.map((s) => s[i].query(after).limit(limit)), segment.merge)
      : segment.query(after);
    rows.push(...await q.limit(limit).execute() as PageRow[]);
    if (rows.length > r.limit) break;
  }
  return rows;
}

/**
 * The walks of each groupe, each already in the page's order and limited to it, as one
 * statement: the database merges a page's worth of rows from each instead of sorting the
 * groupes' dossiers. The outer order repeats the walks' on the page's columns.
 */
function merged(db: Executor, walks: Query[], order: Merge): Query {
  const [first, ...rest] = walks.map((w, i) => db.selectFrom(w.as(`g${i}`)).selectAll());
  let q = rest.reduce((all: Query, w: Query) => all.unionAll(w), first);
  if (order.byKey) q = q.orderBy(sql.ref("sort_key"), order.dir);
  return q.orderBy(sql.ref("id"), order.dir);
}

/**
 * Every row of the tab and its filters in number order, as one query without a limit: what
 * an export walks in one statement (the page's columns; the caller adds its own).
 */
export async function numberOrderQuery(
  db: Executor,
  r: Omit<PageRequest, "sort" | "numeric" | "after" | "limit">,
): Promise<Query> {
  const request: PageRequest = {
    ...r,
    sort: { by: "numero", dir: "asc" },
    numeric: false,
    limit: 0,
  };
  const [walk] = segments(db, { ...request, ...await conditions(db, request) });
  return walk.query(undefined);
}

/** The filters of `r` as conditions, each read or prepared once for the whole walk. */
async function conditions(db: Executor, r: PageRequest): Promise<Conditions> {
  // A search walks the full-text index itself when the page is in number order; any other
  // walk filters on it.
  const walksSearch = r.sort.by === "numero" && r.tab !== "suivis";
  const search = r.expression && !walksSearch
    ? await matchesSearch(db, r.demarcheId, r.expression, { leading: r.leading })
    : null;
  // In number order, an equality on a champ walks its holders (the others filter them).
  const driver = walksSearch && !r.expression ? drivingFilter(r.filters) : undefined;
  const champs = new Map<ChampFilter, Filter>();
  for (const c of r.filters.champs ?? []) {
    if (c !== driver) champs.set(c, await champCondition(db, r.demarcheId, c));
  }
  const followed = r.filters.followedBy === undefined
    ? null
    : await followedCondition(db, r.filters.followedBy);
  const labelled = r.filters.label === undefined ? null : await labelCondition(db, r.filters.label);
  return { search, champs, driver, followed, labelled, mine: followedColumn(db, r.userId) };
}

/**
 * 1 when `userId` follows the row's dossier, else 0, on both databases. On PostgreSQL a
 * scalar subquery (at most one row: the key is (dossier_id, user_id)): an `exists` there was
 * planned as a hash of all the instructeur's follows (7,949 in the bench, ~0.7 ms a page)
 * rather than the page's fifty probes. SQLite keeps its `exists`, probed per row.
 */
function followedColumn(db: Executor, userId: number): RawBuilder<number> {
  if (dialectOf(db) === "postgres") {
    return sql<number>`coalesce((select 1 from dossier_follows f
      where f.dossier_id = dossiers.id and f.user_id = ${userId}), 0)`;
  }
  return sql<number>`case when exists (select 1 from dossier_follows f
    where f.dossier_id = dossiers.id and f.user_id = ${userId}) then 1 else 0 end`;
}

interface Conditions {
  readonly search: Filter | null;
  /** The champ filters but the driving one, each as its condition. */
  readonly champs: ReadonlyMap<ChampFilter, Filter>;
  readonly driver: ChampFilter | undefined;
  /** « Suivi par »: the instructeur's follows as a condition, null without the filter. */
  readonly followed: Filter | null;
  /** « Étiquette »: the label's dossiers as a condition, null without the filter. */
  readonly labelled: Filter | null;
  /** The page's « followed » column (followedColumn). */
  readonly mine: RawBuilder<number>;
}

function segments(db: Executor, r: PageRequest & Conditions): Segment[] {
  const suivis = r.tab === "suivis";
  const dir = r.sort.dir;
  const less = dir === "desc" ? sql.raw("<") : sql.raw(">");
  const everywhere = { place: () => "inside" as const };
  // The groupe's dossiers, or the instructeur's follows (a small set, indexed by user).
  const plain = () =>
    suivis
      ? { from: followed(db, r.userId), id: sql.ref<number>("mine.dossier_id") }
      : { from: db.selectFrom("dossiers"), id: sql.ref<number>("dossiers.id") };
  /** The groupe's own dossiers (not the follows): walked on an index led by the groupe. */
  const byGroupe = (byKey: boolean, direction = dir): Merge | undefined =>
    suivis ? undefined : { byKey, dir: direction };
  const keyed = (
    from: Query,
    key: RawBuilder<unknown>,
    id: RawBuilder<number>,
    merge?: Merge,
  ): Segment => ({
    ...everywhere,
    merge,
    query: (after: Cursor | undefined) => {
      let q = select(from, r, key).where(sql<boolean>`${key} is not null`)
        .orderBy(key, dir).orderBy(id, dir);
      if (after) q = q.where(sql<boolean>`(${key}, ${id}) ${less} (${after.key}, ${after.id})`);
      return q;
    },
  });
  /** The rows lacking the sort's value, newest first, after every row holding one. */
  const lacking = (missing: (q: Query) => Query): Segment => ({
    place: (after) => after.key === null ? "inside" : "ahead",
    merge: byGroupe(false, "desc"),
    query: (after) => {
      const { from, id } = plain();
      let q = missing(select(from, r, sql`null`)).orderBy(id, "desc");
      if (after) q = q.where(sql<boolean>`${id} < ${after.id}`);
      return q;
    },
  });
  const withValue = (segment: Segment): Segment => ({
    ...segment,
    place: (after) => after.key === null ? "passed" : "inside",
  });

  switch (r.sort.by) {
    case "numero": {
      const driver = r.driver;
      const searched = !suivis && r.expression
        ? searchedDossiers(db, r.demarcheId, r.expression, r.leading)
        : undefined;
      const { from, id } = searched
        ? { from: searched.from, id: searched.order }
        : driver
        ? { from: champMatches(db, r.demarcheId, driver), id: sql.ref<number>("drv.dossier_id") }
        : plain();
      return [{
        ...everywhere,
        merge: searched || driver ? undefined : byGroupe(false),
        query: (after) => {
          let q = select(from, r, sql.ref("dossiers.id"))
            .orderBy(id, dir);
          if (after && searched) {
            q = q.where(dir === "desc" ? searched.below(after.id) : searched.above(after.id));
          } else if (after) q = q.where(sql<boolean>`${id} ${less} ${after.id}`);
          return q;
        },
      }];
    }
    case "depot":
    case "modification":
    case "decision": {
      const { from, id } = plain();
      const key = sql.ref(DATE_KEYS[r.sort.by]);
      const merge = byGroupe(true);
      if (r.sort.by !== "decision") return [keyed(from, key, id, merge)];
      return [
        withValue(keyed(from, key, id, merge)),
        lacking((q) => q.where("dossiers.decided_at", "is", null)),
      ];
    }
    case "etat": {
      const order = dir === "asc" ? STATES : [...STATES].reverse();
      return order.map((state, i): Segment => ({
        merge: byGroupe(false, "desc"),
        place: (after: Cursor) => {
          const at = order.indexOf(String(after.key));
          return at === i ? "inside" : at > i ? "passed" : "ahead";
        },
        query: (after: Cursor | undefined) => {
          const { from, id } = plain();
          let q = select(from, r, sql`dossiers.state`).where("dossiers.state", "=", state)
            .orderBy(id, "desc");
          if (after) q = q.where(sql<boolean>`${id} < ${after.id}`);
          return q;
        },
      }));
    }
    case "usager":
    case "champ": {
      const stableId = r.sort.by === "usager" ? USAGER_COLUMN : r.sort.stableId ?? "";
      const key = sql.ref(r.numeric ? "k.value_num" : "k.sort_text");
      // Suivis: the few followed dossiers joined to their value, sorted; elsewhere the
      // champ's values walked in order on the partial index of first items.
      const from = suivis
        ? followed(db, r.userId).innerJoin(
          "dossier_champ_index as k",
          (j: Query) =>
            j.onRef("k.dossier_id", "=", "dossiers.id").on("k.stable_id", "=", stableId)
              .on(sql`k.item = 0`),
        )
        : db.selectFrom("dossier_champ_index as k").crossJoin("dossiers")
          .whereRef("dossiers.id", "=", "k.dossier_id").where("k.demarche_id", "=", r.demarcheId)
          .where("k.stable_id", "=", stableId).where(sql<boolean>`k.item = 0`);
      return [
        withValue(keyed(from, key, sql.ref("k.dossier_id"))),
        lacking((q) =>
          q.where(({ not, exists, selectFrom }: ExpressionBuilder<Database, "dossiers">) =>
            not(exists(
              selectFrom("dossier_champ_index as n").select("n.dossier_id")
                .whereRef("n.dossier_id", "=", "dossiers.id").where("n.stable_id", "=", stableId)
                .where(sql<boolean>`n.item = 0`)
                .where(r.numeric ? "n.value_num" : "n.sort_text", "is not", null),
            ))
          )
        ),
      ];
    }
  }
}

function followed(db: Executor, userId: number): Query {
  return db.selectFrom("dossier_follows as mine").crossJoin("dossiers")
    .whereRef("dossiers.id", "=", "mine.dossier_id").where("mine.user_id", "=", userId);
}

/**
 * The champ filter a page sorted by number walks instead of the groupe: an equality, read
 * from the index newest first, skips every dossier holding another value (0.12 ms for a
 * value held by one dossier in five, against 0.57 ms probing each dossier walked).
 */
function drivingFilter(f: DashboardFilters): ChampFilter | undefined {
  return f.champs?.find((c) => c.op === "eq");
}

function champMatches(db: Executor, demarcheId: number, c: ChampFilter): Query {
  const value = comparedValue(c);
  return db.selectFrom("dossier_champ_index as drv").crossJoin("dossiers")
    .whereRef("dossiers.id", "=", "drv.dossier_id").where("drv.demarche_id", "=", demarcheId)
    .where("drv.stable_id", "=", c.stableId)
    .where(typeof value === "number" ? "drv.value_num" : "drv.value_text", "=", value);
}

function comparedValue(c: ChampFilter): string | number {
  return typeof c.value === "boolean" ? (c.value ? "true" : "false") : c.value;
}

type Filter = RawBuilder<boolean>;

/** The page's columns, the groupes, the tab and the filters, on any source. */
function select(
  from: Query,
  r: PageRequest & Conditions,
  key: RawBuilder<unknown>,
): Query {
  let q = from.innerJoin("users", "users.id", "dossiers.owner_id")
    .select([
      "dossiers.id",
      "dossiers.state",
      "dossiers.is_test",
      "dossiers.deposited_at",
      "dossiers.updated_at",
      "dossiers.decided_at",
      "users.email as usager",
      // 1 or 0 on both databases (a bare `exists` is a boolean on PostgreSQL).
      r.mine.as("followed"),
      key.as("sort_key"),
    ])
    .where("dossiers.groupe_id", "in", r.groupes);
  q = whereTab(q, r.tab);
  const f = r.filters;
  if (f.states?.length) q = q.where("dossiers.state", "in", f.states);
  const period = (column: string, from?: string, to?: string) => {
    if (from) q = q.where(column, ">=", from);
    if (to) q = q.where(column, "<", to);
  };
  period("dossiers.deposited_at", f.depositedFrom, f.depositedTo);
  period("dossiers.updated_at", f.updatedFrom, f.updatedTo);
  period("dossiers.decided_at", f.decidedFrom, f.decidedTo);
  if (r.followed) q = q.where(r.followed);
  if (r.labelled) q = q.where(r.labelled);
  for (const condition of r.champs.values()) q = q.where(condition);
  if (r.search) q = q.where(r.search);
  return q;
}

/** Up to this many matches, a filter reads them all first; past it, it probes each dossier. */
const FEW_MATCHES = 5000;

/**
 * The condition of a champ filter — never a scan of the dossiers' JSON. A value few dossiers
 * hold: the set of them, read once from the index (a length above 23.5 m, 2.5 % of 200,000
 * dossiers: 3 ms, against 16 ms probing the 2,000 dossiers walked to fill a page). A common
 * one: a probe of the index per dossier walked (reading its 40,000 holders first took 27 ms).
 */
/** Up to this many follows, « Suivi par » reads them as a set; past it, probes each dossier. */
const FEW_FOLLOWS = 1000;

/**
 * The dossiers `userId` follows: a few are read as a set from (user, dossier) — sorted by
 * hand when the page is in another order, cheap for so few; many are probed per dossier
 * walked, which the walk's own order serves best.
 */
export async function followedCondition(db: Executor, userId: number, few = FEW_FOLLOWS) {
  const follows = db.selectFrom("dossier_follows as fb").select("fb.dossier_id")
    .where("fb.user_id", "=", userId);
  const { n } = await db.selectFrom(follows.limit(few + 1).as("m"))
    .select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (n <= few) return sql<boolean>`dossiers.id in (${follows})`;
  return sql<boolean>`exists (select 1 from dossier_follows fp
    where fp.dossier_id = dossiers.id and fp.user_id = ${userId})`;
}

export async function champCondition(
  db: Executor,
  demarcheId: number,
  c: ChampFilter,
  few = FEW_MATCHES,
) {
  const value = comparedValue(c);
  const column = typeof value === "number" ? "value_num" : "value_text";
  const op = ({ eq: "=", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const)[c.op];
  const holders = db.selectFrom("dossier_champ_index as h").select("h.dossier_id")
    .where("h.demarche_id", "=", demarcheId).where("h.stable_id", "=", c.stableId)
    .where(`h.${column}`, op, value);
  const { n } = await db.selectFrom(holders.limit(few + 1).as("m"))
    .select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (n <= few) return sql<boolean>`dossiers.id in (${holders})`;
  return sql<boolean>`exists (select 1 from dossier_champ_index i
    where i.dossier_id = dossiers.id and i.stable_id = ${c.stableId}
    and ${sql.ref(`i.${column}`)} ${sql.raw(op)} ${value})`;
}

function whereTab(q: Query, tab: Tab): Query {
  const anyFollower = sql<boolean>`exists (select 1 from dossier_follows f
    where f.dossier_id = dossiers.id)`;
  const active = ["en_construction", "en_instruction"];
  switch (tab) {
    case "a_suivre":
      return q.where("dossiers.state", "in", active).where("dossiers.archived", "=", 0)
        .where(sql<boolean>`not ${anyFollower}`);
    case "suivis": // walked from the instructeur's follows
      return q.where("dossiers.state", "in", active).where("dossiers.archived", "=", 0);
    case "traites":
      return q.where("dossiers.state", "in", DECIDED).where("dossiers.archived", "=", 0);
    case "tous":
      return q.where("dossiers.state", "!=", "brouillon").where("dossiers.archived", "=", 0);
    case "archives":
      return q.where("dossiers.state", "!=", "brouillon").where("dossiers.archived", "=", 1);
  }
}
