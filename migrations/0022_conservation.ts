import { type Kysely, sql } from "kysely";
import { dialectOf } from "../core/db/dialect.ts";

/** The states whose dossiers expire from their decision date (core/conservation/model.ts). */
const DECIDED = sql.raw(`state in ('accepte', 'refuse', 'sans_suite')`);

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // « Conserver le dossier »: the dossier is kept at least until then (null: never asked).
  await db.schema.alterTable("dossiers").addColumn("conservation_until", "text").execute();
  // When the last « sera supprimé le … » notice went to the usager.
  await db.schema.alterTable("dossiers").addColumn("expiry_notice_at", "text").execute();
  // The daily walk reads, per démarche, the dossiers whose reference date is old enough: one
  // partial index per rule, so a save of an en instruction dossier touches none of them. The
  // queries repeat these conditions word for word (SQLite uses a partial index only then).
  // The walks go `order by <date>, id`: SQLite's indexes end with the rowid, PostgreSQL's hold
  // only the columns named, so there `id` ends each (else every batch sorts all that match).
  const id = sql.raw(dialectOf(db) === "postgres" ? ", id" : "");
  await sql`create index dossiers_expiry_brouillon on dossiers (demarche_id, updated_at${id})
    where state = 'brouillon' and deleted_by_usager_at is null and conservation_until is null`
    .execute(db);
  await sql`create index dossiers_expiry_construction on dossiers (demarche_id, deposited_at${id})
    where state = 'en_construction' and conservation_until is null`.execute(db);
  await sql`create index dossiers_expiry_decided on dossiers (demarche_id, decided_at${id})
    where ${DECIDED} and conservation_until is null`.execute(db);
  await sql`create index dossiers_conservation on dossiers (conservation_until${id})
    where conservation_until is not null`.execute(db);
  await sql`create index dossiers_corbeille_brouillon on dossiers (deleted_by_usager_at${id})
    where state = 'brouillon' and deleted_by_usager_at is not null`.execute(db);
  // Deleting a dossier cascades here: without it, each deletion would scan the table.
  await db.schema.createIndex("instructeur_summary_items_dossier")
    .on("instructeur_summary_items").column("dossier_id").execute();
  // What was deleted for good, and why: numbers and dates only, no personal data.
  await db.schema.createTable("deleted_dossiers")
    .addColumn("dossier_id", "integer", (c) => c.primaryKey())
    .addColumn("demarche_id", "integer", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("deleted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("deleted_dossiers_demarche").on("deleted_dossiers")
    .columns(["demarche_id", "deleted_at"]).execute();
  // When the daily conservation pass last started, whichever process ran it.
  await db.schema.createTable("conservation_runs")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("last_run_at", "text", (c) => c.notNull())
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("conservation_runs").execute();
  await db.schema.dropTable("deleted_dossiers").execute();
  await db.schema.dropIndex("instructeur_summary_items_dossier").execute();
  for (
    const index of [
      "dossiers_corbeille_brouillon",
      "dossiers_conservation",
      "dossiers_expiry_decided",
      "dossiers_expiry_construction",
      "dossiers_expiry_brouillon",
    ]
  ) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable("dossiers").dropColumn("expiry_notice_at").execute();
  await db.schema.alterTable("dossiers").dropColumn("conservation_until").execute();
}
