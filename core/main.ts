/**
 * Entry point: reads the configuration, opens the database and migrates it, loads the
 * plugins, starts the job worker and serves the app. `createInstance` does all of it but
 * listening, so tests run the very same assembly.
 */
import { dirname, fromFileUrl } from "./_paths.ts";
import { type Config, loadConfig } from "./config.ts";
import { otherPluginsWarning } from "./setup.ts";
import { migrateToLatest, migrationStatus, openDatabase } from "./db/mod.ts";
import {
  BACKUP_CHECK_EVERY_MS,
  BACKUP_CLAIM_HOLD_MS,
  backupBeforeMigrations,
  runDailyBackupIfDue,
} from "./operations/schedule.ts";
import { createPluginHost, type PluginHost } from "./plugin_host/host.ts";
import { BUILTIN_PLUGINS, loadPluginSources } from "./plugin_host/load.ts";
import { AFTER_HOOK_JOB, afterHookHandler } from "./plugin_host/service.ts";
import { createRateLimiter, type RateLimit, type RateLimiter } from "./rate_limit.ts";
import { databaseRateLimiter } from "./rate_limit_store.ts";
import { RATE_LIMIT as API_RATE_LIMIT } from "./api_rest/model.ts";
import { prepareInstallation } from "./accounts/admin_requests.ts";
import { createWorker, type Worker } from "./jobs/worker.ts";
import { claimRun } from "./jobs/store.ts";
import { SEND_JOB, sendHandler } from "./notifications/service.ts";
import { AUTOMATIC_JOB, automaticHandler } from "./dossiers/transition.ts";
import { EXPORT_JOB, exportHandler, purgeExpired } from "./instruction/exports.ts";
import {
  attestAcceptance,
  ATTESTATION_JOB,
  attestationHandler,
} from "./instruction/attestation.ts";
import { resolveCorrections } from "./messagerie/service.ts";
import { type MailCatcher, startMailCatcher } from "./notifications/catcher.ts";
import { isLocalBaseUrl } from "./notifications/dev_mails.ts";
import { sendDailySummaries, SUMMARY_CHECK_EVERY_MS } from "./notifications/daily_summary.ts";
import { CONSERVATION_CHECK_EVERY_MS, runConservationIfDue } from "./conservation/daily.ts";
import { AVIS_REMINDERS_CHECK_EVERY_MS, sendAvisReminders } from "./instruction/avis_reminders.ts";
import {
  IMPLICIT_CHECK_EVERY_MS,
  runImplicitDecisionsIfDue,
} from "./dossiers/implicit_decisions.ts";
import { createApp } from "./app.ts";
import { installJsonConsole } from "./observe/log.ts";
import { diskBlobStore } from "./files/storage.ts";
import { UPLOADS_PER_MINUTE } from "./files/model.ts";
import { purgeUnattached, UNATTACHED_PURGE_EVERY_MS } from "./files/purge.ts";
import { fileScanning, SCAN_JOB, scanHandler } from "./files/scan.ts";
import { renameUsager } from "./dossiers/index_values.ts";
import { AUDIT_CHECK_EVERY_MS, runAuditCheckIfDue } from "./audit/daily.ts";
import { recordEvent } from "./audit/service.ts";
import { followPublication } from "./dossiers/publication.ts";
import { DELIVER_JOB, deliverHandler, queueDeliveries } from "./webhooks/service.ts";
import type { Deps } from "./deps.ts";
import type { Hono } from "hono";
import type { PluginSource } from "./plugin_host/host.ts";
import { READY_LINE, superviseWorkers, WORKER_ENV } from "./workers.ts";
import { servedBy } from "./http_body.ts";

/** Root of the repository (where `plugins/` and `ui/` live). */
export const ROOT = dirname(dirname(fromFileUrl(import.meta.url)));
/** How often expired exports are purged. */
const PURGE_EVERY_MS = 60 * 60_000;

export interface Instance {
  readonly app: Hono;
  readonly deps: Deps;
  readonly host: PluginHost;
  readonly worker: Worker;
  readonly catcher?: MailCatcher;
  /** The one-time link to create the super-admin, when the instance has none yet. */
  readonly installationLink: string | null;
  close(): Promise<void>;
}

