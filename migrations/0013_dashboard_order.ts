import type { Kysely } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A dashboard page walks its groupe's dossiers newest first and stops at 50: this index
  // gives that order for every tab (archived or not) without sorting the groupe (847 ms at
  // 200,000 dossiers without it, DESIGN.md §8).
  await db.schema.createIndex("dossiers_groupe_archived").on("dossiers")
    .columns(["groupe_id", "archived", "id"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("dossiers_groupe_archived").execute();
}
