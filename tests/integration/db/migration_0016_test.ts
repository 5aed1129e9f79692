/**
 * Migration 0016 on an instance that already holds dossiers: the dashboard's sort columns and
 * the search vocabulary are filled from what was indexed before it.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { connect } from "../../../core/db/mod.ts";
import { migrations } from "../../../migrations/mod.ts";

const migration = suite("migration 0016");

migration("fills item, sort_text, the usager column and the search terms", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = connect(`${dir}/guichet.sqlite`);
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    const before = await migrator.migrateTo("0015_dashboard_sort_nouveau");
    assert.not.ok(before.error);
    const now = "2026-01-01T00:00:00.000Z";
    await sql`insert into users (id, email, created_at, updated_at)
      values (1, 'usager@exemple.fr', ${now}, ${now})`.execute(db);
    await sql`insert into demarches (id, titre, state, path, draft_form, created_at, updated_at)
      values (1, 'D', 'publiee', 'd', '{"champs":[],"annotations":[]}', ${now}, ${now})`
      .execute(db);
    for (const [id, state] of [[1, "en_construction"], [2, "brouillon"]] as const) {
      await sql`insert into dossiers (id, demarche_id, owner_id, state, created_at, updated_at)
        values (${id}, 1, 1, ${state}, ${now}, ${now})`.execute(db);
    }
    const rows: [string, string, string][] = [
      ["nom", "Émile", "Émile"],
      ["options", "Voile", "Voile, Moteur"],
      ["options", "Moteur", "Voile, Moteur"],
      ["quand", "2024-05-02", "2 mai 2024"],
    ];
    for (const [stableId, value, display] of rows) {
      await sql`insert into dossier_champ_index
        (dossier_id, demarche_id, stable_id, value_text, display)
        values (1, 1, ${stableId}, ${value}, ${display})`.execute(db);
    }
    await sql`insert into dossiers_search (rowid, content)
      values (1, '1 usager@exemple.fr Émile Sémaphore')`.execute(db);

    const after = await migrator.migrateToLatest();
    assert.not.ok(after.error);
    const index = await sql<{ stable_id: string; item: number; sort_text: string | null }>`
      select stable_id, item, sort_text from dossier_champ_index order by rowid`.execute(db);
    assert.equal(index.rows.map((r) => [r.stable_id, r.item, r.sort_text]), [
      ["nom", 0, "emile"],
      ["options", 0, "voile, moteur"],
      ["options", 1, "voile, moteur"],
      ["quand", 0, "2024-05-02"],
      ["@usager", 0, "usager@exemple.fr"],
    ]);
    const search = await sql<{ rowid: number }>`select rowid from dossiers_search
      where dossiers_search match 'semaphore'`.execute(db);
    assert.equal(search.rows.map((r) => r.rowid), [2 ** 32 + 1], "démarche 1, dossier 1");
    const terms = await sql<{ term: string }>`select term from search_terms order by term`
      .execute(db);
    assert.equal(terms.rows.map((r) => r.term), [
      "1",
      "emile",
      "exemple",
      "fr",
      "semaphore",
      "usager",
    ]);
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

migration.run();
