import type { Kysely } from "kysely";

// Co-editing (core/dossiers/co_editing.ts): a counter of the dossier's value revisions, and
// per champ (and per annotation privée) the revision that last changed it and by whom, as
// JSON `{ stableId: [revision, userId] }`, so a save based on an older read is told instead
// of writing over someone else's value. Constant defaults: no table rewrite.
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("dossiers")
    .addColumn("values_revision", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("dossiers")
    .addColumn("champ_revisions", "text", (c) => c.notNull().defaultTo("{}")).execute();
  await db.schema.alterTable("dossiers")
    .addColumn("annotation_revisions", "text", (c) => c.notNull().defaultTo("{}")).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ["annotation_revisions", "champ_revisions", "values_revision"]) {
    await db.schema.alterTable("dossiers").dropColumn(column).execute();
  }
}
