/**
 * `deno task bench dashboard-queries`: the dashboard's service in process, on the generated
 * instance of 1,000,000 dossiers (`dashboard_data.ts`), for the shapes of page the HTTP
 * benchmark leaves out — searches of rare, common and many-term words, searches and champ
 * ranges in another order than the index's, every sort. Median of 21 calls each, beside the
 * plain « tous » page of the same run (the machine is shared: compare within one run).
 */
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { dashboard } from "../../core/instruction/dashboard.ts";
import { searchExpression } from "../../core/db/search.ts";
import type { Actor } from "../../core/policy/mod.ts";
import { median } from "./micro.ts";
import { dashboardData } from "./dashboard_data.ts";

const data = await dashboardData();
const instance = await createInstance(
  loadConfig({ DATA_DIR: data.dataDir, BASE_URL: "http://127.0.0.1:8000" }),
  { startWorker: false, serveUi: false, log: () => {} },
);
const actor: Actor = {
  userId: data.instructeurId,
  email: "instructeur@bench.test",
  roles: ["instructeur"],
  sessionId: "bench",
};

type Input = Parameters<typeof dashboard>[2];
async function measure(input: Partial<Input>): Promise<number> {
  const call = () =>
    dashboard(instance.deps, actor, {
      demarcheId: data.demarcheId,
      tab: "tous",
      limit: 50,
      ...input,
    });
  for (let i = 0; i < 3; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return median(times);
}

const cases: [string, Partial<Input>][] = [
  ["tous", {}],
  ...["sémaphore", "sémaph", "bateau", "pêche voile", "sémaphore bateau", "usager12", "usager"]
    .map((q): [string, Partial<Input>] => [`recherche « ${q} »`, { filters: { search: q } }]),
  ["recherche rare, tri dépôt", {
    filters: { search: "sémaphore" },
    sort: { by: "depot", dir: "desc" },
  }],
  ["recherche courante, tri dépôt", {
    filters: { search: "bateau" },
    sort: { by: "depot", dir: "desc" },
  }],
  ["longueur > 23.5 (2.5 %)", {
    filters: { champs: [{ stableId: "longueur", op: "gt", value: 23.5 }] },
  }],
  ["nom = « Bateau 500 » (1)", {
    filters: { champs: [{ stableId: "nom", op: "eq", value: "Bateau 500" }] },
  }],
  ["suivi par l’instructeur", { filters: { followedBy: data.instructeurId } }],
  ["suivi par l’instructeur, tri dépôt", {
    filters: { followedBy: data.instructeurId },
    sort: { by: "depot", dir: "desc" },
  }],
  ["tri état", { sort: { by: "etat", dir: "asc" } }],
  ["tri décision", { sort: { by: "decision", dir: "desc" } }],
  ["tri usager", { sort: { by: "usager", dir: "asc" } }],
  ["tri longueur", { sort: { by: "champ", stableId: "longueur", dir: "desc" } }],
];
console.log(`instruction dashboard service, in process, ${data.dataDir}; median of 21 calls\n`);
console.log("case                                ms   × tous   search expression");
let tous = 0;
for (const [name, input] of cases) {
  const ms = await measure(input);
  if (name === "tous") tous = ms;
  const search = input.filters?.search;
  const expression = search ? (await searchExpression(instance.deps.db, search)) ?? "" : "";
  console.log(
    `${name.padEnd(32)} ${ms.toFixed(2).padStart(7)} ${(ms / tous).toFixed(1).padStart(7)}   ${
      expression.length > 40 ? `${expression.slice(0, 40)}…` : expression
    }`,
  );
}
await instance.close();
