/**
 * Full-text search of dossiers, SQLite's FTS5 (accents and case ignored). The one place that
 * knows the search engine: the PostgreSQL port replaces these functions with `tsvector`.
 *
 * Words match as prefixes (« sémaph » finds « sémaphore »), but never through FTS5's own
 * prefix queries: those merge the document lists of every term under the prefix before the
 * first row (108 ms for « bat » over 1,000,000 dossiers). Instead `search_terms` keeps every
 * term ever indexed, a prefix becomes the OR of its terms (0.5 ms), and FTS5 walks those
 * lists lazily in dossier order. A prefix shared by more than `MAX_EXPANSION` terms (« usag »
 * among 10,000 « usagerNNNN ») is looked up as a whole word, like a word too short to be a
 * prefix, and the search says so (`wholeWords`): as an FTS5 prefix it took 158 ms over
 * 1,000,000 dossiers.
 *
 * On PostgreSQL the same table `dossiers_search` has a `rowid bigint` key numbered the same way,
 * its text, and `terms`: a tsvector of exactly the terms `searchTerms` makes (lower case,
 * accents removed, as FTS5's tokenizer does), under a GIN index (migration 0011). An
 * expression is then a tsquery (`'a' | 'b' & 'c'`) instead of an FTS5 one; the expansion of
 * prefixes through `search_terms` is the same.
 */
