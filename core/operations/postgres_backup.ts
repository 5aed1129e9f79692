/**
 * The PostgreSQL half of backup and restore: PostgreSQL's own tools, `pg_dump` and
 * `pg_restore` (Debian's `postgresql-client`), run by Guichet with the instance's
 * `DATABASE_URL`.
 *
 * The dump reads one snapshot, exported by a read-only transaction of ours that stays open
 * while `pg_dump` runs (`--snapshot`): the storage keys and migrations Guichet reads in that
 * transaction are exactly the dump's, so the files copied beside it are the ones its rows name.
 * The restore goes into an empty database, in one transaction: it happens whole or not at all.
 */
import { sql } from "kysely";
import { connectPostgres } from "../db/mod.ts";
import { inPostgresSnapshot, type SnapshotContents } from "../db/snapshot.ts";

/** The dump's file name, in a backup of a PostgreSQL instance. */
export const POSTGRES_DUMP_FILE = "guichet.pgdump";

/**
 * Where `pg_dump` / `pg_restore` are: the newest `/usr/lib/postgresql/<version>/bin` (Debian
 * keeps each version's tools there; a dump needs tools at least as new as the server), else
 * the PATH.
 */
async function pgTool(name: "pg_dump" | "pg_restore"): Promise<string> {
  const versions: number[] = [];
  try {
    for await (const e of Deno.readDir("/usr/lib/postgresql")) {
      if (/^\d+$/.test(e.name)) versions.push(Number(e.name));
    }
  } catch { /* not a Debian layout */ }
  for (const version of versions.sort((a, b) => b - a)) {
    const path = `/usr/lib/postgresql/${version}/bin/${name}`;
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch { /* not this version's */ }
  }
  return name;
}

/**
 * The libpq environment naming the database of `url` (`PGHOST`, `PGPASSWORD`…): the password
 * stays out of the command line, where any user of the machine could read it, and the URL's
 * Postgres.js-only parameters do not reach libpq.
 */
export function libpqEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  const env: Record<string, string> = {};
  const host = parsed.searchParams.get("host") ?? decodeURIComponent(parsed.hostname);
  if (host) env.PGHOST = host;
  const port = parsed.searchParams.get("port") ?? parsed.port;
  if (port) env.PGPORT = port;
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (database) env.PGDATABASE = database;
  const sslmode = parsed.searchParams.get("sslmode") ??
    ({
      true: "require",
      require: "require",
      prefer: "prefer",
      "verify-full": "verify-full",
    } as Record<string, string>)[parsed.searchParams.get("ssl") ?? ""];
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** Runs a PostgreSQL tool on the database of `url`; throws its complaint in French. */
async function runTool(
  name: "pg_dump" | "pg_restore",
  args: string[],
  url: string,
): Promise<void> {
  const exe = await pgTool(name);
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(exe, {
      args,
      env: libpqEnvironment(url),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        `${name} est introuvable : installez les outils clients de PostgreSQL, de la même version que le serveur ou plus récents (Debian : apt install postgresql-client).`,
      );
    }
    throw error;
  }
  if (!out.success) {
    const said = new TextDecoder().decode(out.stderr).trim().split("\n").slice(0, 8).join("\n");
    throw new Error(`${name} a échoué (code ${out.code}) :\n${said}`);
  }
}

/**
 * Dumps the PostgreSQL database of `url` into the new file `file` (pg_dump's custom format),
 * while the instance keeps serving; returns the migrations and storage keys of the same
 * snapshot.
 */
export async function dumpPostgres(url: string, file: string): Promise<SnapshotContents> {
  return await inPostgresSnapshot(url, async (snapshot) => {
    await runTool("pg_dump", [
      "--format=custom",
      `--snapshot=${snapshot}`,
      "--no-owner",
      "--no-privileges",
      `--file=${file}`,
    ], url);
  });
}

/** Throws, in French, unless the database of `url` holds no table (as `createdb` makes it). */
export async function assertEmptyPostgres(url: string): Promise<void> {
  const conn = connectPostgres(url, 1);
  try {
    const { rows: [{ n }] } = await sql<{ n: number }>`
      select count(*) as n from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema')`.execute(conn.db);
    if (n > 0) {
      throw new Error(
        `La base PostgreSQL de DATABASE_URL n’est pas vide (${n} table(s)) : la restauration n’écrit que dans une base neuve, pour ne jamais écraser des données. Créez-en une (createdb -O guichet guichet_restauree), pointez DATABASE_URL dessus, puis relancez la restauration.`,
      );
    }
  } catch (error) {
    if ((error as { code?: string }).code === "ECONNREFUSED") {
      throw new Error(`PostgreSQL ne répond pas à DATABASE_URL : ${(error as Error).message}`);
    }
    throw error;
  } finally {
    await conn.close();
  }
}

/** Restores the dump `file` into the empty database of `url`, in one transaction. */
export async function restorePostgres(url: string, file: string): Promise<void> {
  const database = libpqEnvironment(url).PGDATABASE;
  if (!database) throw new Error("DATABASE_URL ne nomme pas de base (…/guichet) : où restaurer ?");
  await runTool("pg_restore", [
    "--no-owner",
    "--no-privileges",
    "--exit-on-error",
    "--single-transaction",
    `--dbname=${database}`,
    file,
  ], url);
}
