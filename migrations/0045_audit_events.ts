import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The audit log (core/audit/): appended to, never updated nor deleted by the code. Each row's
  // `hash` is the SHA-256 of the previous row's hash and of this row's canonical text, so an
  // edited or removed row breaks the chain at the first row after it.
  await db.schema.createTable("audit_events")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer")
    .addColumn("actor_email", "text")
    .addColumn("actor_ip", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("demarche_id", "integer")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  // No two rows follow the same one: two writers that read the same last row cannot both
  // append (the chain never forks, whatever the database's locking).
  await db.schema.createIndex("audit_events_prev_hash").unique().on("audit_events")
    .column("prev_hash").execute();
  // The super-admin's filters, newest first (keyset on id).
  await db.schema.createIndex("audit_events_action").on("audit_events")
    .columns(["action", "id"]).execute();
  await db.schema.createIndex("audit_events_actor").on("audit_events")
    .columns(["actor_email", "id"]).execute();
  await db.schema.createIndex("audit_events_demarche").on("audit_events")
    .columns(["demarche_id", "id"]).execute();
  await db.schema.createIndex("audit_events_at").on("audit_events").column("at").execute();

  // Each verification of the chain (daily, or asked on the page): what it found.
  await db.schema.createTable("audit_checks")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("intact", "integer", (c) => c.notNull())
    .addColumn("checked", "integer", (c) => c.notNull())
    /** The last row seen intact: a later check finds it again, or the end was cut off. */
    .addColumn("head_id", "integer")
    .addColumn("head_hash", "text")
    .addColumn("first_bad_id", "integer")
    .addColumn("problem", "text")
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_checks").execute();
  await db.schema.dropTable("audit_events").execute();
}
