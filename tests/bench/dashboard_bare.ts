/**
 * The yardstick of the dashboard benchmark: a `Deno.serve` handler answering
 * `GET /trpc/instruction.dashboard?input=…` by hand — cookie, session lookup, the
 * instructeur's groupes, the page with the best indexed SQL we know for it, the tab counts
 * from the counters, the remembered columns — with prepared `node:sqlite` statements and the
 * same JSON body as Guichet. No framework, no query builder.
 */
import { createHash } from "node:crypto";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { PAGE_CACHE_KIB } from "../../core/db/sqlite_driver.ts";

const SESSION_SQL = `select u.id, s.last_seen_at from sessions s
  join users u on u.id = s.user_id where s.id = ? and s.expires_at > ?`;
/** An instructeur's session ends after 2 hours unused (core/accounts/model.ts). */
const IDLE_MS = 2 * 3_600_000;
const GROUPES_SQL = `select m.groupe_id from groupe_membres m
  join groupes_instructeurs g on g.id = m.groupe_id where m.user_id = ? and g.demarche_id = ?`;
const DEMARCHES_SQL = `select d.id, d.titre, d.state, m.groupe_id from groupe_membres m
  join groupes_instructeurs g on g.id = m.groupe_id join demarches d on d.id = g.demarche_id
  where m.user_id = ?`;
const PREFS_SQL =
  `select columns from instructeur_preferences where user_id = ? and demarche_id = ?`;

const UNSEEN_SQL = `select d.id from dossiers d
  left join dossier_reads r on r.dossier_id = d.id and r.user_id = ?
  where d.id in (?ids) and (
    exists (select 1 from messages m where m.dossier_id = d.id
      and m.id > coalesce(r.last_message_id, 0) and m.from_instructeur = 0)
    or exists (select 1 from avis a where a.dossier_id = d.id
      and a.answered_at > coalesce(r.seen_at, ''))
    or exists (select 1 from dossier_events e where e.dossier_id = d.id
      and e.event = 'deposer_modifications' and e.created_at > coalesce(r.seen_at, '')))`;

const CORRECTIONS_SQL = `select distinct dossier_id from messages where dossier_id in (?ids)
  and correction_reason is not null and resolved_at is null`;

const LABELS_SQL = `select dl.dossier_id, l.id, l.name, l.color from dossier_labels dl
  join demarche_labels l on l.id = dl.label_id where dl.dossier_id in (?ids) order by l.name`;

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
  /** A text champ ascending or the deposit newest first, first page: the bench's sorts. */
  sort?: { by: "champ"; stableId: string; dir: "asc" } | { by: "depot"; dir: "desc" };
  filters?: {
    champs?: { stableId: string; op: "eq"; value: string }[];
    search?: string;
  };
}

const TERMS_SQL =
  "select term from search_terms where term >= ? and term < ? order by term limit 65";

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

type Row = {
  id: number;
  state: string;
  is_test: number;
  deposited_at: string | null;
  updated_at: string;
  decided_at: string | null;
  usager: string;
  followed: number;
  sort_key: string | number;
};

