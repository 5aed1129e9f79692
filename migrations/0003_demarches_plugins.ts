import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The démarche grows with the form editor; this is what plugin enablement needs now.
  await db.schema.createTable("demarches")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("titre", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createTable("demarche_plugins")
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("plugin_id", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("settings", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("demarche_plugins_pk", ["demarche_id", "plugin_id"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("demarche_plugins").execute();
  await db.schema.dropTable("demarches").execute();
}