import { CompiledQuery, type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import { dialectOf } from "./dialect.ts";
import type { Database } from "./schema.ts";

type Executor = Kysely<Database> | Transaction<Database>;

/** A prefix with more terms than this is looked up as a whole word (the instructeur is told). */
export const MAX_EXPANSION = 64;
/** Shorter words match whole (« de », « la »): as prefixes they would match everything. */
const SHORTEST_PREFIX = 3;
/** Numbers shorter than this match whole (a dossier number), longer ones as prefixes. */
const SHORTEST_NUMBER_PREFIX = 5;
const TERMS_PER_INSERT = 400;

/**
 * The terms FTS5 makes of `text` (tokenizer `unicode61 remove_diacritics 2`): letters and
 * digits, lower case, without accents.
 */
export function searchTerms(text: string): string[] {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
    .split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/**
 * A dossier's row in the index: its démarche in the high 32 bits, its number in the low ones.
 * A search walks one démarche's range of rows only, never the matches of the others (a word
 * in 1 % of 1,000,000 dossiers: 114 rows walked for a page instead of 570).
 */
const SCOPE = 2 ** 32;
const rowidOf = (demarcheId: number, dossierId: number) => demarcheId * SCOPE + dossierId;
/**
 * A bound on the index's rows. `node:sqlite` binds a JS number as a REAL, and FTS5 ignores
 * a rowid bound that is not an INTEGER — it would walk every démarche (2.5 ms against 0.3).
 */
const sqliteRowid = (n: number) => sql<number>`cast(${n} as integer)`;
/** PostgreSQL's `integer` is 32 bits: a row number is a `bigint`. */
const postgresRowid = (n: number) => sql<number>`cast(${n} as bigint)`;
/**
 * A démarche's bound on the rows, written in the statement, not bound: Postgres.js prepares
 * each statement, and after five runs PostgreSQL may keep a generic plan, blind to the range —
 * it read the 180,000 rows of a démarche's range into a bitmap and sorted the matches (19 ms
 * for a rare word, against 2 ms walking the range from its newest row). One statement per
 * démarche; made here from the démarche's id, an integer: nothing from outside is spliced.
 * (Cursors stay bound: one statement per page would fill each connection's statement cache.)
 */
const postgresBound = (n: number) => sql<number>`cast(${sql.lit(n)} as bigint)`;

/** What differs between FTS5 and PostgreSQL's tsvector, for one statement. */
function engine(db: Executor) {
  if (dialectOf(db) === "postgres") {
    return {
      bound: postgresBound,
      offset: postgresBound,
      rowid: postgresRowid,
      match: (table: string, expression: string) =>
        sql<boolean>`${sql.ref(`${table}.terms`)} @@ cast(${expression} as tsquery)`,
      phrase: (term: string) => `'${term.replaceAll("'", "")}'`,
      or: " | ",
      and: " & ",
    };
  }
  return {
    bound: sqliteRowid,
    offset: (n: number) => sql<number>`${n}`,
    rowid: sqliteRowid,
    match: (table: string, expression: string) =>
      sql<boolean>`${sql.raw(table)} match ${expression}`,
    phrase: (term: string) => `"${term.replaceAll('"', "")}"`,
    or: " OR ",
    and: " AND ",
  };
}

/**
 * The statements of `indexSearchText`, written once: a deposit runs them, and building the
 * terms' insert (a row per distinct word, a different statement for each count) cost more
 * than SQLite running it. The terms go as one parameter, a JSON array (SQLite) or a text[]
 * (PostgreSQL), whatever their number.
 */
const INDEXING = {
  sqlite: {
    remove: "delete from dossiers_search where rowid = ?",
    insert: "insert into dossiers_search (rowid, content) values (?, ?)",
    // `where true`: SQLite's parser needs it between a select and its upsert clause.
    terms: "insert into search_terms (term) select value from json_each(?) where true " +
      "on conflict do nothing",
  },
  postgres: {
    remove: "delete from dossiers_search where rowid = $1",
    insert: "insert into dossiers_search (rowid, content, terms) " +
      "values ($1, $2, array_to_tsvector(cast($3 as text[])))",
    terms: "insert into search_terms (term) select unnest(cast($1 as text[])) " +
      "on conflict do nothing",
  },
} as const;

/** Replaces the searchable text of a dossier. */
export async function indexSearchText(
  db: Executor,
  dossier: { readonly id: number; readonly demarcheId: number },
  text: string,
): Promise<void> {
  const rowid = rowidOf(dossier.demarcheId, dossier.id);
  const terms = [...new Set(searchTerms(text))];
  const postgres = dialectOf(db) === "postgres";
  const statements = postgres ? INDEXING.postgres : INDEXING.sqlite;
  const run = (query: string, parameters: readonly unknown[]) =>
    db.executeQuery(CompiledQuery.raw(query, [...parameters]));
  await run(statements.remove, [rowid]);
  await run(statements.insert, postgres ? [rowid, text, terms] : [rowid, text]);
  if (terms.length > 0) await run(statements.terms, [postgres ? terms : JSON.stringify(terms)]);
}

/** The index's table: FTS5's on SQLite, a tsvector's on PostgreSQL. */
export const SEARCH_TABLE = "dossiers_search";
/**
 * The index's tables PostgreSQL alone has, filled by its trigger from `SEARCH_TABLE`
 * (migration 0052): a copy from SQLite writes the index, never them.
 */
export const POSTGRES_SEARCH_TABLES: readonly string[] = ["search_postings"];

/**
 * Indexes `rows` of another index (their row numbers and texts, as SQLite's FTS5 table gives
 * them) on PostgreSQL, in one statement: the copy of an instance
 * (`core/db/copy_to_postgres.ts`). `search_terms` is copied as a table of its own.
 */
export async function searchRowsOf(
  db: Executor,
  rows: readonly { readonly rowid: number; readonly content: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  // One array per column (a term holds no space: `searchTerms` splits on them).
  const rowids = rows.map((r) => r.rowid);
  const contents = rows.map((r) => r.content);
  const terms = rows.map((r) => [...new Set(searchTerms(r.content))].join(" "));
  await sql`insert into dossiers_search (rowid, content, terms)
    select r, c, array_to_tsvector(string_to_array(t, ' '))
    from unnest(cast(${rowids} as bigint[]), cast(${contents} as text[]),
      cast(${terms} as text[])) as s(r, c, t)`.execute(db);
}

/** What a search looks for: the FTS5 expression, and the words it matches whole only. */
export interface SearchPlan {
  readonly expression: string;
  /**
   * Words of the search matched as whole words only, not as the start of one, because more
   * than `MAX_EXPANSION` indexed words start with them. (Words too short to be a prefix,
   * « de », are matched whole too, as everyone expects: not listed.)
   */
  readonly wholeWords: readonly string[];
  /**
   * A term every match holds, when a word of the search stands for that one term (a whole
   * word, or a prefix only one indexed word starts with): on PostgreSQL a page walks its
   * postings (`search_postings`); `alone` when it is the whole search.
   */
  readonly leading: Leading | null;
}

/** See `SearchPlan.leading`. */
export interface Leading {
  readonly term: string;
  readonly alone: boolean;
}

/**
 * What an instructeur typed as a search, or null when there is nothing to look for. Every
 * word must appear, each as the prefix of a term — or as a whole word (`wholeWords`).
 */
export async function searchPlan(db: Executor, query: string): Promise<SearchPlan | null> {
  const words = [...new Set(searchTerms(query))].slice(0, 10);
  if (words.length === 0) return null;
  const { phrase, or, and } = engine(db);
  const wholeWords: string[] = [];
  // Per word, the one term it stands for, if it is one.
  const single = new Map<string, string>();
  const parts = await Promise.all(words.map(async (word) => {
    if (
      word.length < SHORTEST_PREFIX ||
      (/^\p{N}+$/u.test(word) && word.length < SHORTEST_NUMBER_PREFIX)
    ) {
      single.set(word, word);
      return phrase(word);
    }
    const terms = await db.selectFrom("search_terms").select("term")
      .where("term", ">=", word).where("term", "<", `${word}\u{10FFFF}`)
      .orderBy("term").limit(MAX_EXPANSION + 1).execute();
    if (terms.length === 0 || terms.length > MAX_EXPANSION) {
      // No indexed word starts so: it matches nothing, as it should. Too many: whole.
      if (terms.length > 0) wholeWords.push(word);
      single.set(word, word);
      return phrase(word);
    }
    if (terms.length === 1) single.set(word, terms[0].term);
    return `(${terms.map((t) => phrase(t.term)).join(or)})`;
  }));
  // The longest such term: likely the rarest, the shortest walk.
  const term = [...single.values()].sort((a, b) => b.length - a.length)[0];
  return {
    expression: parts.join(and),
    wholeWords: words.filter((w) => wholeWords.includes(w)),
    leading: term === undefined ? null : { term, alone: words.length === 1 },
  };
}

/** The FTS5 expression of `searchPlan`, or null when there is nothing to look for. */
export async function searchExpression(db: Executor, query: string): Promise<string | null> {
  return (await searchPlan(db, query))?.expression ?? null;
}

/** Up to this many matches, a filter reads them all first; past it, it probes each dossier. */
const FEW_MATCHES = 5000;

/**
 * A SQL condition « this dossier of `demarcheId` matches `expression` », for a page walked in
 * another order than the index's (a date, a champ, the follows). A rare word: its matches,
 * read once (15 ms for 2,000). A common one: each dossier walked is looked up in the index
 * (reading its 200,000 matches first took 1 s; the page needs fifty).
 */
export async function matchesSearch(
  db: Executor,
  demarcheId: number,
  expression: string,
  opts: { readonly leading?: Leading | null; readonly few?: number } = {},
): Promise<RawBuilder<boolean>> {
  const { leading, few = FEW_MATCHES } = opts;
  const { match, offset, bound } = engine(db);
  const base = rowidOf(demarcheId, 0);
  const inDemarche = sql`rowid > ${bound(base)} and rowid < ${bound(base + SCOPE)}`;
  // PostgreSQL, a search of one term: its postings, rather than the rows' tsvectors.
  const { table, matches } = dialectOf(db) === "postgres" && leading?.alone
    ? { table: sql`search_postings`, matches: sql<boolean>`term = ${leading.term}` }
    : { table: sql`dossiers_search`, matches: match("dossiers_search", expression) };
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1
    from ${table} where ${matches} and ${inDemarche}
    limit ${few + 1}) as m`.execute(db);
  if (rows[0].n <= few) {
    return sql<boolean>`dossiers.id in (select rowid - ${offset(base)} from ${table}
      where ${matches} and ${inDemarche})`;
  }
  return sql<boolean>`exists (select 1 from ${table}
    where ${matches} and rowid = dossiers.id + ${bound(base)})`;
}

/**
 * The dossiers of `demarcheId` matching `expression`, walked from the index in dossier
 * number order, newest first with `order` descending: a page stops at its limit instead of
 * collecting every match first (10 ms for a rare word among 200,000 dossiers, against
 * ~1 ms). `below(n)` keeps the dossiers numbered under `n`, `above(n)` over it.
 */
export function searchedDossiers(
  db: Executor,
  demarcheId: number,
  expression: string,
  leading: Leading | null = null,
) {
  const { rowid, match, offset, bound } = engine(db);
  const base = rowidOf(demarcheId, 0);
  const postgres = dialectOf(db) === "postgres";
  const inRange = sql<boolean>`s.rowid > ${bound(base)} and s.rowid < ${bound(base + SCOPE)}`;
  // PostgreSQL: the rows of the leading term, newest first, each checked against the rest of
  // the search if there is more; without one, the index's rows tested one by one.
  let from = postgres && leading
    ? db.selectFrom(sql`search_postings`.as("s")).crossJoin("dossiers")
      .where(sql<boolean>`s.term = ${leading.term}`)
    : db.selectFrom(sql`dossiers_search`.as("s")).crossJoin("dossiers")
      .where(postgres ? match("s", expression) : match("dossiers_search", expression));
  if (postgres && leading && !leading.alone) {
    from = from.where(sql<boolean>`exists (select 1 from dossiers_search m
      where m.rowid = s.rowid and ${match("m", expression)})`);
  }
  // `cross join` keeps the index as the outer loop: SQLite never reorders it.
  return {
    from: from.where(sql<boolean>`dossiers.id = s.rowid - ${offset(base)}`).where(inRange),
    order: sql.ref<number>("s.rowid"),
    below: (n: number) => sql<boolean>`s.rowid < ${rowid(base + n)}`,
    above: (n: number) => sql<boolean>`s.rowid > ${rowid(base + n)}`,
  };
}

/**
 * Removes a dossier's searchable text; returns its terms, for `forgetTerms` once the
 * dossier is gone.
 */
export async function unindexSearchText(
  db: Executor,
  dossier: { readonly id: number; readonly demarcheId: number },
): Promise<string[]> {
  const rowid = rowidOf(dossier.demarcheId, dossier.id);
  const { rows } = await sql<{ content: string }>`select content from dossiers_search
    where rowid = ${rowid}`.execute(db);
  await sql`delete from dossiers_search where rowid = ${rowid}`.execute(db);
  return [...new Set(rows.flatMap((r) => searchTerms(r.content)))];
}

/**
 * Drops from `search_terms` those of `terms` no dossier holds any more (a name is personal
 * data: it must not outlive its dossier). Each check stops at the first match, so a common
 * word costs as little as a rare one; call it in the transaction that may write the terms.
 */
export async function forgetTerms(db: Executor, terms: readonly string[]): Promise<void> {
  const { match, phrase } = engine(db);
  const postgres = dialectOf(db) === "postgres";
  const gone: string[] = [];
  for (const term of terms) {
    const { rows } = postgres
      ? await sql`select 1 from search_postings where term = ${term} limit 1`.execute(db)
      : await sql`select 1 from dossiers_search
        where ${match("dossiers_search", phrase(term))} limit 1`.execute(db);
    if (rows.length === 0) gone.push(term);
  }
  for (let i = 0; i < gone.length; i += TERMS_PER_INSERT) {
    await db.deleteFrom("search_terms").where("term", "in", gone.slice(i, i + TERMS_PER_INSERT))
      .execute();
  }
}
