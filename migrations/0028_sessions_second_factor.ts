import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // « Sessions actives »: when each session was last used (idle expiry), and the browser and
  // address it was opened from, as its owner sees them on « Mon compte ».
  await db.schema.alterTable("sessions")
    .addColumn("last_seen_at", "text", (c) => c.notNull().defaultTo("1970-01-01T00:00:00.000Z"))
    .execute();
  await sql`update sessions set last_seen_at = created_at`.execute(db);
  await db.schema.alterTable("sessions").addColumn("user_agent", "text").execute();
  await db.schema.alterTable("sessions").addColumn("ip", "text").execute();
  // Double authentification (TOTP, RFC 6238): the shared secret (base32), set when enrolment
  // starts and in force once confirmed; the time step of the last code accepted, so that no
  // code is accepted twice.
  await db.schema.alterTable("users").addColumn("totp_secret", "text").execute();
  await db.schema.alterTable("users").addColumn("totp_enabled_at", "text").execute();
  await db.schema.alterTable("users").addColumn("totp_last_step", "integer").execute();
  // Codes de secours: only their SHA-256 is kept; each one works once.
  await db.schema.createTable("recovery_codes")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("recovery_codes_pk", ["user_id", "code_hash"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("recovery_codes").execute();
  for (const column of ["totp_last_step", "totp_enabled_at", "totp_secret"]) {
    await db.schema.alterTable("users").dropColumn(column).execute();
  }
  for (const column of ["ip", "user_agent", "last_seen_at"]) {
    await db.schema.alterTable("sessions").dropColumn(column).execute();
  }
}
