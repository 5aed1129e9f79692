/**
 * core/db/stream.ts: a long read (an export) walks its rows on a connection of its own, so
 * the instance's connection goes on writing, and committing, while the walk is half done;
 * the walk sees the snapshot it started from.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { connect } from "../../../core/db/mod.ts";
import { streamRows } from "../../../core/db/stream.ts";
import { writeTransaction } from "../../../core/db/transaction.ts";

const stream = suite("db stream");

stream("writes commit while a walk is half done; the walk keeps its snapshot", async () => {
  const dir = await Deno.makeTempDir();
  const { db, raw, close } = connect(`${dir}/guichet.sqlite`);
  try {
    await sql`create table t (id integer primary key, v text)`.execute(db);
    for (let i = 1; i <= 2500; i++) await sql`insert into t (v) values (${`v${i}`})`.execute(db);
    const walk = db.selectFrom("t" as never).select(["id", "v"] as never).orderBy("id" as never);
    const batches = streamRows<{ id: number; v: string }>(db, walk as never, 1000);
    const first = await batches.next();
    assert.is(first.done, false);
    assert.is((first.value as { id: number }[]).length, 1000);

    // Half-way through: the instance's connection writes in a BEGIN IMMEDIATE transaction,
    // within a second (it would wait for ever on a connection the walk held).
    const written = writeTransaction(db, async (trx) => {
      await sql`insert into t (v) values ('pendant')`.execute(trx);
    });
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the write waited for the walk")), 1000)
    );
    await Promise.race([written, timeout]);
    // Committed: another connection sees it at once.
    const other = connect(`${dir}/guichet.sqlite`);
    const seen = other.raw.prepare("select count(*) as n from t").get() as { n: number };
    await other.close();
    assert.is(seen.n, 2501);

    let rest = 0;
    for await (const batch of batches) rest += batch.length;
    assert.is(1000 + rest, 2500, "the walk reads the rows as they were when it began");
    assert.ok(raw.prepare("select 1").get());
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

stream.run();
