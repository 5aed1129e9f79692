/** The settings each of Guichet's PostgreSQL connections opens with. */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { connectPostgres } from "../../../core/db/mod.ts";
import { freshDatabase, testOnPostgres } from "../../helpers/postgres.ts";

const connection = suite("PostgreSQL connections");

connection("every pooled connection plans without parallel workers", async () => {
  const database = await freshDatabase();
  const { db, close } = connectPostgres(database.url, 2);
  try {
    // Two transactions at once: two connections of the pool, each asked.
    const held = Promise.withResolvers<void>();
    const asked = (trx: typeof db) =>
      sql<{ max_parallel_workers_per_gather: string }>`show max_parallel_workers_per_gather`
        .execute(trx).then((r) => r.rows[0].max_parallel_workers_per_gather);
    const first = db.transaction().execute(async (trx) => {
      const value = await asked(trx);
      await held.promise;
      return value;
    });
    const second = db.transaction().execute(async (trx) => {
      const value = await asked(trx);
      held.resolve();
      return value;
    });
    assert.equal(await Promise.all([first, second]), ["0", "0"]);
  } finally {
    await close();
    await database.drop();
  }
});

connection("a port given as ?port= is the server's port, not a setting sent to it", async () => {
  const database = await freshDatabase();
  try {
    // The test cluster listens on PostgreSQL's default port, in its socket folder.
    const right = connectPostgres(`${database.url}&port=5432`, 1);
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(right.db);
      assert.equal(rows, [{ one: 1 }]);
    } finally {
      await right.close();
    }
    // Another port names another socket in that folder: nobody listens there.
    const wrong = connectPostgres(`${database.url}&port=5999`, 1);
    try {
      const error = await sql`select 1`.execute(wrong.db).then(() => null, (e: Error) => e);
      assert.match(String(error), /\.s\.PGSQL\.5999/);
    } finally {
      await wrong.close();
    }
  } finally {
    await database.drop();
  }
});

if (testOnPostgres()) connection.run();
