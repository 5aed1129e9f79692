import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // « Silence vaut accord / rejet »: the day (YYYY-MM-DD, in France) the dossier is decided
  // if the administration has not; null when its démarche has no such rule or it is decided.
  await db.schema.alterTable("dossiers").addColumn("implicit_decision_on", "text").execute();
  // The day a demande de correction suspended it; null when it runs.
  await db.schema.alterTable("dossiers").addColumn("implicit_decision_suspended_on", "text")
    .execute();
  // The daily pass walks the dates that have come, running ones only: the index holds only
  // the dossiers waiting for an implicit decision, and the query repeats its condition.
  await sql`create index dossiers_implicit_decision on dossiers (implicit_decision_on, id)
    where implicit_decision_on is not null and implicit_decision_suspended_on is null`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("dossiers_implicit_decision").execute();
  await db.schema.alterTable("dossiers").dropColumn("implicit_decision_suspended_on").execute();
  await db.schema.alterTable("dossiers").dropColumn("implicit_decision_on").execute();
}
