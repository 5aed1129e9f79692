import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The dashboard's tab counts, kept in step with each change (core/instruction/counters.ts):
  // counting 200,000 dossiers per page view is a scan.
  await db.schema.createTable("groupe_tab_counts")
    .addColumn(
      "groupe_id",
      "integer",
      (c) => c.notNull().references("groupes_instructeurs.id").onDelete("cascade"),
    )
    .addColumn("tab", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("groupe_tab_counts_pk", ["groupe_id", "tab"])
    .execute();
  await db.schema.createTable("groupe_follow_counts")
    .addColumn(
      "groupe_id",
      "integer",
      (c) => c.notNull().references("groupes_instructeurs.id").onDelete("cascade"),
    )
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("groupe_follow_counts_pk", ["groupe_id", "user_id"])
    .execute();
  await db.schema.createIndex("groupe_follow_counts_user").on("groupe_follow_counts")
    .columns(["user_id", "groupe_id"]).execute();
  // Existing dossiers, counted once by the tabs' rules as they stand at this migration.
  const followed = sql`exists (select 1 from dossier_follows f where f.dossier_id = d.id)`;
  const active = sql`d.state in ('en_construction', 'en_instruction')`;
  const decided = sql`d.state in ('accepte', 'refuse', 'sans_suite')`;
  const fill = (tab: string, where: ReturnType<typeof sql>) =>
    sql`insert into groupe_tab_counts (groupe_id, tab, n)
      select d.groupe_id, ${tab}, count(*) from dossiers d
      where d.groupe_id is not null and ${where} group by d.groupe_id`.execute(db);
  await fill("a_suivre", sql`${active} and d.archived = 0 and not ${followed}`);
  await fill("traites", sql`${decided} and d.archived = 0`);
  await fill("tous", sql`(${active} or ${decided}) and d.archived = 0`);
  await fill("archives", sql`(${active} or ${decided}) and d.archived = 1`);
  await sql`insert into groupe_follow_counts (groupe_id, user_id, n)
    select d.groupe_id, f.user_id, count(*) from dossiers d
    join dossier_follows f on f.dossier_id = d.id
    where d.groupe_id is not null and ${active} and d.archived = 0
    group by d.groupe_id, f.user_id`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("groupe_follow_counts").execute();
  await db.schema.dropTable("groupe_tab_counts").execute();
}
