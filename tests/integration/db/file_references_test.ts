/**
 * Every column pointing at `files` has an index starting with it. A file row is deleted
 * often (unattached uploads, expired exports, purged dossiers), and each deletion applies the
 * foreign keys' `ON DELETE` to the tables pointing at it: without such an index, each one
 * reads a whole table (`dossiers` at a million rows), on both databases.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { dialectOf } from "../../../core/db/mod.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

const references = suite<{ t: TestInstance }>("references to files");

references.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
references.after(async (ctx) => {
  await ctx.t.stop();
});

/** `table.column` of each foreign key to `files` with no index whose first column it is. */
async function unindexed(t: TestInstance): Promise<string[]> {
  const db = t.deps.db;
  if (dialectOf(db) === "postgres") {
    const { rows } = await sql<{ reference: string }>`
      select c.conrelid::regclass::text || '.' || a.attname as reference
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'files'::regclass
        and not exists (select 1 from pg_index i
          where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
      order by 1`.execute(db);
    return rows.map((r) => r.reference);
  }
  const { rows: tables } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const out: string[] = [];
  for (const { name } of tables) {
    const { rows: keys } = await sql<{ from: string; table: string }>`
      select "from", "table" from pragma_foreign_key_list(${name})`.execute(db);
    const { rows: indexes } = await sql<{ first: string }>`
      select (select ii.name from pragma_index_info(il.name) ii order by ii.seqno limit 1) as first
      from pragma_index_list(${name}) il`.execute(db);
    for (const key of keys) {
      if (key.table === "files" && !indexes.some((i) => i.first === key.from)) {
        out.push(`${name}.${key.from}`);
      }
    }
  }
  return out.sort();
}

references("every foreign key to files has an index starting with it", async (ctx) => {
  assert.equal(await unindexed(ctx.t), []);
});

references.run();
