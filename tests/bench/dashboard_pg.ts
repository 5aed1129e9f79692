/**
 * The PostgreSQL side of `deno task bench dashboard --postgres`: a cluster of its own under
 * `data/bench/dashboard-pg/` (git-ignored; Debian's `postgresql`, Unix socket in that folder,
 * fsync off), holding the 1,000,000-dossier instance copied from SQLite by
 * `deno task migrate-to-postgres`'s code, then ANALYZEd. Kept between runs while the SQLite
 * data's version and the migrations are the same: the copy takes minutes.
 */
import { sql } from "kysely";
import { loadConfig } from "../../core/config.ts";
import { connectPostgres, CORE_MIGRATIONS } from "../../core/db/mod.ts";
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
  const version = `${source} ${CORE_MIGRATIONS.length}`;
  const ready = await Deno.readTextFile(`${dir}/ready.json`).then(JSON.parse).catch(() => null);
  const fresh = ready?.version !== version;
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
  if (fresh) {
    const admin = connectPostgres(clusterUrl(dir, "postgres"), 1);
    await sql`create database ${sql.id(NAME)}`.execute(admin.db);
    await admin.close();
    const started = performance.now();
    const report = await migrateToPostgres(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url }));
    const copied = report.tables.reduce((sum, t) => sum + t.rows, 0);
    const analyzeStarted = performance.now();
    const target = connectPostgres(url, 1);
    await sql`analyze`.execute(target.db);
    await target.close();
    console.log(
      `PostgreSQL: ${copied.toLocaleString("en")} rows copied from SQLite in ${
        ((analyzeStarted - started) / 1000).toFixed(1)
      } s (migrate-to-postgres), ANALYZE ${
        ((performance.now() - analyzeStarted) / 1000).toFixed(1)
      } s (${root}, kept for the next runs)`,
    );
    await Deno.writeTextFile(`${dir}/ready.json`, JSON.stringify({ version }));
  }
  return { url, stop };
}
