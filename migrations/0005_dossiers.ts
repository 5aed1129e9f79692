import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("dossiers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    // Null for a test dossier made on the draft form of a démarche en test.
    .addColumn("revision_id", "integer", (c) => c.references("revisions.id"))
    .addColumn("owner_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("is_test", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("champ_values", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn(
      "groupe_id",
      "integer",
      (c) => c.references("groupes_instructeurs.id").onDelete("set null"),
    )
    .addColumn("motivation", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("deposited_at", "text")
    .addColumn("en_instruction_at", "text")
    .addColumn("decided_at", "text")
    .addColumn("deleted_by_usager_at", "text")
    .execute();
  await db.schema.createIndex("dossiers_owner").on("dossiers").columns(["owner_id", "id"])
    .execute();
  await db.schema.createIndex("dossiers_demarche_state").on("dossiers")
    .columns(["demarche_id", "state", "id"]).execute();
  await db.schema.createTable("dossier_events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_state", "text", (c) => c.notNull())
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("automatic", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("motivation", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("dossier_events_dossier").on("dossier_events")
    .columns(["dossier_id", "id"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dossier_events").execute();
  await db.schema.dropTable("dossiers").execute();
}
