/**
 * The antivirus pass: each upload made while a scanner is active (a plugin's `fileScanner`,
 * e.g. `antivirus_clamav` with `CLAMD_SOCKET` set) is stored `en_attente` with a job queued in
 * the same transaction; the job reads the bytes through the scanner and records `sain`, or
 * `infecte` / `non_verifiable` and removes the bytes. A scanner that does not answer makes
 * the job fail and come back later (the file waits); the super-admin sees it on « Tâches ».
 */
import type { Deps, FileScanning } from "../deps.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { ScanRefusal } from "../plugin_sdk/define.ts";
import type { PluginHost } from "../plugin_host/host.ts";
import type { JobHandler } from "../jobs/worker.ts";
import * as store from "./store.ts";

/** Job kind of a file's scan. */
export const SCAN_JOB = "fichier.analyse_antivirus";

/**
 * Tries of a scan before its job is failed: with the queue's backoff (capped at one hour),
 * about ten days of an unreachable scanner, files waiting all along.
 */
export const SCAN_MAX_ATTEMPTS = 250;

/**
 * The scanners that run on this instance: those registered whose `active` accepts the
 * configuration; null when none does (files are then `sain` at once).
 */
export function fileScanning(
  host: PluginHost,
  config: Readonly<Record<string, string | undefined>>,
): FileScanning | null {
  const scanners = host.fileScanners.list().filter((s) => s.active?.(config) ?? true);
  return scanners.length ? { scanners, config } : null;
}

/** The job handler that scans one file (idempotent: a file no longer waiting is left alone). */
export function scanHandler(deps: Deps): JobHandler {
  return async (payload) => {
    const { fileId } = payload as { fileId: string };
    const file = await store.findFile(deps.db, fileId);
    if (!file || file.scan_state !== "en_attente") return;
    const scanning = deps.fileScanning;
    let verdict: { state: "sain" | "infecte" | "non_verifiable"; detail: string | null } = {
      state: "sain",
      detail: null,
    };
    for (const scanner of scanning?.scanners ?? []) {
      const body = await deps.blobs.open(file.storage_key);
      try {
        const said = await scanner.scan(body, { config: scanning!.config, size: file.size });
        if (said.verdict === "infecte") {
          verdict = { state: "infecte", detail: said.signature ?? null };
          break;
        }
      } catch (error) {
        if (error instanceof ScanRefusal) {
          verdict = { state: "non_verifiable", detail: error.message };
          break;
        }
        throw new Error(
          `Antivirus « ${scanner.label} » injoignable, le fichier ${file.id} attend : ${
            (error as Error)?.message ?? String(error)
          }`,
        );
      } finally {
        await body.cancel().catch(() => {});
      }
    }
    const now = deps.clock().toISOString();
    const recorded = await store.recordScan(deps.db, file.id, { ...verdict, now });
    // The row says so first: bytes without a usable row are harmless, the reverse is not.
    if (recorded && verdict.state !== "sain") await deps.blobs.remove(file.storage_key);
  };
}

/**
 * What the super-admin sees of the antivirus on « Tâches »: which scanners run, how many
 * files wait and since when, and the last error of a scan still to be tried again.
 */
export async function antivirusStatus(deps: Deps, actor: Actor | null) {
  authorize(actor, "taches.consulter");
  const backlog = await store.scanBacklog(deps.db);
  return {
    scanners: deps.fileScanning?.scanners.map((s) => s.label) ?? [],
    waiting: backlog.waiting,
    since: backlog.since,
    lastError: backlog.waiting ? await store.lastScanError(deps.db, SCAN_JOB) : null,
  };
}
