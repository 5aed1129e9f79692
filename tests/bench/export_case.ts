/**
 * One measured export, alone in its process (so that its memory is its own): `guichet:<format>`
 * asks the real service for an export of « tous » and lets the job write it; `raw:csv` writes
 * the same CSV by hand — one SQL statement, a loop, a file — as the baseline. Prints one JSON
 * line: seconds (wall and CPU, every thread), idle and peak RSS, the file's size, SHA-256 and
 * path. Run by `export.ts`.
 */
import { createHash } from "node:crypto";
import { DatabaseSync } from "node:sqlite";
import { loadConfig } from "../../core/config.ts";
import { createInstance } from "../../core/main.ts";
import { requestExport } from "../../core/instruction/exports.ts";
import { parisInstant } from "../../core/plugin_sdk/paris_time.ts";
import { formatPhone } from "../../plugins/champs_standard/_phone.ts";
import { exportData, INSTRUCTEUR } from "./export_data.ts";
import { processCpuMs } from "./cpu_time.ts";

const [side, format] = (Deno.args[0] ?? "").split(":");
const data = await exportData();
const instance = await createInstance(
  loadConfig({ DATA_DIR: data.dataDir, BASE_URL: "http://127.0.0.1:8000" }),
  { startWorker: false, serveUi: false, log: () => {} },
);
const db = instance.deps.db;
await db.deleteFrom("exports").where("user_id", "=", data.instructeurId).execute();
// deno-lint-ignore no-explicit-any
(globalThis as any).gc?.();
await new Promise((r) => setTimeout(r, 100));
const idle = Deno.memoryUsage().rss;
let peak = idle;
const sampler = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 10);
const cpuBefore = await processCpuMs(Deno.pid);
const started = performance.now();
let result: { size: number; sha256: string; path: string; rows: number };
/**
 * Run once the measure is taken: deleting the export's files row checks every table that
 * references files, and those with no index on their column (dossiers, 43 MiB here) are read
 * whole into the connection's page cache — 40 MiB more RSS whenever a sample fell in it.
 */
let cleanup = async () => {};
if (side === "raw") result = await rawCsv(`${data.dataDir}/raw.csv`);
else {
  const { id } = await requestExport(instance.deps, {
    userId: data.instructeurId,
    email: INSTRUCTEUR,
    roles: ["instructeur"],
    sessionId: "bench",
  }, { demarcheId: data.demarcheId, tab: "tous", format });
  await instance.worker.drain();
  const done = await db.selectFrom("exports").leftJoin("files", "files.id", "exports.file_id")
    .select(["exports.status", "exports.rows", "exports.error", "files.size", "files.sha256"])
    .select("files.storage_key").where("exports.id", "=", id).executeTakeFirstOrThrow();
  if (done.status !== "done") throw new Error(`Export failed: ${done.error}`);
  const key = done.storage_key!;
  result = {
    size: done.size!,
    sha256: done.sha256!,
    path: `${data.dataDir}/files/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`,
    rows: done.rows!,
  };
  cleanup = async () => {
    await db.deleteFrom("exports").where("id", "=", id).execute();
    await db.deleteFrom("files").where("attached_kind", "=", "export").execute();
  };
}
const seconds = (performance.now() - started) / 1000;
const cpuSeconds = (await processCpuMs(Deno.pid) - cpuBefore) / 1000;
clearInterval(sampler);
await cleanup();
await instance.close();
console.log(JSON.stringify({ seconds, cpuSeconds, idle, peak, ...result }));

/**
 * The baseline: the CSV the export writes, by hand — one statement over the dossiers of the
 * instructeur's groupes (labels aggregated in it), each value written inline, 200 rows per
 * write, hashed on the way as the blob store does.
 */
