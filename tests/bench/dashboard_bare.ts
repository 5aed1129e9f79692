/**
 * The yardstick of the dashboard benchmark: a `Deno.serve` handler answering
 * `GET /trpc/instruction.dashboard?input=…` by hand — cookie, session lookup, the
 * instructeur's groupes, the page with the best indexed SQL we know for it, the tab counts
 * from the counters, the remembered columns — with prepared `node:sqlite` statements and the
 * same JSON body as Guichet. No framework, no query builder.
 */
import { createHash } from "node:crypto";
import { DatabaseSync, type StatementSync } from "node:sqlite";

const SESSION_SQL = `select u.id from sessions s join users u on u.id = s.user_id
  where s.id = ? and s.expires_at > ?`;
const GROUPES_SQL = `select m.groupe_id from groupe_membres m
  join groupes_instructeurs g on g.id = m.groupe_id where m.user_id = ? and g.demarche_id = ?`;
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
  filters?: {
    champs?: { stableId: string; op: "eq"; value: string }[];
    search?: string;
  };
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A handler over the SQLite file at `path`; `close` releases its connection. */
export function dashboardBareHandler(path: string) {
  const db = new DatabaseSync(path, { readOnly: true });
  const cache = new Map<string, StatementSync>();
  const prepare = (text: string) => {
    let stmt = cache.get(text);
    if (!stmt) cache.set(text, stmt = db.prepare(text));
    return stmt;
  };
  const page = (input: Input, userId: number, groupes: number[]) => {
    const tab = input.tab ?? "a_suivre";
    const limit = input.limit ?? 50;
    const params: (string | number)[] = [userId];
    const where = [`d.groupe_id in (${groupes.map(() => "?").join(",")})`];
    params.push(...groupes);
    where.push(TAB_WHERE[tab]);
    for (const c of input.filters?.champs ?? []) {
      where.push(
        "exists (select 1 from dossier_champ_index i where i.dossier_id = d.id " +
          "and i.stable_id = ? and i.value_text = ?)",
      );
      params.push(c.stableId, c.value);
    }
    let from = "dossiers d";
    let order = "d.id";
    const words = (input.filters?.search ?? "").normalize("NFC").split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 0).slice(0, 10);
    if (tab === "suivis") {
      // Walk the instructeur's follows newest first, on their (user_id, dossier_id) index.
      from = "dossier_follows mine cross join dossiers d on d.id = mine.dossier_id";
      where.unshift("mine.user_id = ?");
      params.splice(1, 0, userId);
      order = "mine.dossier_id";
    } else if (words.length) {
      // Walk the matches newest first (FTS5 gives rowid order) and stop at the page.
      from = "dossiers_search s cross join dossiers d on d.id = s.rowid";
      where.unshift("dossiers_search match ?");
      params.splice(1, 0, words.map((w) => `"${w.replaceAll('"', "")}"*`).join(" "));
      order = "s.rowid";
    }
    if (input.before) {
      where.push(`${order} < ?`);
      params.push(input.before);
    }
    params.push(limit + 1);
    return prepare(
      `select d.id, d.state, d.is_test, d.deposited_at, d.updated_at, u.email as usager,
        exists (select 1 from dossier_follows f where f.dossier_id = d.id and f.user_id = ?)
          as followed
      from ${from} join users u on u.id = d.owner_id
      where ${where.join(" and ")} order by ${order} desc limit ?`,
    ).all(...params) as {
      id: number;
      state: string;
      is_test: number;
      deposited_at: string | null;
      updated_at: string;
      usager: string;
      followed: number;
    }[];
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
    ) out[r.tab] += r.n;
    for (
      const r of prepare(
        `select n from groupe_follow_counts where user_id = ? and groupe_id in (${list})`,
      ).all(userId, ...groupes) as { n: number }[]
    ) out.suivis += r.n;
    return out;
  };
  const handler = (request: Request): Response => {
    const token = cookieValue(request.headers.get("cookie"), "guichet_session");
    const session = token
      ? prepare(SESSION_SQL).get(
        createHash("sha256").update(token).digest("hex"),
        new Date().toISOString(),
      ) as { id: number } | undefined
      : undefined;
    if (!session) return new Response("{}", { status: 401, headers: HEADERS });
    const input = JSON.parse(new URL(request.url).searchParams.get("input")!) as Input;
    const groupes = (prepare(GROUPES_SQL).all(session.id, input.demarcheId) as {
      groupe_id: number;
    }[]).map((g) => g.groupe_id);
    const rows = page(input, session.id, groupes);
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
    const data = {
      dossiers: shown.map((r) => ({
        ...r,
        followed: r.followed === 1,
        test: r.is_test === 1,
        nouveau: unseen.has(r.id),
        cells: {},
      })),
      next: rows.length > limit
        ? { key: shown[shown.length - 1].id, id: shown[shown.length - 1].id }
        : null,
      counts: counts(session.id, groupes),
      columns: [],
    };
    return new Response(JSON.stringify({ result: { data } }), { headers: HEADERS });
  };
  return { handler, close: () => db.close() };
}
