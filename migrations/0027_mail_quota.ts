import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Account e-mails that anonymous requests cause (sign-up, reset, confirmation re-sent,
  // e-mail change), counted per recipient address (`adresse:…`) and per requesting IP
  // (`ip:…`) over the last hour: one row per e-mail and key, older rows pruned as new ones
  // come. In the database, so the count survives a restart and is shared by processes.
  await db.schema.createTable("mail_quota")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("sent_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mail_quota_key").on("mail_quota").columns(["key", "sent_at"])
    .execute();
  await db.schema.createIndex("mail_quota_sent_at").on("mail_quota").column("sent_at").execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("mail_quota").execute();
}