/** A handler over the SQLite file at `path`; `close` releases its connection. */
export function dashboardBareHandler(path: string) {
  const db = new DatabaseSync(path, { readOnly: true });
  db.exec(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`); // as Guichet's connection
  const cache = new Map<string, StatementSync>();
  const prepare = (text: string) => {
    let stmt = cache.get(text);
    if (!stmt) cache.set(text, stmt = db.prepare(text));
    return stmt;
  };
  const page = (input: Input, userId: number, groupes: number[], wholeWords: string[]) => {
    const tab = input.tab ?? "a_suivre";
    const limit = input.limit ?? 50;
    const params: (string | number)[] = [userId];
    // The groupes' condition goes first (after the walk's own); several groupes walked over
    // the dossiers are merged below, one walk per groupe.
    const where = ["?groupes", TAB_WHERE[tab]];
    const champ = input.filters?.champs?.[0];
    let from = "dossiers d";
    let order = "d.id";
    let key = "d.id";
    let dir = "desc";
    const words = (input.filters?.search ?? "").normalize("NFD").replace(/\p{M}+/gu, "")
      .toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 10);
    if (input.sort?.by === "depot") {
      // Walk the groupe's dossiers on (groupe, archived, deposited_at, id).
      where.push("d.deposited_at is not null");
      order = "d.deposited_at desc, d.id";
      key = "d.deposited_at";
    } else if (input.sort) {
      // Walk the champ's values in order on the partial index of first items.
      from = "dossier_champ_index k cross join dossiers d on d.id = k.dossier_id";
      where.unshift(
        "k.demarche_id = ? and k.stable_id = ? and k.item = 0 and k.sort_text is not null",
      );
      params.splice(1, 0, input.demarcheId, input.sort.stableId);
      order = "k.sort_text asc, k.dossier_id";
      key = "k.sort_text";
      dir = "asc";
    } else if (champ) {
      // Walk the dossiers holding the value, newest first, on the champ index.
      from = "dossier_champ_index i cross join dossiers d on d.id = i.dossier_id";
      where.unshift("i.demarche_id = ? and i.stable_id = ? and i.value_text = ?");
      params.splice(1, 0, input.demarcheId, champ.stableId, champ.value);
      order = "i.dossier_id";
    } else if (tab === "suivis") {
      // Walk the instructeur's follows newest first, on their (user_id, dossier_id) index.
      from = "dossier_follows mine cross join dossiers d on d.id = mine.dossier_id";
      where.unshift("mine.user_id = ?");
      params.splice(1, 0, userId);
      order = "mine.dossier_id";
    } else if (words.length) {
      // Walk the démarche's matches newest first (its rows are numbered démarche × 2³² +
      // dossier, in order) and stop at the page.
      const base = Number(input.demarcheId) * 2 ** 32;
      from = `dossiers_search s cross join dossiers d on d.id = s.rowid - ${base}`;
      where.unshift(
        `dossiers_search match ? and s.rowid > ${base} and s.rowid < ${base + 2 ** 32}`,
      );
      // Each word: the OR of the indexed terms it begins (a rare word: a handful).
      params.splice(
        1,
        0,
        words.map((w) => {
          const terms = prepare(TERMS_SQL).all(w, `${w}\u{10FFFF}`) as { term: string }[];
          // Over 64 words begin so: looked up whole, and said (core/db/search.ts).
          if (terms.length > 64) {
            wholeWords.push(w);
            return `"${w}"`;
          }
          return `(${terms.map((t) => `"${t.term}"`).join(" OR ")})`;
        }).join(" AND "),
      );
      order = "s.rowid";
    }
    if (input.before) {
      where.push(`${order} < ?`);
      params.push(input.before);
    }
    const select = (groupe: string) =>
      `select d.id, d.state, d.is_test, d.deposited_at, d.updated_at, d.decided_at,
        u.email as usager,
        exists (select 1 from dossier_follows f where f.dossier_id = d.id and f.user_id = ?)
          as followed, ${key} as sort_key
      from ${from} join users u on u.id = d.owner_id
      where ${where.join(" and ").replace("?groupes", groupe)} order by ${order} ${dir} limit ?`;
    // The groupes' parameters stand where « ?groupes » is: after the walk's own, before the
    // cursor's; the limit ends them.
    const cut = params.length - (input.before ? 1 : 0);
    const withGroupes = (gs: number[]) => [
      ...params.slice(0, cut),
      ...gs,
      ...params.slice(cut),
      limit + 1,
    ];
    if (groupes.length > 1 && from === "dossiers d") {
      // One ordered, limited walk per groupe, merged.
      const text = groupes.map(() => `select * from (${select("d.groupe_id = ?")})`)
        .join(" union all ") + ` order by sort_key ${dir}, id ${dir} limit ?`;
      const each = groupes.flatMap((g) => withGroupes([g]));
      return prepare(text).all(...each, limit + 1) as Row[];
    }
    return prepare(select(`d.groupe_id in (${groupes.map(() => "?").join(",")})`))
      .all(...withGroupes(groupes)) as Row[];
  };
  const counts = (userId: number, groupes: number[]) => {
    const list = groupes.map(() => "?").join(",");
    const out: Record<string, number> = {
      a_suivre: 0,
      suivis: 0,
      traites: 0,
      tous: 0,
      archives: 0,
    };
    for (
      const r of prepare(`select tab, n from groupe_tab_counts where groupe_id in (${list})`)
        .all(...groupes) as { tab: string; n: number }[]
    ) if (r.tab in out) out[r.tab] += r.n; // the tabs only (migration 0051 adds states)
    for (
      const r of prepare(
        `select n from groupe_follow_counts where user_id = ? and groupe_id in (${list})`,
      ).all(userId, ...groupes) as { n: number }[]
    ) out.suivis += r.n;
    return out;
  };
  const handler = (request: Request): Response => {
    const token = cookieValue(request.headers.get("cookie"), "guichet_session");
    const now = new Date();
    const session = token
      ? prepare(SESSION_SQL).get(
        createHash("sha256").update(token).digest("hex"),
        now.toISOString(),
      ) as { id: number; last_seen_at: string } | undefined
      : undefined;
    if (!session || now.getTime() - Date.parse(session.last_seen_at) > IDLE_MS) {
      return new Response("{}", { status: 401, headers: HEADERS });
    }
    const url = new URL(request.url);
    if (url.pathname === "/trpc/instruction.demarches") {
      // « Mes démarches »: each démarche of the instructeur with its tab counts.
      const byDemarche = new Map<
        number,
        { id: number; titre: string; state: string; g: number[] }
      >();
      for (
        const r of prepare(DEMARCHES_SQL).all(session.id) as {
          id: number;
          titre: string;
          state: string;
          groupe_id: number;
        }[]
      ) {
        const d = byDemarche.get(r.id) ?? { id: r.id, titre: r.titre, state: r.state, g: [] };
        d.g.push(r.groupe_id);
        byDemarche.set(r.id, d);
      }
      const data = [...byDemarche.values()].map(({ g, ...d }) => ({
        ...d,
        counts: counts(session.id, g),
      }));
      return new Response(JSON.stringify({ result: { data } }), { headers: HEADERS });
    }
    const input = JSON.parse(url.searchParams.get("input")!) as Input;
    const groupes = (prepare(GROUPES_SQL).all(session.id, input.demarcheId) as {
      groupe_id: number;
    }[]).map((g) => g.groupe_id);
    const wholeWords: string[] = [];
    const rows = page(input, session.id, groupes, wholeWords);
    const limit = input.limit ?? 50;
    const shown = rows.slice(0, limit);
    prepare(PREFS_SQL).get(session.id, input.demarcheId); // none in the bench: no columns
    const ids = shown.map((r) => r.id);
    const unseen = new Set(
      ids.length
        ? (prepare(UNSEEN_SQL.replace("?ids", ids.map(() => "?").join(","))).all(
          session.id,
          ...ids,
        ) as { id: number }[]).map((r) => r.id)
        : [],
    );
    const building = shown.filter((r) => r.state === "en_construction").map((r) => r.id);
    const correcting = new Set(
      building.length
        ? (prepare(CORRECTIONS_SQL.replace("?ids", building.map(() => "?").join(","))).all(
          ...building,
        ) as { dossier_id: number }[]).map((r) => r.dossier_id)
        : [],
    );
    const labels = new Map<number, { id: number; name: string; color: string }[]>();
    if (ids.length) {
      const found = prepare(LABELS_SQL.replace("?ids", ids.map(() => "?").join(","))).all(
        ...ids,
      ) as { dossier_id: number; id: number; name: string; color: string }[];
      for (const { dossier_id, ...l } of found) {
        labels.set(dossier_id, [...labels.get(dossier_id) ?? [], l]);
      }
    }
    const data = {
      dossiers: shown.map(({ sort_key: _, ...r }) => ({
        ...r,
        followed: r.followed === 1,
        test: r.is_test === 1,
        nouveau: unseen.has(r.id),
        correction: correcting.has(r.id),
        labels: labels.get(r.id) ?? [],
        cells: {},
      })),
      next: rows.length > limit
        ? { key: shown[shown.length - 1].sort_key, id: shown[shown.length - 1].id }
        : null,
      counts: counts(session.id, groupes),
      columns: [],
      wholeWords,
    };
    return new Response(JSON.stringify({ result: { data } }), { headers: HEADERS });
  };
  return { handler, close: () => db.close() };
}
