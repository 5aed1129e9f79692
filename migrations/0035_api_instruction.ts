import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What a jeton d'API may do: « lecture » (read, as every jeton before) or « instruction »
  // (read, prefill brouillons and act as its owner's instructeur account). A constant default:
  // no table rewrite, and the jetons made before read as « lecture ».
  await db.schema.alterTable("api_tokens")
    .addColumn("access", "text", (c) => c.notNull().defaultTo("lecture")).execute();
  // A brouillon prefilled through the API, waiting for the usager who opens its link: only the
  // SHA-256 of the link's secret is kept; claimed once, by one account.
  await db.schema.createTable("dossier_prefills")
    .addColumn(
      "dossier_id",
      "integer",
      (c) => c.primaryKey().references("dossiers.id").onDelete("cascade"),
    )
    .addColumn("token_id", "integer", (c) => c.notNull().references("api_tokens.id"))
    .addColumn("link_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("claimed_at", "text")
    .addColumn("claimed_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  // `Idempotency-Key` of an action sent with a jeton: the same key again is not applied twice.
  await db.schema.createTable("api_idempotency_keys")
    .addColumn(
      "token_id",
      "integer",
      (c) => c.notNull().references("api_tokens.id").onDelete("cascade"),
    )
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("api_idempotency_keys_pk", ["token_id", "key"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_idempotency_keys").execute();
  await db.schema.dropTable("dossier_prefills").execute();
  await db.schema.alterTable("api_tokens").dropColumn("access").execute();
}
