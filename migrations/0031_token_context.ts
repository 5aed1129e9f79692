import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What an invitation's link is for (who invites, to which dossier, démarche or avis, and
  // where the person lands once their password is chosen): JSON read through
  // `invitationContextSchema` (core/accounts/model.ts); null for the other links.
  await db.schema.alterTable("tokens").addColumn("context", "text").execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tokens").dropColumn("context").execute();
}
