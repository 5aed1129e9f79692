import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The rate limits' counts when several processes share a PostgreSQL database (one process
  // on SQLite keeps them in memory): per limiter and key, the failures since `window_start`
  // (milliseconds since the epoch), counted by one upsert.
  await db.schema.createTable("rate_limits")
    .addColumn("limiter", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("window_start", "bigint", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rate_limits_pkey", ["limiter", "key"])
    .execute();
  // The purge of windows past: by limiter, oldest first.
  await db.schema.createIndex("rate_limits_window").on("rate_limits")
    .columns(["limiter", "window_start"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rate_limits").execute();
}
