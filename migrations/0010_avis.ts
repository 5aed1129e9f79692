import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("avis")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.notNull().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("asked_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn(
      "expert_id",
      "integer",
      (c) => c.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("expert_email", "text", (c) => c.notNull())
    .addColumn("introduction", "text", (c) => c.notNull())
    .addColumn("question", "text")
    .addColumn("confidentiel", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("file_id", "text", (c) => c.references("files.id").onDelete("set null"))
    .addColumn("answer", "text")
    .addColumn("answer_yes", "integer")
    .addColumn("answer_file_id", "text", (c) => c.references("files.id").onDelete("set null"))
    .addColumn("answered_at", "text")
    .addColumn("reminded_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("avis_dossier").on("avis").columns(["dossier_id", "id"]).execute();
  await db.schema.createIndex("avis_expert").on("avis").columns(["expert_id", "id"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("avis").execute();
}
