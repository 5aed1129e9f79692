/**
 * An empty PostgreSQL database on this run's test cluster, as `createdb` makes it (no table):
 * the target of `deno task migrate-to-postgres` and of a restore.
 */
import { sql } from "kysely";
import { connectPostgres } from "../../core/db/mod.ts";
import { clusterUrl, freshDatabase, PG_HOST_ENV } from "./postgres.ts";

/** Creates an empty database; returns its URL and its drop. */
export async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const migrated = await freshDatabase(); // starts this run's cluster if none is given
  await migrated.drop();
  const host = Deno.env.get(PG_HOST_ENV)!;
  const name = `guichet_vide_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = connectPostgres(clusterUrl(host, "postgres"), 1);
  try {
    await sql`create database ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  return {
    url: clusterUrl(host, name),
    async drop() {
      const again = connectPostgres(clusterUrl(host, "postgres"), 1);
      try {
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
      } finally {
        await again.close();
      }
    },
  };
}
