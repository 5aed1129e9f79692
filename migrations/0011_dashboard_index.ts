import { type Kysely, sql } from "kysely";
import { dialectOf } from "../core/db/dialect.ts";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per filterable champ value of a deposited dossier, kept in step with it: a
  // champ filter is an index range here, never a scan of the dossiers' JSON.
  await db.schema.createTable("dossier_champ_index")
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("demarche_id", "integer", (c) => c.notNull())
    .addColumn("stable_id", "text", (c) => c.notNull())
    .addColumn("value_text", "text")
    .addColumn("value_num", "real")
    .addColumn("display", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossier_champ_index_text").on("dossier_champ_index")
    .columns(["demarche_id", "stable_id", "value_text", "dossier_id"]).execute();
  await db.schema.createIndex("dossier_champ_index_num").on("dossier_champ_index")
    .columns(["demarche_id", "stable_id", "value_num", "dossier_id"]).execute();
  await db.schema.createIndex("dossier_champ_index_dossier").on("dossier_champ_index")
    .columns(["dossier_id", "stable_id"]).execute();
  await db.schema.createTable("instructeur_preferences")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("columns", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("instructeur_preferences_pk", ["user_id", "demarche_id"])
    .execute();
  // Full-text search (SQLite FTS5, accents ignored); see core/db/search.ts.
  if (dialectOf(db) === "postgres") {
    // PostgreSQL: the searchable text and its terms (lower case, accents removed, as
    // `searchTerms` makes them) as a tsvector under a GIN index; `rowid` as in FTS5.
    await sql`create table dossiers_search (rowid bigint primary key, content text not null,
      terms tsvector not null)`.execute(db);
    await sql`create index dossiers_search_terms on dossiers_search using gin (terms)`
      .execute(db);
    return;
  }
  await sql`create virtual table dossiers_search using fts5(content, tokenize = 'unicode61 remove_diacritics 2')`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table dossiers_search`.execute(db);
  await db.schema.dropTable("instructeur_preferences").execute();
  await db.schema.dropTable("dossier_champ_index").execute();
}
