/** The full-text search module on a real SQLite file: prefixes, accents, démarches apart. */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { connect, connectPostgres, type Db, migrateToLatest } from "../../../core/db/mod.ts";
import {
  forgetTerms,
  indexSearchText,
  matchesSearch,
  searchedDossiers,
  searchExpression,
  searchPlan,
  searchTerms,
  unindexSearchText,
} from "../../../core/db/search.ts";
import { freshDatabase } from "../../helpers/postgres.ts";

const search = suite("search");

const TEXTS: [number, number, string][] = [
  [1, 1, "Le Sémaphore du cap, usager1@exemple.fr"],
  [2, 1, "Bateau à moteur, amarré au ponton"],
  [3, 2, "Sémaphore de la pointe"],
  [4, 1, "Semaphores et balises, dossier 12345"],
  [5, 1, "De la pêche à la ligne"],
];

/**
 * A migrated database holding one usager, démarches 1 and 2, and a dossier of each of `texts`
 * (its number, its démarche, its searchable text), indexed.
 */
async function indexedDossiers(db: Db, texts: readonly [number, number, string][]) {
  await migrateToLatest(db);
  const now = "2026-01-01T00:00:00.000Z";
  await sql`insert into users (id, email, created_at, updated_at)
    values (1, 'u@exemple.fr', ${now}, ${now})`.execute(db);
  for (const d of [1, 2]) {
    await sql`insert into demarches (id, titre, state, path, draft_form, created_at, updated_at)
      values (${d}, 'D', 'publiee', ${`d${d}`}, '{"champs":[],"annotations":[]}', ${now}, ${now})`
      .execute(db);
  }
  for (const [id, demarcheId, text] of texts) {
    await sql`insert into dossiers (id, demarche_id, owner_id, state, created_at, updated_at)
      values (${id}, ${demarcheId}, 1, 'en_construction', ${now}, ${now})`.execute(db);
    await indexSearchText(db, { id, demarcheId }, text);
  }
}

search("prefixes, accents and démarches, read or probed, agree", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = connect(`${dir}/guichet.sqlite`);
  try {
    await indexedDossiers(db, TEXTS);
    const found = async (query: string) => {
      const expression = await searchExpression(db, query);
      if (expression === null) return null;
      const walked = await searchedDossiers(db, 1, expression).from.select("dossiers.id")
        .orderBy(sql`s.rowid`, "desc").execute();
      const ids = walked.map((r) => r.id);
      // The two ways of filtering (matches read first, or each dossier probed) agree.
      for (const few of [0, 5000]) {
        const filtered = await db.selectFrom("dossiers").select("id")
          .where(await matchesSearch(db, 1, expression, { few })).orderBy("id", "desc").execute();
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

search(
  "on PostgreSQL, the postings of a search's one term walk it, and agree with the index",
  async () => {
    const database = await freshDatabase();
    const { db, close } = connectPostgres(database.url, 1);
    try {
      const texts: [number, number, string][] = [
        ...TEXTS,
        [6, 1, "Sémaphore et phare"],
        [7, 1, "Phare du sémaphore, cap Fréhel"],
      ];
      await indexedDossiers(db, texts);
      // The trigger keeps the postings equal to the terms of each indexed row.
      const postingsAgree = async () => {
        const { rows } = await sql<{ missing: number; extra: number }>`select
        (select count(*) from (select unnest(tsvector_to_array(terms)), rowid from dossiers_search
          except select term, rowid from search_postings) m)::int as missing,
        (select count(*) from (select term, rowid from search_postings except
          select unnest(tsvector_to_array(terms)), rowid from dossiers_search) e)::int as extra`
          .execute(db);
        assert.equal(rows[0], { missing: 0, extra: 0 });
      };
      await postingsAgree();
      const found = async (query: string) => {
        const plan = (await searchPlan(db, query))!;
        const walk = async (leading: typeof plan.leading) => {
          const page = searchedDossiers(db, 1, plan.expression, leading);
          const ids = async (q: typeof page.from) =>
            (await q.select("dossiers.id").orderBy(page.order, "desc").execute()).map((r) => r.id);
          // The whole walk, and its second half from a cursor (the next page).
          return [await ids(page.from), await ids(page.from.where(page.below(5)))];
        };
        const [walked, below] = await walk(plan.leading);
        assert.equal([walked, below], await walk(null), `${query}: postings and tsvectors agree`);
        for (const few of [0, 5000]) {
          const filtered = await db.selectFrom("dossiers").select("id")
            .where(await matchesSearch(db, 1, plan.expression, { few, leading: plan.leading }))
            .orderBy("id", "desc").execute();
          assert.equal(filtered.map((r) => r.id), walked, `${query} (few = ${few})`);
        }
        return { ids: walked, leading: plan.leading };
      };
      assert.equal(await found("sémaphore"), {
        ids: [7, 6, 4, 1],
        leading: null, // « semaphore » and « semaphores »: two terms, the tsvectors are walked
      });
      assert.equal(await found("semaphores"), {
        ids: [4],
        leading: { term: "semaphores", alone: true },
      });
      assert.equal(await found("phare"), { ids: [7, 6], leading: { term: "phare", alone: true } });
      assert.equal(await found("sémaphore frehel"), {
        ids: [7],
        leading: { term: "frehel", alone: false },
      });
      assert.equal(await found("phare cap"), {
        ids: [7],
        leading: { term: "phare", alone: false },
      });
      assert.equal(await found("zzzz"), { ids: [], leading: { term: "zzzz", alone: true } });
      // The page of a one-term search reads that term's postings, not every row's tsvector.
      const plan = (await searchPlan(db, "phare"))!;
      const page = searchedDossiers(db, 1, plan.expression, plan.leading);
      const { sql: text, parameters } = page.from.select("dossiers.id").orderBy(page.order, "desc")
        .limit(50).compile();
      const { rows } = await db.executeQuery<{ "QUERY PLAN": string }>({
        ...page.from.compile(),
        sql: `explain ${text}`,
        parameters,
      });
      const explained = rows.map((r) => r["QUERY PLAN"]).join("\n");
      assert.match(explained, /search_postings/, explained);
      assert.not.match(explained, /dossiers_search/, explained);

      // Indexed again, unindexed: the postings follow; a term no dossier holds is forgotten.
      await indexSearchText(db, { id: 6, demarcheId: 1 }, "Balise verte");
      const gone = await unindexSearchText(db, { id: 7, demarcheId: 1 });
      await postingsAgree();
      assert.equal((await found("phare")).ids, []);
      await forgetTerms(db, gone);
      const terms = (await db.selectFrom("search_terms").select("term").execute()).map((r) =>
        r.term
      );
      assert.ok(!terms.includes("frehel") && !terms.includes("phare"), terms.join());
      assert.ok(terms.includes("semaphore") && terms.includes("cap"), "still held by dossier 1");
    } finally {
      await close();
      await database.drop();
    }
  },
);

search.run();
