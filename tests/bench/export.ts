/**
 * `deno task bench export`: an instructeur's export of « tous » on the generated instance of
 * 1,000,000 dossiers (their groupe holds about 90,000 of its démarche's 200,000), through the
 * real service and job, in each installed tabular format: rows/s and the process's peak
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
console.log(`export of « tous », ${data.dataDir}\n`);
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
