import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A dashboard sorted by deposit or by last modification walks its groupe's dossiers in that
  // order and stops at the page, as `dossiers_groupe_archived` does for the number.
  await db.schema.createIndex("dossiers_groupe_archived_deposited").on("dossiers")
    .columns(["groupe_id", "archived", "deposited_at", "id"]).execute();
  await db.schema.createIndex("dossiers_groupe_archived_updated").on("dossiers")
    .columns(["groupe_id", "archived", "updated_at", "id"]).execute();
  // When the instructeur last opened the dossier: what happened since is « Nouveau ».
  await db.schema.alterTable("dossier_reads").addColumn("seen_at", "text").execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("dossier_reads").dropColumn("seen_at").execute();
  await db.schema.dropIndex("dossiers_groupe_archived_updated").execute();
  await db.schema.dropIndex("dossiers_groupe_archived_deposited").execute();
}
