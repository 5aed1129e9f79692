import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // When an instructeur hears of each event of a démarche: `immediat`, `resume` (the daily
  // summary) or `jamais`. No row: the defaults of core/notifications/instructeur_model.ts.
  await db.schema.createTable("instructeur_notification_settings")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("depot", "text", (c) => c.notNull())
    .addColumn("message", "text", (c) => c.notNull())
    .addColumn("avis", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("instructeur_notification_settings_pk", ["user_id", "demarche_id"])
    .execute();
  // The events waiting for an instructeur's next daily summary, written in the transaction of
  // the event and deleted by the summary that tells them.
  await db.schema.createTable("instructeur_summary_items")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("instructeur_summary_items_user").on("instructeur_summary_items")
    .columns(["user_id", "id"]).execute();
  // When each instructeur's last summary was made: at most one a day, whichever process runs it.
  await db.schema.createTable("instructeur_summaries")
    .addColumn(
      "user_id",
      "integer",
      (c) => c.primaryKey().references("users.id").onDelete("cascade"),
    )
    .addColumn("last_sent_at", "text", (c) => c.notNull())
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("instructeur_summaries").execute();
  await db.schema.dropTable("instructeur_summary_items").execute();
  await db.schema.dropTable("instructeur_notification_settings").execute();
}
