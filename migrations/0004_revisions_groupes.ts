import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("revisions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("form", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("revisions_demarche").on("revisions")
    .columns(["demarche_id", "number"]).unique().execute();
  await db.schema.alterTable("demarches").addColumn("published_revision_id", "integer").execute();
  // Kept up to date at each deposit, so the catalogue never counts dossiers.
  await db.schema.alterTable("demarches")
    .addColumn("deposited_dossiers_count", "integer", (c) => c.notNull().defaultTo(0)).execute();

  await db.schema.createTable("groupes_instructeurs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn(
      "demarche_id",
      "integer",
      (c) => c.notNull().references("demarches.id").onDelete("cascade"),
    )
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("routing_rule", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("groupes_instructeurs_demarche").on("groupes_instructeurs")
    .columns(["demarche_id", "position"]).execute();
  await db.schema.createTable("groupe_membres")
    .addColumn(
      "groupe_id",
      "integer",
      (c) => c.notNull().references("groupes_instructeurs.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("groupe_membres_pk", ["groupe_id", "user_id"])
    .execute();
  await db.schema.createIndex("groupe_membres_user").on("groupe_membres")
    .columns(["user_id", "groupe_id"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("groupe_membres").execute();
  await db.schema.dropTable("groupes_instructeurs").execute();
  await db.schema.dropTable("revisions").execute();
}
