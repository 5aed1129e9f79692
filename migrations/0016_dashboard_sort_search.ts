import { type Kysely, sql } from "kysely";
import { dialectOf } from "../core/db/dialect.ts";

/** The display without case or accents, as `core/dossiers/index_values.ts` writes it. */
const sortText = (display: string) =>
  display.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().slice(0, 200);

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Sorting a dashboard on a champ walks the champ's values in order: one row per dossier
  // (`item = 0`: the value, or the first item of a list), compared without case or accents.
  await db.schema.alterTable("dossier_champ_index")
    .addColumn("item", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("dossier_champ_index").addColumn("sort_text", "text").execute();
  // A PostgreSQL database starts empty after this migration: only SQLite has rows to rewrite.
  const sqlite = dialectOf(db) === "sqlite";
  if (sqlite) {
    await sql`update dossier_champ_index set item = 1 where rowid not in (
      select min(rowid) from dossier_champ_index group by dossier_id, stable_id)`.execute(db);
    for (let after = 0;;) {
      const rows = await sql<{ rowid: number; display: string; value_text: string | null }>`
        select rowid, display, value_text from dossier_champ_index where rowid > ${after}
        order by rowid limit 5000`.execute(db);
      if (rows.rows.length === 0) break;
      for (const r of rows.rows) {
        // Dates compare on their ISO form (the champ types are not known here: the shape is).
        const iso = r.value_text && /^\d{4}-\d{2}-\d{2}/.test(r.value_text);
        await sql`update dossier_champ_index
          set sort_text = ${iso ? r.value_text : sortText(r.display)}
          where rowid = ${r.rowid}`.execute(db);
      }
      after = rows.rows[rows.rows.length - 1].rowid;
    }
  }
  // The usager's address is a column too (sorted and filtered like a champ): « @usager »
  // cannot be a champ's stable id.
  await sql`insert into dossier_champ_index
      (dossier_id, demarche_id, stable_id, value_text, value_num, display, item, sort_text)
    select d.id, d.demarche_id, '@usager', u.email, null, u.email, 0, lower(u.email)
    from dossiers d join users u on u.id = d.owner_id where d.state != 'brouillon'`.execute(db);
  await sql`create index dossier_champ_index_sort_text on dossier_champ_index
    (demarche_id, stable_id, sort_text, dossier_id) where item = 0`.execute(db);
  await sql`create index dossier_champ_index_sort_num on dossier_champ_index
    (demarche_id, stable_id, value_num, dossier_id) where item = 0`.execute(db);
  // Sorting on the decision date, as on the deposit date.
  await db.schema.createIndex("dossiers_groupe_archived_decided").on("dossiers")
    .columns(["groupe_id", "archived", "decided_at", "id"]).execute();
  if (sqlite) {
    // The full-text index's rows numbered démarche × 2³² + dossier, so that a search walks
    // one démarche's rows only (core/db/search.ts).
    await sql`create virtual table dossiers_search_scoped
      using fts5(content, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    await sql`insert into dossiers_search_scoped (rowid, content)
      select d.demarche_id * 4294967296 + s.rowid, s.content
      from dossiers_search s join dossiers d on d.id = s.rowid`.execute(db);
    await sql`drop table dossiers_search`.execute(db);
    await sql`alter table dossiers_search_scoped rename to dossiers_search`.execute(db);
  }
  // Every term of the full-text index, to turn a typed prefix into its terms
  // (core/db/search.ts).
  if (!sqlite) {
    // `collate "C"`: a prefix is a range of terms in code point order, as in SQLite.
    await sql`create table search_terms (term text collate "C" primary key)`.execute(db);
    return;
  }
  await db.schema.createTable("search_terms")
    .addColumn("term", "text", (c) => c.primaryKey())
    .modifyEnd(sql`without rowid`).execute();
  await sql`create virtual table temp.search_vocabulary
    using fts5vocab(main, 'dossiers_search', 'row')`.execute(db);
  await sql`insert into search_terms (term) select term from temp.search_vocabulary`
    .execute(db);
  await sql`drop table temp.search_vocabulary`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_terms").execute();
  await sql`update dossiers_search set rowid = rowid % 4294967296`.execute(db);
  await db.schema.dropIndex("dossiers_groupe_archived_decided").execute();
  await sql`drop index dossier_champ_index_sort_num`.execute(db);
  await sql`drop index dossier_champ_index_sort_text`.execute(db);
  await sql`delete from dossier_champ_index where stable_id = '@usager'`.execute(db);
  await db.schema.alterTable("dossier_champ_index").dropColumn("sort_text").execute();
  await db.schema.alterTable("dossier_champ_index").dropColumn("item").execute();
}
