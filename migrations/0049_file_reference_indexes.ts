import type { Kysely } from "kysely";

/**
 * An index on each column pointing at `files`: deleting a file row (unattached uploads,
 * expired exports, purged dossiers) applies `ON DELETE SET NULL` to these columns, which read
 * whole tables without them (60–270 ms per file at 100,000 dossiers). Partial: most rows hold
 * no file, and `column = ?` implies `column is not null`, so both databases use them.
 */
const REFERENCES = [
  ["dossiers", "justificatif_file_id"],
  ["messages", "file_id"],
  ["avis", "file_id"],
  ["avis", "answer_file_id"],
] as const;

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of REFERENCES) {
    await db.schema.createIndex(`${table}_${column}`).on(table).column(column)
      .where(column, "is not", null).execute();
  }
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of REFERENCES) {
    await db.schema.dropIndex(`${table}_${column}`).execute();
  }
}
