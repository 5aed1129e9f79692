/** The full-text search module on a real SQLite file: prefixes, accents, démarches apart. */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { connect, connectPostgres, migrateToLatest } from "../../../core/db/mod.ts";
import {
  indexSearchText,
  matchesSearch,
  searchedDossiers,
  searchExpression,
  searchTerms,
} from "../../../core/db/search.ts";

const search = suite("search");

const TEXTS: [number, number, string][] = [
  [1, 1, "Le Sémaphore du cap, usager1@exemple.fr"],
  [2, 1, "Bateau à moteur, amarré au ponton"],
  [3, 2, "Sémaphore de la pointe"],
  [4, 1, "Semaphores et balises, dossier 12345"],
  [5, 1, "De la pêche à la ligne"],
];

search("prefixes, accents and démarches, read or probed, agree", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = connect(`${dir}/guichet.sqlite`);
  try {
    await migrateToLatest(db);
    const now = "2026-01-01T00:00:00.000Z";
    await sql`insert into users (id, email, created_at, updated_at)
      values (1, 'u@exemple.fr', ${now}, ${now})`.execute(db);
    for (const d of [1, 2]) {
      await sql`insert into demarches (id, titre, state, path, draft_form, created_at, updated_at)
        values (${d}, 'D', 'publiee', ${`d${d}`}, '{"champs":[],"annotations":[]}', ${now}, ${now})`
        .execute(db);
    }
    for (const [id, demarcheId, text] of TEXTS) {
      await sql`insert into dossiers (id, demarche_id, owner_id, state, created_at, updated_at)
        values (${id}, ${demarcheId}, 1, 'en_construction', ${now}, ${now})`.execute(db);
      await indexSearchText(db, { id, demarcheId }, text);
    }
    const found = async (query: string) => {
      const expression = await searchExpression(db, query);
      if (expression === null) return null;
      const walked = await searchedDossiers(db, 1, expression).from.select("dossiers.id")
        .orderBy(sql`s.rowid`, "desc").execute();
      const ids = walked.map((r) => r.id);
      // The two ways of filtering (matches read first, or each dossier probed) agree.
      for (const few of [0, 5000]) {
        const filtered = await db.selectFrom("dossiers").select("id")
          .where(await matchesSearch(db, 1, expression, few)).orderBy("id", "desc").execute();
        assert.equal(filtered.map((r) => r.id), ids, `${query} (few = ${few})`);
      }
      return ids;
    };
    assert.equal(await found("semaphore"), [4, 1], "prefix, accents, only démarche 1");
    assert.equal(await found("SÉMAPH"), [4, 1]);
    assert.equal(await found("sémaphore cap"), [1], "every word");
    assert.equal(await found("usager1@exemple.fr"), [1]);
    assert.equal(await found("12345"), [4]);
    assert.equal(await found("1234"), [], "short numbers match whole");
    assert.equal(await found("de"), [5], "short words match whole (not « du »)");
    assert.equal(await found("peche"), [5]);
    assert.equal(await found("zzz"), []);
    assert.is(await found(" ,; "), null);
    assert.equal(searchTerms("L’Étoile-du-Nord, n°12"), ["l", "etoile", "du", "nord", "n", "12"]);
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

search("on PostgreSQL a démarche's range of rows is written in the statement", async () => {
  // Postgres.js prepares each statement; after five runs PostgreSQL may keep a generic plan,
  // which cannot see a bound range: it read a démarche's 180,000 rows into a bitmap (19 ms on
  // the dashboard bench) instead of walking them newest first (2 ms). No server needed.
  const { db, close } = connectPostgres("postgres://guichet@localhost/compiled_only", 1);
  try {
    const page = searchedDossiers(db, 1, "'semaphore'");
    const query = page.from.select("dossiers.id").where(page.below(50)).compile();
    const base = 2 ** 32;
    assert.ok(query.sql.includes(`s.rowid > cast(${base} as bigint)`), query.sql);
    assert.ok(query.sql.includes(`s.rowid < cast(${2 * base} as bigint)`), query.sql);
    assert.ok(query.sql.includes(`s.rowid - cast(${base} as bigint)`), query.sql);
    // The cursor stays bound: one statement per page would fill each connection's cache.
    assert.equal(query.parameters, ["'semaphore'", base + 50]);
  } finally {
    await close();
  }
});

search.run();
