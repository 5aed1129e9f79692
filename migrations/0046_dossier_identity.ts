import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The identity provider (« FranceConnect ») whose verified identity filled the dossier's
  // identity champs, when its démarche asks for it; null: the usager typed them.
  await db.schema.alterTable("dossiers").addColumn("identite_verifiee_par", "text").execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("dossiers").dropColumn("identite_verifiee_par").execute();
}
