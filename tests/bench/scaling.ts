/**
 * `deno task bench scaling`: how the deposit/save path scales with the number of server
 * processes (`WORKERS=1, 2, 4`), on SQLite and on PostgreSQL, on this machine (issue 14).
 *
 * For each database: a real instance is prepared in process (`startTestInstance`: a temp
 * DATA_DIR, or a database of its own on a throwaway PostgreSQL cluster started here with
 * PostgreSQL's durable defaults: fsync, synchronous_commit and full_page_writes on), with the
 * 30-champ démarche of the save benchmarks (`save_fixture.ts`) and `--clients` usagers signed
 * in, each with a filled brouillon. Then, for each process count, `core/main.ts` is started
 * with `WORKERS=n` on that database, as in production, and a load generator in a process of
 * its own (`scaling_load.ts`) drives it over HTTP, one usager per client: first the autosave
 * (`usager.save` of one champ), then whole deposits (start → save → deposer).
 *
 * After each run the database is compared with what the clients were told: each brouillon
 * holds its last acknowledged value and its revision went up once per acknowledged save; every
 * acknowledged deposit is deposited, nothing else is; the dashboard counters equal a recount.
 * PostgreSQL's serialization failures (each one a retried transaction, `writeTransaction`) are
 * counted in the cluster's log. SQLite refuses `WORKERS` > 1 (one writer per file): those rows
 * say so. Options: `--seconds=12 --warmup=2 --clients=16 --workers=1,2,4
 * --databases=sqlite,postgres`. Exits 0 once measured, 1 if a check failed.
 */
import { loadConfig } from "../../core/config.ts";
import { READY_LINE } from "../../core/workers.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../helpers/instance.ts";
import { PG_HOST_ENV, startCluster, TEST_DB_ENV, type TestCluster } from "../helpers/postgres.ts";
import { filledBrouillon, OTHER_VALUES, SAVE_FORM, SAVED } from "./save_fixture.ts";
import type { LoadPlan, LoadResult } from "./scaling_load.ts";
import { checkDeposits, checkSaves, httpFailures, revisions } from "./scaling_checks.ts";

type Database = "sqlite" | "postgres";
type Mode = "save" | "deposit";

function option(name: string, fallback: string): string {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
}
const seconds = Number(option("seconds", "12"));
const warmup = Number(option("warmup", "2"));
const clientCount = Number(option("clients", "16"));
const workerCounts = option("workers", "1,2,4").split(",").map(Number);
const databases = option("databases", "sqlite,postgres").split(",") as Database[];
if (
  !(seconds > 0) || !(warmup >= 0) || !(clientCount > 0) ||
  workerCounts.some((n) => !(n >= 1 && n <= 64)) ||
  databases.some((d) => d !== "sqlite" && d !== "postgres")
) {
  console.error(
    "Options: --seconds=12 --warmup=2 --clients=16 --workers=1,2,4 --databases=sqlite,postgres",
  );
  Deno.exit(1);
}

const PATH = "banc";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  database: Database;
  workers: number;
  mode: Mode;
  /** Why there is no measure (SQLite with several processes). */
  refused?: string;
  result?: LoadResult;
  /** PostgreSQL serialization failures (retried transactions) during the run. */
  retries?: number;
  /** The statements that failed most often, with their count. */
  retriedStatements?: string[];
  /** Lines the server processes wrote on standard error during the run. */
  serverErrors: number;
  /** The first of those lines. */
  serverErrorSample?: string[];
  /** The checks that failed; empty: all passed. */
  failures: string[];
}

interface Prepared {
  t: TestInstance;
  usagers: { agent: Agent; brouillon: number }[];
  cluster?: TestCluster;
}

/** The instance, the démarche and the usagers, each with a filled brouillon. */
async function prepare(database: Database): Promise<Prepared> {
  let cluster: TestCluster | undefined;
  if (database === "postgres") {
    cluster = await startCluster({ durable: true });
    Deno.env.set(PG_HOST_ENV, cluster.host);
    Deno.env.set(TEST_DB_ENV, "postgres");
  } else {
    Deno.env.delete(TEST_DB_ENV);
  }
  const t = await startTestInstance();
  const admin = await superAdminAgent(t);
  await publishedDemarche(admin, { titre: "Banc d’essai", path: PATH, form: SAVE_FORM });
  const usagers = [];
  for (let i = 0; i < clientCount; i++) {
    const agent = await signedUpAgent(t, `usager${i}@exemple.fr`);
    usagers.push({ agent, brouillon: await filledBrouillon(agent, PATH) });
  }
  await t.flush();
  return { t, usagers, cluster };
}

