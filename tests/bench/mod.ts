/**
 * `deno task bench`: requests/s of an authenticated tRPC query (`GET /trpc/auth.session`
 * with a session cookie) through the real Guichet app, against a bare `Deno.serve` handler
 * doing the same work by hand; then the session lookup alone, Kysely against raw SQLite.
 *
 * Absolute figures swing on shared machines (DESIGN.md §8), so only ratios within one run
 * count: rounds interleaved, server pinned to CPU 0 and wrk to CPU 1 when `taskset` exists.
 * The server's CPU time per request is printed too: it moves less than requests/s when
 * other work shares the machine. Options: `--rounds=5 --seconds=3`. Exits 0 once measured,
 * below target or not: it is a report. `deno task bench dashboard` runs the dashboard
 * benchmark instead (`dashboard.ts`), `deno task bench dashboard-queries` the dashboard's
 * other query shapes in process (`dashboard_queries.ts`), `deno task bench export` the CSV,
 * XLSX and ODS exports at 100,000 × 20 against their targets (`export.ts`; `export-million`:
 * every format on the 1,000,000-dossier instance, `export_million.ts`), `deno task bench
 * save` the dossier's save (`usager.save`) in process (`save.ts`), `deno task bench documents`
 * an attestation and a 10-page récapitulatif PDF (`documents.ts`), `deno task bench scaling`
 * the autosave and whole deposits over HTTP with `WORKERS=1, 2, 4`, on SQLite and on a
 * PostgreSQL cluster started for it, checked for lost writes after each run (`scaling.ts`).
 * After `auth.session` come the autosave over HTTP against a bare handler doing the same SQL,
 * as wrk asks and as a browser does (`save_http.ts`, target 0.7; alone: `deno task bench
 * save-http`), the deposit in process
 * (`deposit.ts`, ≤ 4 ms; `deno task bench deposit`) and the dashboard's search on a beginning
 * shared by 10,000 words (`search.ts`, ≤ 5 ms; `deno task bench search`).
 * Last comes the « first visit » case
 * (`first_visit.ts`, alone with `deno task bench first-visit [--runs=5]`): a démarche's page
 * and an instructeur's dashboard in Chromium on a throttled mobile link.
 */
import { canPin, ensureWrk, wrk } from "./wrk.ts";
import { startFixture } from "./fixture.ts";
import { benchSessionQuery } from "./session_query.ts";
import { benchHandler } from "./handler.ts";
import { startServerProcess } from "./server_process.ts";
import { runRounds } from "./rounds.ts";
import { benchFirstVisit } from "./first_visit.ts";
import { printRatioRows, type RatioRow } from "./ratio_table.ts";
import { benchSaveHttp } from "./save_http.ts";
import { benchDeposit, printDeposit } from "./deposit.ts";
import { benchSearch, printSearch } from "./search.ts";

if (Deno.args[0] === "dashboard") {
  await import("./dashboard.ts");
  Deno.exit(0);
}
if (Deno.args[0] === "export") {
  await import("./export.ts");
  Deno.exit(0);
}
if (Deno.args[0] === "export-million") {
  await import("./export_million.ts");
  Deno.exit(0);
}
if (Deno.args[0] === "documents") {
  await import("./documents.ts");
  Deno.exit(0);
}
if (Deno.args[0] === "save") {
  await import("./save.ts");
  Deno.exit(0);
}
if (Deno.args[0] === "first-visit") {
  const runs = Deno.args.find((a) => a.startsWith("--runs="));
  await benchFirstVisit({ runs: runs ? Number(runs.slice("--runs=".length)) : 5 });
  Deno.exit(0);
}
if (Deno.args[0] === "deposit") {
  printDeposit(await benchDeposit());
  Deno.exit(0);
}
if (Deno.args[0] === "search") {
  printSearch(await benchSearch());
  Deno.exit(0);
}
if (Deno.args[0] === "scaling") {
  await import("./scaling.ts");
  Deno.exit(0);
}
if (Deno.args[0] === "dashboard-queries") {
  await import("./dashboard_queries.ts");
  Deno.exit(0);
}

const TARGET = 0.5;
const CONCURRENCIES = [1, 16];
const PATH = "/trpc/auth.session";

function option(name: string, fallback: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  if (!(value > 0)) throw new Error(`Option --${name} must be a positive number`);
  return value;
}

const rounds = option("rounds", 5);
const seconds = option("seconds", 3);
const saveOnly = Deno.args[0] === "save-http";

const missing = await ensureWrk();
if (missing) {
  console.error(`Cannot run the benchmark: ${missing}.`);
  Deno.exit(1);
}
const pin = await canPin();
const wrkCpu = pin ? 1 : undefined;
if (saveOnly) {
  printRatioRows(await benchSaveHttp({ rounds, seconds, concurrencies: CONCURRENCIES, pin }));
  Deno.exit(0);
}
const server = await startServerProcess(PATH, { cpu: pin ? 0 : undefined });

// Both sides must answer the same thing, or the comparison means nothing.
const answers = await Promise.all(
  [server.urls.guichet, server.urls.bare].map(async (url) => {
    const res = await fetch(url, { headers: { cookie: server.cookie } });
    return `${res.status} ${await res.text()}`;
  }),
);
if (answers[0] !== answers[1] || !answers[0].startsWith('200 {"result":{"data":{')) {
  console.error(`Guichet and the bare handler disagree:\n  ${answers.join("\n  ")}`);
  await server.stop();
  Deno.exit(1);
}

console.log(
  `GET ${PATH}, signed in; ${rounds} rounds × ${seconds} s per side, interleaved; ` +
    (pin ? "server on CPU 0, wrk on CPU 1" : "taskset missing: not pinned"),
);
for (const url of Object.values(server.urls)) {
  await wrk(url, { cookie: server.cookie, connections: 16, seconds: 1, cpu: wrkCpu });
}
const rows: RatioRow[] = [];
for (const connections of CONCURRENCIES) {
  rows.push({
    name: "auth.session",
    connections,
    target: TARGET,
    rounds: await runRounds(server, { connections, rounds, seconds, wrkCpu }),
  });
}
await server.stop();
console.log("POST /trpc/usager.save of one champ of a 30-champ brouillon, the same way");
rows.push(...await benchSaveHttp({ rounds, seconds, concurrencies: CONCURRENCIES, pin }));
printRatioRows(rows);

const num = (n: number, width: number, digits = 0) => n.toFixed(digits).padStart(width);
const fixture = await startFixture();
try {
  const micro = { rounds: 7, ms: 300 };
  console.log("\nIn process, CPU time, interleaved, median of per-round ratios:");
  console.log("  the handler alone (no network)");
  for (const m of await benchHandler(fixture, { path: PATH, ...micro })) {
    console.log(
      `    ${m.name.padEnd(32)} ${num(m.opsPerSecond, 8)} /s  ratio ${m.ratio.toFixed(2)}`,
    );
  }
  console.log("  the session lookup alone");
  for (const m of await benchSessionQuery(fixture, micro)) {
    console.log(
      `    ${m.name.padEnd(32)} ${num(m.opsPerSecond, 8)} /s  ratio ${m.ratio.toFixed(2)}`,
    );
  }
} finally {
  await fixture.stop();
}

printDeposit(await benchDeposit());
printSearch(await benchSearch());

await benchFirstVisit({ runs: 5 });
