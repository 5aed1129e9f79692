/**
 * `deno task bench dashboard`: the instructeur's dashboard on an instance of 1,000,000
 * dossiers (a démarche of 200,000 among them), through the real tRPC endpoint
 * `GET /trpc/instruction.dashboard?input=…` with a session cookie, each case beside a bare
 * `Deno.serve` handler running the best indexed SQL for the same page by hand
 * (`dashboard_bare.ts`); rounds interleaved, server and wrk pinned to different cores.
 *
 * Targets: every case keeps ≥ 0.5 of its bare handler's requests/s, and as a guard answers
 * in ≤ 5 ms at the median. Options: `--rounds=3 --seconds=2`, `--only="suivis;tous + search"`
 * (the cases named, separated by « ; »). Exits 0 once measured.
 *
 * « plusieurs groupes »: another instructeur, in both groupes of the démarche (added at start,
 * `dashboard_server.ts --multi`), whose pages merge one walk per groupe.
 *
 * `--postgres`: the same instance on PostgreSQL (`dashboard_pg.ts`: copied from SQLite by
 * `deno task migrate-to-postgres`'s code, timed, kept between runs), against
 * `dashboard_bare_pg.ts`, the same SQL by hand over Postgres.js.
 */
import { canPin, ensureWrk, wrk } from "./wrk.ts";
import { median } from "./micro.ts";
import { startServerProcess } from "./server_process.ts";
import { type Round, runRounds } from "./rounds.ts";
import { dashboardData, INSTRUCTEUR, RARE_WORD, TOTAL } from "./dashboard_data.ts";
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { dashboardPostgres } from "./dashboard_pg.ts";

const RATIO_TARGET = 0.5;
const MEDIAN_TARGET_MS = 5;

function option(name: string, fallback: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  if (!(value > 0)) throw new Error(`Option --${name} must be a positive number`);
  return value;
}

const rounds = option("rounds", 3);
const seconds = option("seconds", 2);

const missing = await ensureWrk();
if (missing) {
  console.error(`Cannot run the benchmark: ${missing}.`);
  Deno.exit(1);
}
const data = await dashboardData();
let postgres: { url: string; stop(): Promise<void> } | undefined;
if (Deno.args.includes("--postgres")) {
  // The generated instance, brought to the current migrations, then copied as an operator would.
  await (await createInstance(loadConfig({ DATA_DIR: data.dataDir }), {
    startWorker: false,
    serveUi: false,
    log: () => {},
  })).close();
  postgres = await dashboardPostgres(data.dataDir);
}
const databaseUrl = postgres?.url;
const pin = await canPin();
const wrkCpu = pin ? 1 : undefined;
const multiToken = crypto.randomUUID().replaceAll("-", "");
const server = await startServerProcess("/", {
  cpu: pin ? 0 : undefined,
  script: "./dashboard_server.ts",
  args: [
    data.dataDir,
    INSTRUCTEUR,
    ...(databaseUrl ? [databaseUrl] : []),
    `--multi=${multiToken}`,
  ],
});
const base = {
  guichet: new URL(server.urls.guichet).origin,
  bare: new URL(server.urls.bare).origin,
};

interface Case {
  readonly name: string;
  /** `instruction.dashboard` unless said. */
  readonly procedure?: string;
  readonly input?: Record<string, unknown>;
  readonly connections: readonly number[];
  /** Signed in as the instructeur of both groupes (MULTI_INSTRUCTEUR). */
  readonly multi?: boolean;
}

const demarcheId = data.demarcheId;
const allCases: Case[] = [
  ...["a_suivre", "suivis", "traites", "tous", "archives"].map((tab) => ({
    name: tab,
    input: { demarcheId, tab },
    connections: tab === "tous" ? [1, 16] : [1],
  })),
  {
    name: "tous + champ",
    input: {
      demarcheId,
      tab: "tous",
      filters: { champs: [{ stableId: "zone", op: "eq", value: "Manche" }] },
    },
    connections: [1],
  },
  {
    name: "tous + search",
    input: { demarcheId, tab: "tous", filters: { search: RARE_WORD } },
    connections: [1],
  },
  {
    name: "tous, tri champ",
    input: { demarcheId, tab: "tous", sort: { by: "champ", stableId: "nom", dir: "asc" } },
    connections: [1],
  },
  { name: "mes démarches", procedure: "instruction.demarches", connections: [1] },
  {
    name: "tous, deep page",
    input: { demarcheId, tab: "tous", before: Math.floor(TOTAL * 0.3) },
    connections: [1],
  },
  { name: "plusieurs groupes", input: { demarcheId, tab: "tous" }, connections: [1], multi: true },
  {
    name: "plusieurs, dépôt",
    input: { demarcheId, tab: "tous", sort: { by: "depot", dir: "desc" } },
    connections: [1],
    multi: true,
  },
];
const only = Deno.args.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(";");
const cases = only ? allCases.filter((c) => only.includes(c.name)) : allCases;
if (cases.length === 0) throw new Error(`--only: no case named among ${only}`);

