/** Queries compiled once and run with new parameters, on a real SQLite file. */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { connect, migrateToLatest } from "../../../core/db/mod.ts";
import { reusableQuery } from "../../../core/db/reusable_query.ts";
import { writeTransaction } from "../../../core/db/transaction.ts";
import { connectPostgres } from "../../../core/db/mod.ts";
import { freshDatabase } from "../../helpers/postgres.ts";
import { sql } from "kysely";

const reusable = suite("reusableQuery");

reusable("builds once, then runs each call with its own arguments", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = connect(`${dir}/guichet.sqlite`);
  try {
    await migrateToLatest(db);
    const now = "2026-01-01T00:00:00.000Z";
    for (
      const [id, email] of [[1, "a@exemple.fr"], [2, "b@exemple.fr"], [3, "c@exemple.fr"]] as const
    ) {
      await db.insertInto("users").values({ id, email, created_at: now, updated_at: now })
        .execute();
    }
    let builds = 0;
    // node:sqlite's rows have no prototype: compared as plain objects.
    const plain = (rows: object[]) => rows.map((r) => ({ ...r }));
    // A constant parameter (the date) stays as compiled; the two arguments change.
    const users = reusableQuery((db, from: number, email: string) => {
      builds++;
      return db.selectFrom("users").select(["id", "email"]).where("id", ">=", from)
        .where("email", "!=", email).where("created_at", "=", now).orderBy("id");
    });
    assert.equal(plain(await users(db, 1, "b@exemple.fr")), [
      { id: 1, email: "a@exemple.fr" },
      { id: 3, email: "c@exemple.fr" },
    ]);
    assert.equal(plain(await users(db, 2, "c@exemple.fr")), [{ id: 2, email: "b@exemple.fr" }]);
    assert.equal(await users(db, 4, "a@exemple.fr"), []);
    assert.is(builds, 1);

    const rename = reusableQuery((db, id: number, email: string) =>
      db.updateTable("users").set({ email }).where("id", "=", id)
    );
    await rename(db, 3, "camille@exemple.fr");
    assert.equal(plain(await users(db, 3, "x")), [{ id: 3, email: "camille@exemple.fr" }]);

    const unused = reusableQuery((db, _id: number) => db.selectFrom("users").select("id"));
    try {
      await unused(db, 1);
      assert.unreachable("an argument the query does not use is refused");
    } catch (error) {
      assert.match(String(error), /Argument 0 is not a parameter of the query/);
    }
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

reusable(
  "a process holding a SQLite and a PostgreSQL handle compiles for each (migrate-to-postgres)",
  async () => {
    const dir = await Deno.makeTempDir();
    const sqlite = connect(`${dir}/guichet.sqlite`);
    const database = await freshDatabase();
    const postgres = connectPostgres(database.url, 1);
    try {
      await migrateToLatest(sqlite.db);
      const now = "2026-01-01T00:00:00.000Z";
      for (const db of [sqlite.db, postgres.db]) {
        await db.insertInto("users").values({
          email: "a@exemple.fr",
          created_at: now,
          updated_at: now,
        })
          .execute();
      }
      const byEmail = reusableQuery((db, email: string) =>
        db.selectFrom("users").select("email").where("email", "=", email)
      );
      // SQLite's `?` sent to PostgreSQL was « syntax error at end of input ».
      for (const db of [sqlite.db, postgres.db, sqlite.db]) {
        assert.equal((await byEmail(db, "a@exemple.fr")).map((r) => r.email), ["a@exemple.fr"]);
      }
    } finally {
      await sqlite.close();
      await postgres.close();
      await database.drop();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

reusable(
  "on SQLite, a query run directly never lands inside a transaction someone else holds",
  async () => {
    const dir = await Deno.makeTempDir();
    const { db, close } = connect(`${dir}/guichet.sqlite`);
    try {
      await migrateToLatest(db);
      const now = "2026-01-01T00:00:00.000Z";
      const emails = reusableQuery((db, from: number) =>
        db.selectFrom("users").select("email").where("id", ">=", from).orderBy("id")
      );
      const add = reusableQuery((db, email: string) =>
        db.insertInto("users").values({ email, created_at: now, updated_at: now })
      );
      const read = async () => (await emails(db, 0)).map((r) => r.email);
      let resume!: () => void;
      const paused = new Promise<void>((r) => resume = r);
      const steps: string[] = [];
      // A transaction writes, then waits (as a save awaits between its statements)…
      const failed = writeTransaction(db, async (trx) => {
        await add(trx, "brouillon@exemple.fr");
        assert.equal((await emails(trx, 0)).map((r) => r.email), ["brouillon@exemple.fr"]);
        await paused;
        throw new Error("annulée");
      }).catch((e) => steps.push(`transaction: ${e.message}`));
      await new Promise((r) => setTimeout(r, 10));
      // …a read and a write from elsewhere meanwhile wait for it, instead of joining it.
      const reading = read().then((e) => steps.push(`lu : ${e.join(",") || "rien"}`));
      const writing = add(db, "autre@exemple.fr").then(() => steps.push("écrit"));
      await new Promise((r) => setTimeout(r, 10));
      assert.equal(steps, [], "nothing ran inside the held transaction");
      resume();
      await Promise.all([failed, reading, writing]);
      assert.equal(steps, ["transaction: annulée", "lu : rien", "écrit"]);
      // The rolled-back row is gone; the other write, made after, is kept.
      assert.equal(await read(), ["autre@exemple.fr"]);
      // Once the connection is back, statements run directly again, in and out of transactions.
      await writeTransaction(db, async (trx) => {
        await add(trx, "troisieme@exemple.fr");
      });
      assert.equal(await read(), ["autre@exemple.fr", "troisieme@exemple.fr"]);
    } finally {
      await close();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

reusable("on SQLite, a commit that fails leaves no transaction open behind it", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = connect(`${dir}/guichet.sqlite`);
  try {
    await migrateToLatest(db);
    const now = "2026-01-01T00:00:00.000Z";
    // Foreign keys checked at COMMIT: a session of no user passes until then.
    const failed = await writeTransaction(db, async (trx) => {
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      await trx.insertInto("sessions").values({
        id: "orpheline",
        user_id: 999,
        created_at: now,
        expires_at: now,
        last_seen_at: now,
      }).execute();
    }).catch((e) => e);
    assert.match(String(failed), /FOREIGN KEY constraint failed/);
    // The next transaction begins (it was « cannot start a transaction within a transaction »)
    // and the failed one's row is gone.
    await writeTransaction(db, async (trx) => {
      await trx.insertInto("users").values({
        email: "a@exemple.fr",
        created_at: now,
        updated_at: now,
      }).execute();
    });
    const rows = await db.selectFrom("sessions").select("id").execute();
    assert.equal(rows, []);
    assert.is((await db.selectFrom("users").select("email").execute()).length, 1);
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

reusable.run();
