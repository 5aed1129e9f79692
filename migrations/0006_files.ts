import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("files")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("uploader_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull())
    // What the file belongs to once used: a dossier (champ), a démarche (logo)…
    .addColumn("attached_kind", "text")
    .addColumn("attached_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("files_attached").on("files").columns([
    "attached_kind",
    "attached_id",
  ])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("files").execute();
}
