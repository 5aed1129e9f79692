/**
 * Full-text search of dossiers, SQLite's FTS5 (accents and case ignored). The one place that
 * knows the search engine: the PostgreSQL port replaces these functions with `tsvector`.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

type Executor = Kysely<Database> | Transaction<Database>;

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
}

/**
 * A SQL condition « this dossier matches `query` » for `dossiers.id`. Each word must appear
 * (as a prefix), so « brest moteur » finds dossiers with both words.
 */
export function matchesSearch(query: string): RawBuilder<boolean> | null {
  const words = query.normalize("NFC").split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(
    0,
    10,
  );
  if (words.length === 0) return null;
  const expression = words.map((w) => `"${w.replaceAll('"', "")}"*`).join(" ");
  return sql<
    boolean
  >`dossiers.id in (select rowid from dossiers_search where dossiers_search match ${expression})`;
}
