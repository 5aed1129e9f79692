import { type Kysely, sql } from "kysely";
import { dialectOf } from "../core/db/dialect.ts";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // « Réponse attendue avant le … »: a Paris calendar day, YYYY-MM-DD (null: no date).
  await db.schema.alterTable("avis").addColumn("due_on", "text").execute();
  // The day the next automatic reminder is due (null: none left); moved on in the same
  // transaction as the reminder's e-mail, so a restart or a second process never sends twice.
  await db.schema.alterTable("avis").addColumn("next_reminder_on", "text").execute();
  // When the last automatic reminder went out, shown to the instructeurs.
  await db.schema.alterTable("avis").addColumn("auto_reminded_at", "text").execute();
  // The reminders' pass reads only avis still awaited with a reminder left; the query repeats
  // these conditions word for word (SQLite uses a partial index only then). It goes
  // `order by next_reminder_on, id`: SQLite's index ends with the rowid, PostgreSQL's holds only
  // the columns named, so there `id` ends it (else every batch sorts all the avis due).
  const id = sql.raw(dialectOf(db) === "postgres" ? ", id" : "");
  await sql`create index avis_reminders on avis (next_reminder_on${id})
    where next_reminder_on is not null and answered_at is null and revoked_at is null`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("avis_reminders").execute();
  await db.schema.alterTable("avis").dropColumn("auto_reminded_at").execute();
  await db.schema.alterTable("avis").dropColumn("next_reminder_on").execute();
  await db.schema.alterTable("avis").dropColumn("due_on").execute();
}
