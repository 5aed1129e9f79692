/**
 * The yardstick of the dashboard benchmark on PostgreSQL (`deno task bench dashboard
 * --postgres`): `dashboard_bare.ts`'s handler with the same hand-written SQL in PostgreSQL's
 * words — `$n` parameters, `join` for SQLite's `cross join … on`, the search as a tsquery on
 * `dossiers_search.terms` — over Postgres.js alone (statements prepared once per connection,
 * one connection), no Kysely, no framework.
 */
import { createHash } from "node:crypto";
import postgres from "postgres";

const SESSION_SQL = `select u.id, s.last_seen_at from sessions s
  join users u on u.id = s.user_id where s.id = $1 and s.expires_at > $2`;
/** An instructeur's session ends after 2 hours unused (core/accounts/model.ts). */
const IDLE_MS = 2 * 3_600_000;
const GROUPES_SQL = `select m.groupe_id from groupe_membres m
  join groupes_instructeurs g on g.id = m.groupe_id where m.user_id = $1 and g.demarche_id = $2`;
const DEMARCHES_SQL = `select d.id, d.titre, d.state, m.groupe_id from groupe_membres m
  join groupes_instructeurs g on g.id = m.groupe_id join demarches d on d.id = g.demarche_id
  where m.user_id = $1`;
const PREFS_SQL =
  `select columns from instructeur_preferences where user_id = $1 and demarche_id = $2`;
const UNSEEN_SQL = `select d.id from dossiers d
  left join dossier_reads r on r.dossier_id = d.id and r.user_id = $1
  where d.id = any(cast($2 as integer[])) and (
    exists (select 1 from messages m where m.dossier_id = d.id
      and m.id > coalesce(r.last_message_id, 0) and m.from_instructeur = 0)
    or exists (select 1 from avis a where a.dossier_id = d.id
      and a.answered_at > coalesce(r.seen_at, ''))
    or exists (select 1 from dossier_events e where e.dossier_id = d.id
      and e.event = 'deposer_modifications' and e.created_at > coalesce(r.seen_at, '')))`;
const CORRECTIONS_SQL = `select distinct dossier_id from messages
  where dossier_id = any(cast($1 as integer[]))
  and correction_reason is not null and resolved_at is null`;
const LABELS_SQL = `select dl.dossier_id, l.id, l.name, l.color from dossier_labels dl
  join demarche_labels l on l.id = dl.label_id where dl.dossier_id = any(cast($1 as integer[]))
  order by l.name`;
const TERMS_SQL =
  "select term from search_terms where term >= $1 and term < $2 order by term limit 65";
const TAB_COUNTS_SQL =
  "select tab, n from groupe_tab_counts where groupe_id = any(cast($1 as integer[]))";
const FOLLOW_COUNTS_SQL = `select n from groupe_follow_counts
  where user_id = $1 and groupe_id = any(cast($2 as integer[]))`;

