/**
 * `deno task bench export-million`: an instructeur's export of « tous » on the generated
 * instance of 1,000,000 dossiers (their groupe holds about 90,000 of its démarche's 200,000),
 * through the real service and job, in each installed tabular format: rows/s and the peak
 * memory while it runs. The files land in the bench's data folder and are removed after.
 */
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { requestExport } from "../../core/instruction/exports.ts";
import type { Actor } from "../../core/policy/mod.ts";
import { dashboardData, INSTRUCTEUR } from "./dashboard_data.ts";

const data = await dashboardData();
const instance = await createInstance(
  loadConfig({ DATA_DIR: data.dataDir, BASE_URL: "http://127.0.0.1:8000" }),
  { startWorker: false, serveUi: false, log: () => {} },
);
const actor: Actor = {
  userId: data.instructeurId,
  email: INSTRUCTEUR,
  roles: ["instructeur"],
  sessionId: "bench",
};
const db = instance.deps.db;
/** The first day from which the instructeur's groupes hold at most `count` dossiers. */
async function latestDays(count: number): Promise<string> {
  const groupes = (await db.selectFrom("groupe_membres").select("groupe_id")
    .where("user_id", "=", data.instructeurId).execute()).map((g) => g.groupe_id);
  const days = await db.selectFrom("dossiers")
    .select((eb) => [eb.fn<string>("substr", ["deposited_at", eb.val(1), eb.val(10)]).as("day")])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("demarche_id", "=", data.demarcheId).where("groupe_id", "in", groupes)
    .where("deposited_at", "is not", null)
    .groupBy("day").orderBy("day", "desc").execute();
  let total = 0;
  let from = days[0]?.day ?? "2000-01-01";
  for (const d of days) {
    if ((total += d.n) > count) break;
    from = d.day;
  }
  return from;
}

console.log(`export of « tous », ${data.dataDir} (zip: the latest ~3,000 dossiers)\n`);
console.log("format     rows       s    rows/s   file MiB   peak RSS MiB (before)");
for (const format of instance.deps.host.exportFormats.list()) {
  await db.deleteFrom("exports").where("user_id", "=", data.instructeurId).execute();
  const before = Deno.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 20);
  const started = performance.now();
  const { id } = await requestExport(instance.deps, actor, {
    demarcheId: data.demarcheId,
    tab: "tous",
    format: format.id,
    // A format that packs files (ZIP) takes at most 5,000 dossiers: the latest ~3,000.
    filters: format.withFiles ? { depositedFrom: await latestDays(3000) } : undefined,
  });
  await instance.worker.drain();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const done = await db.selectFrom("exports").leftJoin("files", "files.id", "exports.file_id")
    .select(["exports.status", "exports.rows", "exports.error", "files.size", "files.storage_key"])
    .where("exports.id", "=", id).executeTakeFirstOrThrow();
  if (done.status !== "done") {
    console.log(`${format.id.padEnd(6)} failed: ${done.error}`);
    continue;
  }
  const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(
    `${format.id.padEnd(6)} ${String(done.rows).padStart(8)} ${seconds.toFixed(1).padStart(7)} ${
      Math.round(done.rows! / seconds).toString().padStart(9)
    } ${mib(done.size!).padStart(10)}   ${mib(peak).padStart(8)} (${mib(before)})`,
  );
  await instance.deps.blobs.remove(done.storage_key!);
}
await db.deleteFrom("exports").where("user_id", "=", data.instructeurId).execute();
await db.deleteFrom("files").where("attached_kind", "=", "export").execute();
await instance.close();