/** `core/main.ts` with `WORKERS=n` on the prepared database; resolves once every process listens. */
async function startServer(p: Prepared, workers: number) {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  const base = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--unstable-no-legacy-abort",
      new URL("../../core/main.ts", import.meta.url).pathname,
    ],
    env: {
      DATA_DIR: p.t.dataDir,
      ...(p.t.database.kind === "postgres" ? { DATABASE_URL: p.t.database.url } : {}),
      WORKERS: String(workers),
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      BASE_URL: base,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  const errors: string[] = [];
  const ready = Promise.withResolvers<void>();
  (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      out += chunk;
      if (out.split(READY_LINE).length > workers) ready.resolve();
    }
  })();
  (async () => {
    let rest = "";
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      errors.push(...lines.filter((l) => l.trim()));
    }
  })();
  child.status.then(() => ready.reject(new Error(`The server stopped:\n${out}${errors}`)));
  await Promise.race([
    ready.promise,
    sleep(90_000).then(() => {
      throw new Error(`The server did not start in 90 s:\n${out}${errors.join("\n")}`);
    }),
  ]);
  return {
    base,
    errors,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Runs the load generator in its own process. */
async function load(plan: LoadPlan): Promise<LoadResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      new URL("./scaling_load.ts", import.meta.url).pathname,
      JSON.stringify(plan),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error("The load generator failed");
  return JSON.parse(new TextDecoder().decode(out.stdout)) as LoadResult;
}

/** PostgreSQL's serialization failures and deadlocks logged so far (each one a retry). */
async function retriesLogged(cluster: TestCluster | undefined): Promise<number | undefined> {
  if (!cluster) return undefined;
  return (await failedStatements(cluster)).length;
}

/** The statement of each serialization failure or deadlock in the cluster's log, in order. */
async function failedStatements(cluster: TestCluster): Promise<string[]> {
  const lines = (await Deno.readTextFile(`${cluster.host}/server.log`)).split("\n");
  const found: string[] = [];
  lines.forEach((line, i) => {
    if (!/could not serialize access|deadlock detected/.test(line)) return;
    const statement = lines.slice(i + 1, i + 5).find((l) => l.includes("STATEMENT:"));
    found.push(statement?.replace(/^.*STATEMENT:\s*/, "").slice(0, 110) ?? "?");
  });
  return found;
}

