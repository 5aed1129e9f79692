/** Migration 0035 on an instance that already has jetons d'API: they read as « lecture ». */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { connect } from "../../../core/db/mod.ts";
import { migrations } from "../../../migrations/mod.ts";

const migration = suite("migration 0035");

migration("the jetons made before it keep reading only", async () => {
  const dir = await Deno.makeTempDir();
  const { db, close } = connect(`${dir}/guichet.sqlite`);
  try {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
    });
    assert.not.ok((await migrator.migrateTo("0034_attestations")).error);
    const now = "2026-01-01T00:00:00.000Z";
    await sql`insert into users (id, email, created_at, updated_at)
      values (1, 'admin@mairie.fr', ${now}, ${now})`.execute(db);
    await sql`insert into api_tokens (user_id, label, secret_hash, created_at, expires_at)
      values (1, 'Tableur', 'abc', ${now}, '2027-01-01T00:00:00.000Z')`.execute(db);
    assert.not.ok((await migrator.migrateTo("0035_api_instruction")).error);
    const rows = await sql<{ access: string }>`select access from api_tokens`.execute(db);
    assert.equal(rows.rows.map((r) => r.access), ["lecture"]);
    assert.not.ok((await migrator.migrateDown()).error, "it goes down again");
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

migration.run();