const cookieOf = (c: Case) => c.multi ? `guichet_session=${multiToken}` : server.cookie;
const path = (c: Case) =>
  `/trpc/${c.procedure ?? "instruction.dashboard"}` +
  (c.input ? `?input=${encodeURIComponent(JSON.stringify(c.input))}` : "");

// Both sides must answer the same page, or the comparison means nothing.
for (const c of cases) {
  const [g, b] = await Promise.all([base.guichet, base.bare].map(async (origin) => {
    const res = await fetch(origin + path(c), { headers: { cookie: cookieOf(c) } });
    return { status: res.status, body: await res.text() };
  }));
  const same = g.status === 200 && b.status === 200 &&
    JSON.stringify(JSON.parse(g.body)) === JSON.stringify(JSON.parse(b.body));
  const data = g.status === 200 ? JSON.parse(g.body).result.data : null;
  const rows = data ? (Array.isArray(data) ? data : data.dossiers).length : 0;
  if (!same || rows === 0) {
    let at = 0;
    while (at < g.body.length && g.body[at] === b.body[at]) at++;
    console.error(
      `${c.name}: first difference at ${at}:\n  ${g.body.slice(at - 150, at + 150)}\n  ${
        b.body.slice(at - 150, at + 150)
      }`,
    );
    console.error(
      `${c.name}: Guichet and the bare handler disagree (or the page is empty):\n` +
        `  ${g.status} ${g.body.slice(0, 400)}\n  ${b.status} ${b.body.slice(0, 400)}`,
    );
    await server.stop();
    await postgres?.stop();
    Deno.exit(1);
  }
}

console.log(
  `${databaseUrl ? "PostgreSQL" : "SQLite"}: ` +
    `instruction.dashboard on ${TOTAL.toLocaleString("en")} dossiers (démarche of 200,000, ` +
    `instructeur in 1 of its 2 groupes, « plusieurs » in both); ${rounds} rounds × ${seconds} s per side, ` +
    `interleaved; ${pin ? "server on CPU 0, wrk on CPU 1" : "taskset missing: not pinned"}`,
);
const at = (c: Case) => ({
  ...server,
  cookie: cookieOf(c),
  urls: { guichet: base.guichet + path(c), bare: base.bare + path(c) },
});
for (const side of ["guichet", "bare"] as const) {
  await wrk(at(cases.find((c) => c.name === "tous") ?? cases[0]).urls[side], {
    cookie: server.cookie,
    connections: 4,
    seconds: 1,
    cpu: wrkCpu,
  });
}
const results: { c: Case; connections: number; rounds: Round[] }[] = [];
for (const c of cases) {
  for (const connections of c.connections) {
    results.push({
      c,
      connections,
      rounds: await runRounds(at(c), { connections, rounds, seconds, wrkCpu }),
    });
  }
}
await server.stop();
await postgres?.stop();

const pair = (a: number, b: number, digits: number) =>
  `${a.toFixed(digits)}/${b.toFixed(digits)}`.padStart(13);
console.log(
  "\ncase              conn  guichet/s   bare/s  ratio   p50 ms g/b    p95 ms g/b   target",
);
let failures = 0;
for (const { c, connections, rounds: rs } of results) {
  const mid = (side: "guichet" | "bare", key: "rps" | "p50Ms" | "p95Ms") =>
    median(rs.map((r) => r[side][key]));
  const ratio = median(rs.map((r) => r.guichet.rps / r.bare.rps));
  const p50 = mid("guichet", "p50Ms");
  const errors = rs.reduce((sum, r) => sum + r.guichet.errors + r.bare.errors, 0);
  const pass = ratio >= RATIO_TARGET && (connections > 1 || p50 <= MEDIAN_TARGET_MS);
  if (!pass) failures++;
  console.log(
    `${c.name.padEnd(17)} ${String(connections).padStart(4)} ` +
      `${mid("guichet", "rps").toFixed(0).padStart(10)} ${
        mid("bare", "rps").toFixed(0).padStart(8)
      } ` +
      `${ratio.toFixed(2).padStart(6)} ${pair(p50, mid("bare", "p50Ms"), 3)} ` +
      `${pair(mid("guichet", "p95Ms"), mid("bare", "p95Ms"), 3)}   ` +
      `${pass ? "PASS" : "FAIL"}` + (errors ? `  ${errors} failed requests!` : ""),
  );
}
console.log(
  `\nTargets: ratio ≥ ${RATIO_TARGET} of the bare handler's requests/s; median ≤ ` +
    `${MEDIAN_TARGET_MS} ms at 1 connection. ${
      failures ? `${failures} case(s) FAIL` : "All PASS"
    }.`,
);