/** Every process count on one database. */
async function benchDatabase(database: Database): Promise<Row[]> {
  const rows: Row[] = [];
  const p = await prepare(database);
  try {
    for (const workers of workerCounts) {
      if (database === "sqlite" && workers > 1) {
        let refused = "refused";
        try {
          loadConfig({ DATA_DIR: p.t.dataDir, WORKERS: String(workers) });
        } catch (error) {
          refused = (error as Error).message.split("\n")[1].replace(/^- WORKERS : /, "");
        }
        for (const mode of ["save", "deposit"] as const) {
          rows.push({ database, workers, mode, refused, serverErrors: 0, failures: [] });
        }
        continue;
      }
      const server = await startServer(p, workers);
      try {
        const plan = {
          base: server.base,
          warmup,
          seconds,
          clients: p.usagers.map((u) => ({ cookie: u.agent.cookie, brouillon: u.brouillon })),
          path: PATH,
          values: { ...OTHER_VALUES, ...Object.fromEntries(SAVED.map((c) => [c, `dépôt ${c}`])) },
        };
        for (const mode of ["save", "deposit"] as const) {
          const retriesBefore = await retriesLogged(p.cluster);
          const errorsBefore = server.errors.length;
          const revisionsBefore = await revisions(p.t, plan.clients.map((c) => c.brouillon));
          const last = await p.t.deps.db.selectFrom("dossiers")
            .select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
          const result = await load({ ...plan, mode });
          const failures = httpFailures(result);
          failures.push(
            ...mode === "save"
              ? await checkSaves(p.t, result, revisionsBefore)
              : await checkDeposits(p.t, result, Number(last?.id ?? 0)),
          );
          const after = await retriesLogged(p.cluster);
          const statements = p.cluster
            ? (await failedStatements(p.cluster)).slice(retriesBefore)
            : [];
          const byStatement = new Map<string, number>();
          for (const s of statements) byStatement.set(s, (byStatement.get(s) ?? 0) + 1);
          const row: Row = {
            database,
            workers,
            mode,
            result,
            retries: after === undefined ? undefined : after - retriesBefore!,
            retriedStatements: [...byStatement].sort((a, b) => b[1] - a[1]).slice(0, 3)
              .map(([s, n]) => `${n}× ${s}`),
            serverErrors: server.errors.length - errorsBefore,
            serverErrorSample: server.errors.slice(errorsBefore, errorsBefore + 12),
            failures,
          };
          rows.push(row);
          printRow(row);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await p.t.stop();
    await p.cluster?.stop();
  }
  return rows;
}

function printRow(row: Row) {
  const r = row.result!;
  console.log(
    `  ${row.database} WORKERS=${row.workers} ${row.mode}: ${r.perSecond.toFixed(1)}/s, p50 ${
      r.p50Ms.toFixed(1)
    } ms, p99 ${r.p99Ms.toFixed(1)} ms${
      row.failures.length ? `, FAILED: ${row.failures.slice(0, 3).join("; ")}` : ", checks ok"
    }`,
  );
}

function printTable(rows: Row[]) {
  const num = (n: number, digits = 1) => Number.isFinite(n) ? n.toFixed(digits) : "—";
  console.log(
    "\n| database | WORKERS | case | per second | p50 ms | p99 ms | × 1 process | done | PG retries | server errors | checks |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const label = row.mode === "save" ? "save (1 champ)" : "deposit (start+save+deposer)";
    if (row.refused) {
      console.log(
        `| ${row.database} | ${row.workers} | ${label} | — | — | — | — | — | — | — | refused: ${row.refused} |`,
      );
      continue;
    }
    const r = row.result!;
    const one = rows.find((o) =>
      o.database === row.database && o.mode === row.mode && o.workers === 1 && o.result
    );
    const ratio = one ? r.perSecond / one.result!.perSecond : NaN;
    console.log(
      `| ${row.database} | ${row.workers} | ${label} | ${num(r.perSecond)} | ${num(r.p50Ms)} | ${
        num(r.p99Ms)
      } | ${num(ratio, 2)} | ${r.completed} | ${row.retries ?? "—"} | ${row.serverErrors} | ${
        row.failures.length ? `FAILED: ${row.failures.slice(0, 3).join("; ")}` : "ok"
      } |`,
    );
  }
}

const cores = navigator.hardwareConcurrency;
console.log(
  `Deposit/save path with WORKERS=${workerCounts.join(", ")}: ${clientCount} clients (one usager ` +
    `each, own session), ${warmup} s warm-up + ${seconds} s measured per case, load generator ` +
    `in its own process, nothing pinned. This machine: ${cores} core${cores > 1 ? "s" : ""}, ` +
    `shared with other work (noisy): ${
      workerCounts.some((n) => n > cores) ? `more processes than ${cores} cores cannot scale; ` : ""
    }` +
    "what counts there is that throughput does not collapse and nothing is lost. PostgreSQL: " +
    "a local cluster on a Unix socket, fsync, synchronous_commit and full_page_writes on " +
    "(PostgreSQL's defaults), DATABASE_POOL_SIZE 10 per process (the default). SQLite: " +
    "DATA_DIR/guichet.sqlite, WAL with synchronous=NORMAL as shipped (no fsync at each " +
    "commit, only at checkpoints: a lighter durability than PostgreSQL's here).",
);
const rows: Row[] = [];
for (const database of databases) {
  console.log(`\n${database}: preparing ${clientCount} usagers…`);
  rows.push(...await benchDatabase(database));
}
printTable(rows);
for (const row of rows.filter((r) => r.retries)) {
  console.log(
    `\n${row.database} WORKERS=${row.workers} ${row.mode}: ${row.retries} serialization ` +
      `failures, most often at:\n  ${row.retriedStatements!.join("\n  ")}`,
  );
}
for (const row of rows.filter((r) => r.serverErrors)) {
  console.log(
    `\n${row.database} WORKERS=${row.workers} ${row.mode}: ${row.serverErrors} lines on the ` +
      `servers' standard error, first ones:\n  ${row.serverErrorSample!.join("\n  ")}`,
  );
}
const failed = rows.filter((r) => r.failures.length);
if (failed.length) {
  console.log(`\n${failed.length} run(s) failed their checks.`);
  Deno.exit(1);
}
console.log("\nEvery run: no error answer, no lost save, deposits = acknowledged, counters ok.");
