import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Jetons d'API of administrateurs: only the SHA-256 of the secret is kept.
  await db.schema.createTable("api_tokens")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("secret_hash", "text", (c) => c.notNull().unique())
    // JSON array of démarche ids, or null: every démarche the owner administers.
    .addColumn("demarche_ids", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_tokens_user").on("api_tokens").columns(["user_id", "id"])
    .execute();
  // The API's keyset walk over a démarche's deposited dossiers, by (updated_at, id), brouillons
  // left out. `state` rides along so an `etat` filter is checked in the index. The query
  // repeats the condition word for word (SQLite uses a partial index only then).
  await sql`create index dossiers_api_walk on dossiers (demarche_id, updated_at, id, state)
    where state <> 'brouillon'`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("dossiers_api_walk").execute();
  await db.schema.dropTable("api_tokens").execute();
}
