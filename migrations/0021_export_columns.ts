import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The columns an export writes, in order (JSON list of column ids); null: every column.
  await db.schema.alterTable("exports").addColumn("columns", "text").execute();
  // The columns the instructeur last chose for this démarche's exports; null: every column.
  await db.schema.alterTable("instructeur_preferences").addColumn("export_columns", "text")
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("instructeur_preferences").dropColumn("export_columns").execute();
  await db.schema.alterTable("exports").dropColumn("columns").execute();
}
