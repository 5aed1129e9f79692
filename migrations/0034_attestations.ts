import type { Kysely } from "kysely";

// Verifiable attestations (core/instruction/attestation_store.ts): one row per attestation
// issued, found by the SHA-256 of its code (the code itself is only printed on the PDF), with
// what the public page /attestations/<code> shows. No foreign key to dossiers: when the
// dossier is deleted at the end of its retention, the page still says the code was issued.
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable("attestations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("code_hash", "text", (c) => c.notNull().unique())
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("dossier_id", "integer", (c) => c.notNull())
    .addColumn("file_id", "text", (c) => c.notNull())
    .addColumn("demarche_titre", "text", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addColumn("holder_masked", "text", (c) => c.notNull())
    .addColumn("issued_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("attestations_dossier").on("attestations").column("dossier_id")
    .execute();
}
