import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Identity providers a super-admin configures (FranceConnect, ProConnect, a collectivité's
  // own OpenID Connect server): `kind` names the plugin contribution, `config` its settings as
  // JSON, secrets included (never sent back to the browser).
  await db.schema.createTable("identity_providers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("preset", "text")
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("config", "text", (c) => c.notNull())
    .addColumn("for_usagers", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("for_agents", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("required_for_agents", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("verifies_identity", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // An account's identity at a provider: the provider's subject, and the verified identity
  // it last gave (for « Mon compte » and the prefilled identity of dossiers).
  await db.schema.createTable("identity_links")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn(
      "provider_id",
      "integer",
      (c) => c.notNull().references("identity_providers.id").onDelete("cascade"),
    )
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("identity", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text", (c) => c.notNull())
    .addUniqueConstraint("identity_links_subject", ["provider_id", "subject"])
    .execute();
  await db.schema.createIndex("identity_links_user").on("identity_links").column("user_id")
    .execute();
  // One sign-in in progress: the hash of its `state`, the browser it belongs to (hash of a
  // cookie), its nonce and PKCE verifier; one use, ten minutes.
  await db.schema.createTable("identity_flows")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn(
      "provider_id",
      "integer",
      (c) => c.notNull().references("identity_providers.id").onDelete("cascade"),
    )
    .addColumn("browser_hash", "text", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("code_verifier", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("retour", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  // A provider's identity whose address belongs to an existing account: linked only once the
  // account's owner proves it (password, or the e-mailed link opened in the same browser).
  await db.schema.createTable("identity_pending_links")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn(
      "provider_id",
      "integer",
      (c) => c.notNull().references("identity_providers.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("identity", "text", (c) => c.notNull())
    .addColumn("email_token_hash", "text")
    .addColumn("retour", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  // Which provider opened a session, with its id_token: signing out ends it there too.
  await db.schema.createTable("identity_sessions")
    .addColumn(
      "session_id",
      "text",
      (c) => c.primaryKey().references("sessions.id").onDelete("cascade"),
    )
    .addColumn(
      "provider_id",
      "integer",
      (c) => c.notNull().references("identity_providers.id").onDelete("cascade"),
    )
    .addColumn("id_token", "text")
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (
    const table of [
      "identity_sessions",
      "identity_pending_links",
      "identity_flows",
      "identity_links",
      "identity_providers",
    ]
  ) {
    await db.schema.dropTable(table).execute();
  }
}
