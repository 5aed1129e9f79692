import type { Kysely } from "kysely";

// Webhook deliveries (core/webhooks/store.ts): one row per event a démarche's webhook is to
// receive, written in the transaction of the state change that causes it, with what its
// administrateurs see of it (attempts, last response, next try). `livraison` is the id sent
// in `X-Guichet-Livraison`, the same for every try. No foreign key to dossiers: a dossier
// deleted at the end of its retention leaves its log lines (numbers and dates only).
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("webhook_deliveries")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("livraison", "text", (c) => c.notNull().unique())
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("dossier_id", "integer")
    .addColumn("sender", "text", (c) => c.notNull())
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("occurred_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_status", "integer")
    .addColumn("last_error", "text")
    .addColumn("last_attempt_at", "text")
    .addColumn("first_attempt_at", "text")
    .addColumn("next_attempt_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // The log of a démarche, newest first, paged by id.
  await db.schema.createIndex("webhook_deliveries_demarche")
    .on("webhook_deliveries").columns(["demarche_id", "id"]).execute();
  // A dossier's pending deliveries, in order: the earlier one goes first.
  await db.schema.createIndex("webhook_deliveries_pending")
    .on("webhook_deliveries").columns(["dossier_id", "sender", "status", "id"]).execute();
}
