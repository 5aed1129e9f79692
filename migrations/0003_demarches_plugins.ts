import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("demarches")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("titre", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull().defaultTo("instruction"))
    .addColumn("path", "text")
    // Service, contact, links: one JSON document validated by the démarche model.
    .addColumn("settings", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("draft_form", "text", (c) => c.notNull().defaultTo('{"champs":[],"annotations":[]}'))
    .addColumn("retention_months", "integer", (c) => c.notNull().defaultTo(12))
    .addColumn("deadline_at", "text")
    .addColumn("is_template", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cloned_from", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("published_at", "text")
    .addColumn("closed_at", "text")
    .execute();
  await db.schema.createIndex("demarches_path").on("demarches").column("path").execute();
  await db.schema.createTable("demarche_administrateurs")
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("demarche_administrateurs_pk", ["demarche_id", "user_id"])
    .execute();
  await db.schema.createIndex("demarche_administrateurs_user").on("demarche_administrateurs")
    .columns(["user_id", "demarche_id"]).execute();
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
  await db.schema.dropTable("demarche_administrateurs").execute();
  await db.schema.dropTable("demarches").execute();
}
