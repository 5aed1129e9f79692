import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The attestation of an accepted dossier (a file attached to it), made by a job after the
  // decision; withdrawn with the decision (core/instruction/attestation.ts).
  await db.schema.alterTable("dossiers").addColumn("attestation_file_id", "text").execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("dossiers").dropColumn("attestation_file_id").execute();
}
