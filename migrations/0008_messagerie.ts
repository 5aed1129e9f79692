import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The usager's working copy while a deposited dossier is modified; applied at re-deposit.
  await db.schema.alterTable("dossiers").addColumn("pending_values", "text").execute();
  await db.schema.createTable("messages")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("author_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("from_instructeur", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("file_id", "text", (c) => c.references("files.id").onDelete("set null"))
    // A demande de correction: its reason, and when the usager's re-deposit resolved it.
    .addColumn("correction_reason", "text")
    .addColumn("resolved_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("messages_dossier").on("messages").columns(["dossier_id", "id"])
    .execute();
  await db.schema.createTable("dossier_reads")
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("last_message_id", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("dossier_reads_pk", ["dossier_id", "user_id"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dossier_reads").execute();
  await db.schema.dropTable("messages").execute();
}
