import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A decision may come with a justificatif (an arrêté, a signed letter) the usager downloads.
  await db.schema.alterTable("dossiers")
    .addColumn("justificatif_file_id", "text", (c) => c.references("files.id").onDelete("set null"))
    .execute();
  // What an event carries besides its motive, as JSON: the stable ids a re-deposit changed.
  await db.schema.alterTable("dossier_events").addColumn("details", "text").execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("dossier_events").dropColumn("details").execute();
  await db.schema.alterTable("dossiers").dropColumn("justificatif_file_id").execute();
}