const HEADERS = {
  "content-type": "application/json",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

const ACTIVE = "d.state in ('en_construction', 'en_instruction') and d.archived = 0";
const TAB_WHERE: Record<string, string> = {
  a_suivre: `${ACTIVE} and not exists (select 1 from dossier_follows f where f.dossier_id = d.id)`,
  suivis: ACTIVE,
  traites: "d.state in ('accepte', 'refuse', 'sans_suite') and d.archived = 0",
  tous: "d.state != 'brouillon' and d.archived = 0",
  archives: "d.state != 'brouillon' and d.archived = 1",
};

interface Input {
  demarcheId: number;
  tab?: string;
  before?: number;
  limit?: number;
  sort?: { by: "champ"; stableId: string; dir: "asc" } | { by: "depot"; dir: "desc" };
  filters?: {
    champs?: { stableId: string; op: "eq"; value: string }[];
    search?: string;
  };
}

interface Row {
  id: number;
  state: string;
  is_test: number;
  deposited_at: string | null;
  updated_at: string;
  decided_at: string | null;
  usager: string;
  followed: boolean;
  sort_key: string | number;
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A handler over the PostgreSQL database at `url`; `close` ends its connection. */
export function dashboardBarePgHandler(url: string) {
  const parsed = new URL(url);
  const socketFolder = parsed.searchParams.get("host");
  parsed.searchParams.delete("host");
  const db = postgres(parsed.href, {
    max: 1,
    ...(socketFolder ? { host: socketFolder } : {}),
    // As Guichet's own connections (core/db/postgres_driver.ts): no parallel plans.
    connection: { max_parallel_workers_per_gather: "0" },
    types: { int8: { to: 20, from: [20], parse: Number, serialize: String } },
  });
  // deno-lint-ignore no-explicit-any
  const q = <T>(text: string, params: any[]) =>
    db.unsafe(text, params, { prepare: true }) as unknown as Promise<T[]>;

  const page = async (input: Input, userId: number, groupes: number[], wholeWords: string[]) => {
    const tab = input.tab ?? "a_suivre";
    const limit = input.limit ?? 50;
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const followedBy = p(userId);
    // The groupes' condition, written per walk below: several groupes walked over the
    // dossiers are merged, one walk per groupe.
    const where = ["$groupes", TAB_WHERE[tab]];
    const champ = input.filters?.champs?.[0];
    let from = "dossiers d";
    let order = "d.id";
    let key = "d.id";
    let dir = "desc";
    const words = (input.filters?.search ?? "").normalize("NFD").replace(/\p{M}+/gu, "")
      .toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 10);
    if (input.sort?.by === "depot") {
      where.push("d.deposited_at is not null");
      order = "d.deposited_at desc, d.id";
      key = "d.deposited_at";
    } else if (input.sort) {
      from = "dossier_champ_index k join dossiers d on d.id = k.dossier_id";
      where.unshift(
        `k.demarche_id = ${p(input.demarcheId)} and k.stable_id = ${
          p(input.sort.stableId)
        } and k.item = 0 and k.sort_text is not null`,
      );
      order = "k.sort_text asc, k.dossier_id";
      key = "k.sort_text";
      dir = "asc";
    } else if (champ) {
      from = "dossier_champ_index i join dossiers d on d.id = i.dossier_id";
      where.unshift(
        `i.demarche_id = ${p(input.demarcheId)} and i.stable_id = ${
          p(champ.stableId)
        } and i.value_text = ${p(champ.value)}`,
      );
      order = "i.dossier_id";
    } else if (tab === "suivis") {
      from = "dossier_follows mine join dossiers d on d.id = mine.dossier_id";
      where.unshift(`mine.user_id = ${p(userId)}`);
      order = "mine.dossier_id";
    } else if (words.length) {
      const base = Number(input.demarcheId) * 2 ** 32;
      const parts = await Promise.all(words.map(async (w) => {
        const terms = await q<{ term: string }>(TERMS_SQL, [w, `${w}\u{10FFFF}`]);
        // Over 64 words begin so: looked up whole, and said (core/db/search.ts).
        if (terms.length > 64) {
          wholeWords.push(w);
          return `'${w}'`;
        }
        return `(${terms.map((t) => `'${t.term}'`).join(" | ")})`;
      }));
      from = `dossiers_search s join dossiers d on d.id = s.rowid - ${base}`;
      where.unshift(
        `s.terms @@ cast(${p(parts.join(" & "))} as tsquery) and s.rowid > ${base} and s.rowid < ${
          base + 2 ** 32
        }`,
      );
      order = "s.rowid";
    }
    if (input.before) where.push(`${order} < ${p(input.before)}`);
    const rows = p(limit + 1);
    const select = (groupe: string) =>
      `select d.id, d.state, d.is_test, d.deposited_at, d.updated_at, d.decided_at,
        u.email as usager,
        exists (select 1 from dossier_follows f where f.dossier_id = d.id
          and f.user_id = ${followedBy}) as followed, ${key} as sort_key
      from ${from} join users u on u.id = d.owner_id
      where ${where.join(" and ").replace("$groupes", groupe)} order by ${order} ${dir}
      limit ${rows}`;
    if (groupes.length > 1 && from === "dossiers d") {
      const walks = groupes.map((g, i) => `(${select(`d.groupe_id = ${p(g)}`)}) as g${i}`);
      return await q<Row>(
        walks.map((w) => `select * from ${w}`).join(" union all ") +
          ` order by sort_key ${dir}, id ${dir} limit ${rows}`,
        params,
      );
    }
    return await q<Row>(select(`d.groupe_id = any(cast(${p(groupes)} as integer[]))`), params);
  };
  const counts = async (userId: number, groupes: number[]) => {
    const out: Record<string, number> = {
      a_suivre: 0,
      suivis: 0,
      traites: 0,
      tous: 0,
      archives: 0,
    };
    const [tabs, follows] = await Promise.all([
      q<{ tab: string; n: number }>(TAB_COUNTS_SQL, [groupes]),
      q<{ n: number }>(FOLLOW_COUNTS_SQL, [userId, groupes]),
    ]);
    // The tabs only: the table also counts the states (migration 0051).
    for (const r of tabs) if (r.tab in out) out[r.tab] += r.n;
    for (const r of follows) out.suivis += r.n;
    return out;
  };
  const handler = async (request: Request): Promise<Response> => {
    const token = cookieValue(request.headers.get("cookie"), "guichet_session");
    const now = new Date();
    const [session] = token
      ? await q<{ id: number; last_seen_at: string }>(SESSION_SQL, [
        createHash("sha256").update(token).digest("hex"),
        now.toISOString(),
      ])
      : [];
    if (!session || now.getTime() - Date.parse(session.last_seen_at) > IDLE_MS) {
      return new Response("{}", { status: 401, headers: HEADERS });
    }
    const url = new URL(request.url);
    if (url.pathname === "/trpc/instruction.demarches") {
      const byDemarche = new Map<
        number,
        { id: number; titre: string; state: string; g: number[] }
      >();
      const rows = await q<{ id: number; titre: string; state: string; groupe_id: number }>(
        DEMARCHES_SQL,
        [session.id],
      );
      for (const r of rows) {
        const d = byDemarche.get(r.id) ?? { id: r.id, titre: r.titre, state: r.state, g: [] };
        d.g.push(r.groupe_id);
        byDemarche.set(r.id, d);
      }
      const data = await Promise.all(
        [...byDemarche.values()].map(async ({ g, ...d }) => ({
          ...d,
          counts: await counts(session.id, g),
        })),
      );
      return new Response(JSON.stringify({ result: { data } }), { headers: HEADERS });
    }
    const input = JSON.parse(url.searchParams.get("input")!) as Input;
    const groupes = (await q<{ groupe_id: number }>(GROUPES_SQL, [session.id, input.demarcheId]))
      .map((g) => g.groupe_id);
    const wholeWords: string[] = [];
    const rows = await page(input, session.id, groupes, wholeWords);
    const limit = input.limit ?? 50;
    const shown = rows.slice(0, limit);
    const ids = shown.map((r) => r.id);
    const building = shown.filter((r) => r.state === "en_construction").map((r) => r.id);
    const [, unseenRows, correctingRows, found, tabCounts] = await Promise.all([
      q(PREFS_SQL, [session.id, input.demarcheId]), // none in the bench: no columns
      ids.length ? q<{ id: number }>(UNSEEN_SQL, [session.id, ids]) : [],
      building.length ? q<{ dossier_id: number }>(CORRECTIONS_SQL, [building]) : [],
      ids.length
        ? q<{ dossier_id: number; id: number; name: string; color: string }>(LABELS_SQL, [ids])
        : [],
      counts(session.id, groupes),
    ]);
    const unseen = new Set(unseenRows.map((r) => r.id));
    const correcting = new Set(correctingRows.map((r) => r.dossier_id));
    const labels = new Map<number, { id: number; name: string; color: string }[]>();
    for (const { dossier_id, ...l } of found) {
      labels.set(dossier_id, [...labels.get(dossier_id) ?? [], l]);
    }
    const data = {
      dossiers: shown.map(({ sort_key: _, ...r }) => ({
        id: r.id,
        state: r.state,
        is_test: r.is_test,
        deposited_at: r.deposited_at,
        updated_at: r.updated_at,
        decided_at: r.decided_at,
        usager: r.usager,
        followed: r.followed === true,
        test: r.is_test === 1,
        nouveau: unseen.has(r.id),
        correction: correcting.has(r.id),
        labels: labels.get(r.id) ?? [],
        cells: {},
      })),
      next: rows.length > limit
        ? { key: shown[shown.length - 1].sort_key, id: shown[shown.length - 1].id }
        : null,
      counts: tabCounts,
      columns: [],
      wholeWords,
    };
    return new Response(JSON.stringify({ result: { data } }), { headers: HEADERS });
  };
  return { handler, close: () => db.end() };
}