/**
 * Assembles an instance from its configuration.
 *
 * @example
 * ```ts
 * const instance = await createInstance(loadConfig({ DATA_DIR: tmp }), { startWorker: false });
 * const res = await instance.app.request("/healthz");
 * ```
 */
export async function createInstance(
  config: Config,
  opts: {
    clock?: () => Date;
    /** Extra plugins given as values (tests), after the configured ones. */
    extraPlugins?: readonly PluginSource[];
    startWorker?: boolean;
    /** Serve the built UI from `config.uiDir` (default true). */
    serveUi?: boolean;
    log?: (message: string) => void;
    /**
     * Whether to make the installation link while there is no super-admin (default true): of
     * several processes only the first does, each new link voiding the last.
     */
    installation?: boolean;
  } = {},
): Promise<Instance> {
  const log = opts.log ?? ((m: string) => console.error(m));
  await Deno.mkdir(`${config.dataDir}/files`, { recursive: true });
  const conn = openDatabase(config.database);

  // Modules that fail to import come back among the sources: the host sets them aside.
  const { sources } = await loadPluginSources([...BUILTIN_PLUGINS, ...config.plugins], ROOT);
  const host = createPluginHost([...sources, ...(opts.extraPlugins ?? [])], { log });
  const pluginMigrations = Object.fromEntries(
    host.plugins.flatMap((p) =>
      Object.entries(p.migrations ?? {}).map(([name, m]) => [`p_${p.id}_${name}`, m])
    ),
  );
  const clock = opts.clock ?? (() => new Date());
  // A database that has lived gets a backup before new migrations change it (on PostgreSQL,
  // pg_dump's). With several processes, the first migrates alone (core/workers.ts).
  await backupBeforeMigrations({
    dataDir: config.dataDir,
    database: config.database,
    backupDir: config.backupDir,
    ...await migrationStatus(conn.db, pluginMigrations),
    clock,
    log,
  });
  await migrateToLatest(conn.db, pluginMigrations);

  let catcher: MailCatcher | undefined;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl) {
    catcher = await startMailCatcher();
    smtpUrl = catcher.url;
  }
  // Several processes share PostgreSQL: their limits are counted there, not each in its memory.
  const limiter = (name: string, limit: RateLimit): RateLimiter =>
    conn.dialect === "postgres"
      ? databaseRateLimiter(conn.db, name, limit)
      : createRateLimiter(limit);
  const deps: Deps = {
    db: conn.db,
    clock,
    host,
    baseUrl: config.baseUrl,
    blobs: diskBlobStore(`${config.dataDir}/files`),
    // What follows an account's changes in the folders above accounts/, which never imports them.
    accountFollowers: { emailChanged: [renameUsager] },
    demarcheFollowers: { published: [followPublication] },
    limiters: {
      signInEmail: limiter("connexion_adresse", { max: 5, windowMs: 15 * 60_000 }),
      signInIp: limiter("connexion_ip", { max: 50, windowMs: 15 * 60_000 }),
      uploads: limiter("fichiers", { max: UPLOADS_PER_MINUTE, windowMs: 60_000 }),
      attestationLookups: limiter("attestations", { max: 20, windowMs: 60 * 60_000 }),
      identityFlows: limiter("fournisseurs_identite", { max: 50, windowMs: 15 * 60_000 }),
      apiTokens: limiter("api_jetons", API_RATE_LIMIT),
    },
    uploadQuotaBytes: config.uploadQuotaBytes,
    webhookAllowPrivate: config.webhookAllowPrivate,
    // What follows a dossier's changes from the folders above dossiers/, which never imports them.
    dossierFollowers: {
      transition: [attestAcceptance, queueDeliveries],
      modificationsDeposited: [resolveCorrections],
    },
    fileScanning: fileScanning(host, { CLAMD_SOCKET: config.clamdSocket }),
    recordEvent: (trx, event) => recordEvent({ clock }, trx, event),
  };
  const channelConfig = { SMTP_URL: smtpUrl, MAIL_FROM: config.mailFrom };
  const worker = createWorker(conn.db, {
    clock,
    log,
    handlers: {
      [SEND_JOB]: sendHandler(host, { config: channelConfig, baseUrl: config.baseUrl }),
      [AFTER_HOOK_JOB]: afterHookHandler(conn.db, host),
      [AUTOMATIC_JOB]: automaticHandler(deps),
      [EXPORT_JOB]: exportHandler(deps),
      [ATTESTATION_JOB]: attestationHandler(deps),
      [DELIVER_JOB]: deliverHandler(deps),
      [SCAN_JOB]: scanHandler(deps),
    },
  });
  // Expired exports are also purged when their instructeur lists them; this catches the rest.
  let purge: ReturnType<typeof setInterval> | undefined;
  // Uploads attached to nothing for 24 hours: deleted, row and blob.
  let unattached: ReturnType<typeof setInterval> | undefined;
  // The instructeurs' daily summaries: each run sends only those not yet made today.
  let summaries: ReturnType<typeof setInterval> | undefined;
  // Conservation: notices and deletions, once a day whichever process claims the day.
  let conservation: ReturnType<typeof setInterval> | undefined;
  // Avis with a date: each reminder is claimed on its avis, whichever process sees it first.
  let avisReminders: ReturnType<typeof setInterval> | undefined;
  // « Silence vaut accord / rejet »: the dates come, once a day whichever process claims it.
  let implicit: ReturnType<typeof setInterval> | undefined;
  // The audit chain's verification, once a day whichever process claims it.
  let auditCheck: ReturnType<typeof setInterval> | undefined;
  // The daily backup, when BACKUP_DIR is set.
  let backups: ReturnType<typeof setInterval> | undefined;
  if (opts.startWorker !== false) {
    worker.start();
    purge = setInterval(() => {
      purgeExpired(deps).catch((e) => log(`Purge des exports : ${(e as Error).message}`));
    }, PURGE_EVERY_MS);
    unattached = setInterval(() => {
      purgeUnattached(deps).catch((e) => log(`Purge des fichiers : ${(e as Error).message}`));
    }, UNATTACHED_PURGE_EVERY_MS);
    summaries = setInterval(() => {
      sendDailySummaries(deps).catch((e) => log(`Résumé quotidien : ${(e as Error).message}`));
    }, SUMMARY_CHECK_EVERY_MS);
    conservation = setInterval(() => {
      runConservationIfDue(deps).catch((e) => log(`Conservation : ${(e as Error).message}`));
    }, CONSERVATION_CHECK_EVERY_MS);
    avisReminders = setInterval(() => {
      sendAvisReminders(deps).catch((e) => log(`Relances des avis : ${(e as Error).message}`));
    }, AVIS_REMINDERS_CHECK_EVERY_MS);
    implicit = setInterval(() => {
      runImplicitDecisionsIfDue(deps).catch((e) =>
        log(`Décisions implicites : ${(e as Error).message}`)
      );
    }, IMPLICIT_CHECK_EVERY_MS);
    auditCheck = setInterval(() => {
      runAuditCheckIfDue(deps).catch((e) => log(`Journal d’audit : ${(e as Error).message}`));
    }, AUDIT_CHECK_EVERY_MS);
    const backupDir = config.backupDir;
    if (backupDir) {
      backups = setInterval(() => {
        runDailyBackupIfDue({
          dataDir: config.dataDir,
          database: config.database,
          backupDir,
          keep: config.backupKeep,
          clock,
          // Of several processes, the first to claim the day takes its backup.
          claim: (now) =>
            claimRun(deps.db, "sauvegarde_quotidienne", {
              at: now.toISOString(),
              before: new Date(now.getTime() - BACKUP_CLAIM_HOLD_MS).toISOString(),
            }),
        })
          .then((folder) => folder && log(`Sauvegarde quotidienne faite : ${folder}`))
          .catch((e) => log(`Sauvegarde quotidienne : ${(e as Error).message}`));
      }, BACKUP_CHECK_EVERY_MS);
    }
  }

  const installationLink = opts.installation === false
    ? null
    : await prepareInstallation(deps, { adminEmail: config.adminEmail });
  const app = createApp({
    deps,
    catcher,
    uiDir: opts.serveUi === false ? undefined : config.uiDir,
    trustedProxies: config.trustedProxies,
    metricsAllow: config.metricsAllow,
    logFormat: config.logFormat,
  });
  return {
    app,
    deps,
    host,
    worker,
    catcher,
    installationLink,
    async close() {
      clearInterval(purge);
      clearInterval(unattached);
      clearInterval(summaries);
      clearInterval(conservation);
      clearInterval(avisReminders);
      clearInterval(implicit);
      clearInterval(backups);
      clearInterval(auditCheck);
      await worker.stop();
      for (const channel of host.channels.list()) await channel.close?.();
      await catcher?.close();
      await conn.close();
    },
  };
}

