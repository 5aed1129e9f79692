/**
 * A throwaway PostgreSQL cluster for tests (Debian's `postgresql` package, 15 or later):
 * `initdb` into a temp folder, the server listening on a Unix socket in that folder only (no
 * TCP port to collide with), trust authentication, stopped and removed when the test run
 * ends. As root (CI), the cluster runs as the `postgres` user the package creates: `initdb`
 * refuses root.
 *
 * `deno task test --postgres` starts it once in the runner and hands its socket folder to
 * every test (and child process) through `GUICHET_TEST_PG_HOST`; a test file run on its own
 * with `GUICHET_TEST_DB=postgres` starts one for itself.
 *
 * Each test instance gets a database of its own, copied from a template migrated once per
 * run (`CREATE DATABASE … TEMPLATE`: ~20 ms instead of ~1 s of migrations).
 */
import { Kysely } from "kysely";
import { connectPostgres } from "../../core/db/mod.ts";
import { migrateToLatest } from "../../core/db/migrator.ts";

/** The environment variable naming the socket folder of a running test cluster. */
export const PG_HOST_ENV = "GUICHET_TEST_PG_HOST";
/** `GUICHET_TEST_DB=postgres`: test instances run on PostgreSQL. */
export const TEST_DB_ENV = "GUICHET_TEST_DB";

const USER = "postgres";

/** Whether this test run puts its instances on PostgreSQL. */
export function testOnPostgres(): boolean {
  return Deno.env.get(TEST_DB_ENV) === "postgres";
}

/** The folder of `initdb`, `pg_ctl` and `postgres` (Debian keeps them out of PATH). */
export async function postgresBin(): Promise<string> {
  const versions: number[] = [];
  try {
    for await (const e of Deno.readDir("/usr/lib/postgresql")) {
      if (/^\d+$/.test(e.name)) versions.push(Number(e.name));
    }
  } catch { /* none installed */ }
  const newest = versions.filter((v) => v >= 15).sort((a, b) => b - a)[0];
  if (newest === undefined) {
    throw new Error(
      "PostgreSQL 15 or later is missing: apt-get install -y --no-install-recommends postgresql (as .ci/run does)",
    );
  }
  return `/usr/lib/postgresql/${newest}/bin`;
}

async function run(cmd: string, args: string[], asPostgres: boolean): Promise<void> {
  const [exe, argv] = asPostgres ? ["runuser", ["-u", USER, "--", cmd, ...args]] : [cmd, args];
  const out = await new Deno.Command(exe, { args: argv, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${text}`);
  }
}

/** A running cluster: its socket folder, and how to stop it. */
export interface TestCluster {
  /** The folder holding the server's Unix socket (`host` of a connection URL). */
  readonly host: string;
  stop(): Promise<void>;
  /** The same, for an `unload` listener. */
  stopSync(): void;
}

/**
 * Creates and starts a cluster in a new temp folder. Tests run it without fsync (throwaway
 * data); `{ durable: true }` keeps PostgreSQL's defaults (fsync, synchronous_commit and
 * full_page_writes on), as a real server runs, for benchmarks.
 */
export async function startCluster(opts: { durable?: boolean } = {}): Promise<TestCluster> {
  const bin = await postgresBin();
  const asPostgres = Deno.uid() === 0;
  const dir = await Deno.makeTempDir({ prefix: "guichet-pg-" });
  const data = `${dir}/data`;
  if (asPostgres) {
    const pw = await new Deno.Command("id", { args: ["-u", USER], stdout: "piped" }).output();
    const gr = await new Deno.Command("id", { args: ["-g", USER], stdout: "piped" }).output();
    if (!pw.success) throw new Error(`Running as root, the cluster needs the "${USER}" user`);
    const uid = Number(new TextDecoder().decode(pw.stdout));
    const gid = Number(new TextDecoder().decode(gr.stdout));
    await Deno.chown(dir, uid, gid);
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
  // Throwaway data: no fsync; enough connections for a suite's pools.
  const options = [
    `-k ${dir}`,
    "-c listen_addresses=''",
    ...(opts.durable
      ? []
      : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
    "-c max_connections=300",
    "-c shared_buffers=128MB",
  ].join(" ");
  await run(
    `${bin}/pg_ctl`,
    ["-D", data, "-o", options, "-l", `${dir}/server.log`, "-w", "start"],
    asPostgres,
  );
  const stopArgs = ["-D", data, "-m", "immediate", "-w", "stop"];
  const [exe, argv] = asPostgres
    ? ["runuser", ["-u", USER, "--", `${bin}/pg_ctl`, ...stopArgs]]
    : [`${bin}/pg_ctl`, stopArgs];
  return {
    host: dir,
    async stop() {
      await new Deno.Command(exe, { args: argv, stdout: "null", stderr: "null" }).output();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
    stopSync() {
      new Deno.Command(exe, { args: argv, stdout: "null", stderr: "null" }).outputSync();
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch { /* already gone */ }
    },
  };
}

/** The URL of database `name` on the cluster whose socket is in `host`. */
export function clusterUrl(host: string, name: string): string {
  return `postgres://${USER}@localhost/${name}?host=${encodeURIComponent(host)}`;
}

let ownCluster: Promise<TestCluster> | undefined;

/** The socket folder of this run's cluster: the runner's, or one started for this process. */
async function clusterHost(): Promise<string> {
  const given = Deno.env.get(PG_HOST_ENV);
  if (given) return given;
  if (!ownCluster) {
    ownCluster = startCluster();
    const cluster = await ownCluster;
    Deno.env.set(PG_HOST_ENV, cluster.host);
    // Synchronous: nothing is awaited in `unload`.
    globalThis.addEventListener("unload", () => cluster.stopSync());
  }
  return (await ownCluster).host;
}

const TEMPLATE = `guichet_tpl_${Deno.pid}`;
let template: Promise<void> | undefined;

async function admin<T>(host: string, fn: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const conn = connectPostgres(clusterUrl(host, "postgres"), 1);
  try {
    return await fn(conn.db as unknown as Kysely<unknown>);
  } finally {
    await conn.close();
  }
}

async function execute(db: Kysely<unknown>, text: string): Promise<void> {
  const { CompiledQuery } = await import("kysely");
  await db.executeQuery(CompiledQuery.raw(text));
}

/**
 * A new, migrated database for one test instance; returns its URL and a function dropping it.
 * The core migrations are applied once per process to a template; plugins' own migrations
 * run on each copy when the instance starts, as in production.
 */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const host = await clusterHost();
  if (!template) {
    template = (async () => {
      await admin(host, (db) => execute(db, `create database ${TEMPLATE}`));
      const conn = connectPostgres(clusterUrl(host, TEMPLATE), 1);
      try {
        await migrateToLatest(conn.db);
      } finally {
        await conn.close();
      }
    })();
  }
  await template;
  const name = `guichet_${Deno.pid}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await admin(host, (db) => execute(db, `create database ${name} template ${TEMPLATE}`));
  return {
    url: clusterUrl(host, name),
    drop: () => admin(host, (db) => execute(db, `drop database if exists ${name} with (force)`)),
  };
}
