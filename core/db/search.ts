/**
 * Full-text search of dossiers, SQLite's FTS5 (accents and case ignored). The one place that
 * knows the search engine: the PostgreSQL port replaces these functions with `tsvector`.
 *
 * Words match as prefixes (« sémaph » finds « sémaphore »), but never through FTS5's own
 * prefix queries: those merge the document lists of every term under the prefix before the
 * first row (108 ms for « bat » over 1,000,000 dossiers). Instead `search_terms` keeps every
 * term ever indexed, a prefix becomes the OR of its terms (0.5 ms), and FTS5 walks those
 * lists lazily in dossier order.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

type Executor = Kysely<Database> | Transaction<Database>;

/** A prefix with more terms than this is searched as an FTS5 prefix (slow, but complete). */
const MAX_EXPANSION = 64;
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

/** Replaces the searchable text of a dossier. */
export async function indexSearchText(
  db: Executor,
  dossierId: number,
  text: string,
): Promise<void> {
  await sql`delete from dossiers_search where rowid = ${dossierId}`.execute(db);
  await sql`insert into dossiers_search (rowid, content) values (${dossierId}, ${text})`.execute(
    db,
  );
  const terms = [...new Set(searchTerms(text))];
  for (let i = 0; i < terms.length; i += TERMS_PER_INSERT) {
    await db.insertInto("search_terms")
      .values(terms.slice(i, i + TERMS_PER_INSERT).map((term) => ({ term })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

const phrase = (term: string) => `"${term.replaceAll('"', "")}"`;

/**
 * The FTS5 expression for what an instructeur typed, or null when there is nothing to look
 * for. Every word must appear, each as the prefix of a term.
 */
export async function searchExpression(db: Executor, query: string): Promise<string | null> {
  const words = [...new Set(searchTerms(query))].slice(0, 10);
  if (words.length === 0) return null;
  const parts = await Promise.all(words.map(async (word) => {
    if (word.length === 1 || (/^\p{N}+$/u.test(word) && word.length < SHORTEST_NUMBER_PREFIX)) {
      return phrase(word);
    }
    const terms = await db.selectFrom("search_terms").select("term")
      .where("term", ">=", word).where("term", "<", `${word}\u{10FFFF}`)
      .orderBy("term").limit(MAX_EXPANSION + 1).execute();
    if (terms.length === 0) return phrase(word); // matches nothing, as it should
    if (terms.length > MAX_EXPANSION) return `${phrase(word)}*`;
    return `(${terms.map((t) => phrase(t.term)).join(" OR ")})`;
  }));
  return parts.join(" AND ");
}

/** A SQL condition « this dossier matches `expression` » for `dossiers.id`. */
export function matchesSearch(expression: string): RawBuilder<boolean> {
  return sql<
    boolean
  >`dossiers.id in (select rowid from dossiers_search where dossiers_search match ${expression})`;
}

/**
 * The dossiers matching `expression`, walked from the index in dossier number order: order
 * the query by `searchOrder` and a page stops at its limit instead of collecting every match
 * first (10 ms for a rare word among 200,000 dossiers, against ~1 ms).
 */
export function searchedDossiers(db: Executor, expression: string) {
  // `cross join` keeps the index as the outer loop: SQLite never reorders it.
  return db.selectFrom(sql`dossiers_search`.as("s")).crossJoin("dossiers")
    .where(sql<boolean>`dossiers.id = s.rowid`)
    .where(sql<boolean>`dossiers_search match ${expression}`);
}

/** The column ordering `searchedDossiers` without a sort. */
export const searchOrder = sql.ref<number>("s.rowid");