if (import.meta.main) {
  let config: Config;
  try {
    config = loadConfig(Deno.env.toObject());
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(1);
  }
  // LOG_FORMAT=json: every line the process writes, its own and its libraries', is JSON.
  if (config.logFormat === "json") installJsonConsole();
  // WORKERS=n: this process supervises n children of this module, each one serving.
  const worker = Number(Deno.env.get(WORKER_ENV) ?? 0);
  // `deno task start` rebuilds the UI for GUICHET_PLUGINS first; started otherwise, say so.
  const stale = worker > 1 ? null : await otherPluginsWarning(
    config.uiDir,
    config.plugins,
    "Démarrez Guichet par « deno task start », qui la reconstruit.",
  );
  if (stale) console.error(stale);
  if (config.workers > 1 && !worker) {
    const supervisor = await superviseWorkers({
      count: config.workers,
      entry: fromFileUrl(import.meta.url),
    });
    const stopAll = async () => {
      await supervisor.stop();
      Deno.exit(0);
    };
    Deno.addSignalListener("SIGINT", stopAll);
    Deno.addSignalListener("SIGTERM", stopAll);
  } else {
    await serve(config, worker);
  }
}

/** Serves the instance on the configured port; `worker` > 0: one of several processes (`WORKERS`). */
async function serve(config: Config, worker: number) {
  const instance = await createInstance(config, { installation: worker <= 1 });
  const server = Deno.serve(
    {
      port: config.port,
      hostname: config.hostname,
      // Several processes listen on the port, the kernel spreading connections among them.
      reusePort: worker > 0,
      onListen: () => {
        console.log(
          `${READY_LINE} : ${config.baseUrl}${
            worker ? ` (processus ${worker} sur ${config.workers})` : ""
          }`,
        );
        if (instance.catcher && isLocalBaseUrl(config.baseUrl)) {
          console.log(
            `Aucun SMTP_URL : les e-mails sont gardés localement, lisibles sur ${config.baseUrl}/_dev/mails`,
          );
        } else if (instance.catcher) {
          console.error(
            "Attention : aucun SMTP_URL, les e-mails (confirmations, liens de connexion) ne partent pas. Définissez SMTP_URL (ex. smtps://utilisateur:mot-de-passe@smtp.exemple.fr:465).",
          );
        }
        if (config.baseUrl.startsWith("https:") && config.trustedProxies.length === 0) {
          console.error(
            "Attention : BASE_URL est en https, donc Guichet est derrière un proxy inverse, mais TRUSTED_PROXIES est vide : toutes les connexions comptent comme venant du proxy (50 mots de passe faux bloquent la connexion de tous pendant 15 minutes). Mettez l’adresse du proxy dans TRUSTED_PROXIES (ex. TRUSTED_PROXIES=127.0.0.1,::1).",
          );
        }
        if (instance.installationLink) {
          console.log(
            `\nPremière installation : créez le compte super-administrateur avec ce lien (usage unique) :\n  ${instance.installationLink}\n`,
          );
        }
      },
    },
    // Bodies framed by the server are read in one go (core/http_body.ts).
    servedBy(instance.app.fetch),
  );
  const stop = async () => {
    await server.shutdown();
    await instance.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  // A child whose supervisor died (kill -9) stops too, rather than serve on unsupervised.
  if (worker > 0) {
    const supervisor = Deno.ppid;
    setInterval(() => Deno.ppid !== supervisor && stop(), 1_000);
  }
}