async function rawCsv(path: string) {
  const raw = new DatabaseSync(`${data.dataDir}/guichet.sqlite`);
  const states = ["en_construction", "en_instruction", "accepte", "refuse", "sans_suite"];
  const stmt = raw.prepare(
    `select d.id, d.state, u.email, d.deposited_at, d.updated_at, d.decided_at, d.motivation,
      (select group_concat(l.name, ', ' order by l.name) from dossier_labels dl
        join demarche_labels l on l.id = dl.label_id where dl.dossier_id = d.id) as labels,
      d.champ_values
    from dossiers d join users u on u.id = d.owner_id
    where d.demarche_id = ? and d.groupe_id in (select groupe_id from groupe_membres
      where user_id = ?) and d.state in (${states.map(() => "?").join(",")}) and d.archived = 0
    order by d.id`,
  );
  const STATE: Record<string, string> = {
    en_construction: "En construction",
    en_instruction: "En instruction",
    accepte: "Accepté",
    refuse: "Refusé",
    sans_suite: "Classé sans suite",
  };
  const hours = new Map<string, string>();
  const zone = new Intl.DateTimeFormat("en-US", {
    timeZone: "Europe/Paris",
    timeZoneName: "longOffset",
  });
  /** `2026-12-06T03:13:00.000Z` → `2026-12-06T04:13:00+01:00`, Paris offset per UTC hour. */
  const paris = (iso: string | null) => {
    if (iso === null) return "";
    const hour = iso.slice(0, 13);
    let local = hours.get(hour);
    if (local === undefined) {
      const ms = Date.parse(`${hour}:00:00Z`);
      const offset = Number(
        zone.formatToParts(ms).find((p) => p.type === "timeZoneName")!.value.slice(4, 6),
      );
      local = new Date(ms + offset * 3_600_000).toISOString().slice(0, 13) + "|" +
        `+0${offset}:00`;
      hours.set(hour, local);
    }
    return local.slice(0, 13) + iso.slice(13, 19) + local.slice(14);
  };
  const text = (s: string | null | undefined) => {
    if (s === null || s === undefined || s === "") return "";
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[";\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const num = (n: unknown) => typeof n === "number" ? String(n).replace(".", ",") : "";
  const yes = (b: unknown) => typeof b === "boolean" ? (b ? "Oui" : "Non") : "";
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const hash = createHash("sha256");
  const encoder = new TextEncoder();
  let size = 0;
  const write = async (s: string) => {
    const bytes = encoder.encode(s);
    hash.update(bytes);
    size += bytes.length;
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
  };
  await write(
    "\uFEFFNuméro;État;Usager;Déposé le;Modifié le;Décidé le;Motivation;Étiquettes;" +
      "Nom du bateau;Immatriculation;Zone;Longueur (m);Passagers;Description;Date d’achat;" +
      "Visite;Assuré;Certifié exact;Courriel du skipper;Téléphone\r\n",
  );
  let pending = "";
  let rows = 0;
  for (
    const r of stmt.iterate(data.demarcheId, data.instructeurId, ...states) as Iterable<
      Record<string, string | number | null>
    >
  ) {
    const v = JSON.parse(r.champ_values as string);
    pending += `${r.id};${STATE[r.state as string]};${text(r.email as string)};` +
      `${paris(r.deposited_at as string)};${paris(r.updated_at as string)};` +
      `${paris(r.decided_at as string | null)};${text(r.motivation as string | null)};` +
      `${text(r.labels as string | null)};${text(v.nom)};${text(v.immat)};${text(v.zone)};` +
      `${num(v.longueur)};${num(v.passagers)};${text(v.description)};` +
      `${typeof v.achat === "string" ? v.achat : ""};` +
      `${typeof v.visite === "string" ? paris(parisInstant(v.visite)) : ""};` +
      `${yes(v.assure)};${yes(v.certifie)};${text(v.email)};` +
      `${typeof v.telephone === "string" ? text(formatPhone(v.telephone)) : ""}\r\n`;
    if (++rows % 200 === 0) {
      await write(pending);
      pending = "";
    }
  }
  if (pending) await write(pending);
  file.close();
  raw.close();
  return { size, sha256: hash.digest("hex"), path, rows };
}
