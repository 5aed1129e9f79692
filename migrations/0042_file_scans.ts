import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What the antivirus said of each file: files stored before it are taken as sound, as they
  // were served until now; an instance without a scanner marks new ones « sain » at once.
  await db.schema.alterTable("files")
    .addColumn("scan_state", "text", (c) => c.notNull().defaultTo("sain")).execute();
  // The signature found (infecte) or why the file could not be checked (non_verifiable).
  await db.schema.alterTable("files").addColumn("scan_detail", "text").execute();
  await db.schema.alterTable("files").addColumn("scanned_at", "text").execute();
  // The files waiting for the antivirus, counted for the super-admin's « Tâches » page.
  await db.schema.createIndex("files_scan_state").on("files")
    .columns(["scan_state", "created_at"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("files_scan_state").execute();
  await db.schema.alterTable("files").dropColumn("scanned_at").execute();
  await db.schema.alterTable("files").dropColumn("scan_detail").execute();
  await db.schema.alterTable("files").dropColumn("scan_state").execute();
}
