/**
 * The PostgreSQL side of `deno task bench dashboard --postgres`: a cluster of its own under
 * `data/bench/dashboard-pg/` (git-ignored; Debian's `postgresql`, Unix socket in that folder,
 * fsync off), holding the 1,000,000-dossier instance copied from SQLite by
 * `deno task migrate-to-postgres`'s code, then VACUUMed and ANALYZEd. Kept between runs while
 * the SQLite data's version is the same (the copy takes minutes): a copy made before new
 * migrations is brought to them as an operator's database would be, then ANALYZEd again; one
 * holding a migration the code no longer has (renumbered, dropped) is copied anew.
 */
import { sql } from "kysely";
import { loadConfig } from "../../core/config.ts";
import { connectPostgres, migrateToLatest, migrationStatus } from "../../core/db/mod.ts";
import { migrateToPostgres } from "../../core/operations/to_postgres.ts";
import { clusterUrl, postgresBin } from "../helpers/postgres.ts";

const USER = "postgres";
const NAME = "guichet_bench";

async function run(cmd: string, args: string[], asPostgres: boolean): Promise<void> {
  const [exe, argv] = asPostgres ? ["runuser", ["-u", USER, "--", cmd, ...args]] : [cmd, args];
  const out = await new Deno.Command(exe, { args: argv, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${text}`);
  }
}

/** The cluster serving the bench instance: its database URL, and how to stop it. */
export async function dashboardPostgres(
  dataDir: string,
  root = "data/bench/dashboard-pg",
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await Deno.realPath(".").then((cwd) => `${cwd}/${root}`);
  const data = `${dir}/data`;
  const bin = await postgresBin();
  const asPostgres = Deno.uid() === 0;
  const source = JSON.parse(await Deno.readTextFile(`${dataDir}/ready.json`)).version;
  const version = String(source);
  const ready = await Deno.readTextFile(`${dir}/ready.json`).then(JSON.parse).catch(() => null);
  // Earlier copies wrote « <source> <number of migrations> »: the source is what counts.
  const fresh = String(ready?.version ?? "").split(" ")[0] !== version;
  if (fresh) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await Deno.mkdir(dir, { recursive: true });
    if (asPostgres) {
      const id = async (flag: string) =>
        Number(new TextDecoder().decode(
          (await new Deno.Command("id", { args: [flag, USER], stdout: "piped" }).output()).stdout,
        ));
      await Deno.chown(dir, await id("-u"), await id("-g"));
    }
    await run(`${bin}/initdb`, [
      "-D",
      data,
      "-U",
      USER,
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
    ], asPostgres);
  }
  const options = [
    `-k ${dir}`,
    "-c listen_addresses=''",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c shared_buffers=512MB",
  ].join(" ");
  await run(
    `${bin}/pg_ctl`,
    ["-D", data, "-o", options, "-l", `${dir}/server.log`, "-w", "start"],
    asPostgres,
  );
  const stop = () => run(`${bin}/pg_ctl`, ["-D", data, "-m", "fast", "-w", "stop"], asPostgres);
  const url = clusterUrl(dir, NAME);
  if (!fresh && !await upToDate(url)) {
    // A migration of the copy is no longer in the code: copied again from SQLite.
    await stop();
    await Deno.remove(`${dir}/ready.json`);
    return await dashboardPostgres(dataDir, root);
  }
  if (fresh) {
    const admin = connectPostgres(clusterUrl(dir, "postgres"), 1);
    await sql`create database ${sql.id(NAME)}`.execute(admin.db);
    await admin.close();
    const started = performance.now();
    const report = await migrateToPostgres(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url }));
    const copied = report.tables.reduce((sum, t) => sum + t.rows, 0);
    const analyzeStarted = performance.now();
    const target = connectPostgres(url, 1);
    // VACUUM too: autovacuum would otherwise visit the fresh copy's tables during the first
    // run (it did, a minute into it: the bare handler's « à suivre » took 13 ms at the median,
    // « traités » 15), and index-only scans read the heap until the visibility map is set.
    await sql`vacuum (analyze)`.execute(target.db);
    await target.close();
    console.log(
      `PostgreSQL: ${copied.toLocaleString("en")} rows copied from SQLite in ${
        ((analyzeStarted - started) / 1000).toFixed(1)
      } s (migrate-to-postgres), VACUUM ANALYZE ${
        ((performance.now() - analyzeStarted) / 1000).toFixed(1)
      } s (${root}, kept for the next runs)`,
    );
    await Deno.writeTextFile(`${dir}/ready.json`, JSON.stringify({ version }));
  }
  return { url, stop };
}

/**
 * Brings the copy to the code's migrations (ANALYZEd after): false when it holds a migration
 * the code does not have, or when the new ones cannot follow its own (numbered before them).
 */
async function upToDate(url: string): Promise<boolean> {
  const target = connectPostgres(url, 1);
  try {
    const { applied, pending } = await migrationStatus(target.db);
    const known = new Set([...applied, ...pending]);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`
      .execute(target.db);
    if (rows.some((r) => !known.has(r.name) && !r.name.startsWith("p_"))) return false;
    if (pending.length === 0) return true;
    const started = performance.now();
    // One numbered before a migration the copy already has cannot be applied after it.
    const migrated = await migrateToLatest(target.db).then(() => true, () => false);
    if (!migrated) return false;
    await sql`analyze`.execute(target.db);
    console.log(
      `PostgreSQL: the kept copy brought to ${pending.join(", ")} and ANALYZEd in ${
        ((performance.now() - started) / 1000).toFixed(1)
      } s`,
    );
    return true;
  } finally {
    await target.close();
  }
}
