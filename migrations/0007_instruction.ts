import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("dossiers")
    .addColumn("annotation_values", "text", (c) => c.notNull().defaultTo("{}")).execute();
  await db.schema.alterTable("dossiers")
    .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createTable("dossier_follows")
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("dossier_follows_pk", ["dossier_id", "user_id"])
    .execute();
  await db.schema.createIndex("dossier_follows_user").on("dossier_follows")
    .columns(["user_id", "dossier_id"]).execute();
  await db.schema.createIndex("dossiers_groupe_state").on("dossiers")
    .columns(["groupe_id", "state", "id"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dossier_follows").execute();
}
