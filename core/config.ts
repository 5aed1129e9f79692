/** Instance configuration from the environment, with defaults for a one-server install. */
import * as v from "valibot";
import { resolve } from "node:path";
import { fromFileUrl } from "./_paths.ts";
import { type AddressRange, invalidRanges, parseAddressRanges } from "./client_ip.ts";

const schema = v.object({
  PORT: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer("PORT doit être un nombre entier"),
      v.minValue(0),
      v.maxValue(65535),
    ),
    "8000",
  ),
  HOSTNAME: v.optional(v.string(), "0.0.0.0"),
  DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), "./data"),
  BASE_URL: v.optional(
    v.pipe(v.string(), v.url("BASE_URL doit être une URL, par exemple https://guichet.exemple.fr")),
  ),
  TRUSTED_PROXIES: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (list) => invalidRanges(list).length === 0,
        (issue) => {
          const bad = invalidRanges(issue.input as string);
          return `TRUSTED_PROXIES attend des adresses IP ou des plages CIDR séparées par des virgules (ex. 127.0.0.1,10.0.0.0/8,::1) ; ${
            bad.map((e) => `« ${e} »`).join(", ")
          } ${bad.length > 1 ? "n’en sont pas" : "n’en est pas une"}`;
        },
      ),
    ),
    "",
  ),
  METRICS_ALLOW: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (list) => invalidRanges(list).length === 0,
        (issue) => {
          const bad = invalidRanges(issue.input as string);
          return `METRICS_ALLOW attend des adresses IP ou des plages CIDR séparées par des virgules (ex. 127.0.0.1,::1,10.0.0.5) ; ${
            bad.map((e) => `« ${e} »`).join(", ")
          } ${bad.length > 1 ? "n’en sont pas" : "n’en est pas une"}`;
        },
      ),
    ),
    "127.0.0.1,::1",
  ),
  LOG_FORMAT: v.optional(
    v.picklist(
      ["text", "json"],
      "LOG_FORMAT vaut text (lignes lisibles, par défaut) ou json (un objet JSON par ligne)",
    ),
    "text",
  ),
  SMTP_URL: v.optional(
    v.pipe(v.string(), v.regex(/^smtps?:\/\//, "SMTP_URL doit commencer par smtp:// ou smtps://")),
  ),
  MAIL_FROM: v.optional(v.string()),
  ADMIN_EMAIL: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.toLowerCase(),
      v.email("ADMIN_EMAIL doit être une adresse e-mail"),
    ),
  ),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check(
        (url) => /^(sqlite:|file:)/.test(url) || postgresUrl(url),
        "DATABASE_URL attend une URL PostgreSQL (ex. postgres://guichet:motdepasse@localhost:5432/guichet, ou postgres:///guichet?host=/run/postgresql pour un socket local) ; laissez-la vide pour garder SQLite dans DATA_DIR",
      ),
    ),
  ),
  DATABASE_POOL_SIZE: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer("DATABASE_POOL_SIZE doit être un nombre entier de connexions"),
      v.minValue(1, "DATABASE_POOL_SIZE doit valoir au moins 1 (connexion à PostgreSQL)"),
      v.maxValue(1000, "DATABASE_POOL_SIZE doit valoir au plus 1000 (connexions à PostgreSQL)"),
    ),
    "10",
  ),
  WORKERS: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer("WORKERS doit être un nombre entier de processus serveurs"),
      v.minValue(1, "WORKERS doit valoir au moins 1 (processus serveur)"),
      v.maxValue(64, "WORKERS doit valoir au plus 64 (processus serveurs)"),
    ),
    "1",
  ),
  WEBHOOK_ALLOW_PRIVATE: v.optional(
    v.picklist(
      ["true", "false"],
      "WEBHOOK_ALLOW_PRIVATE vaut true (les webhooks peuvent viser le réseau interne) ou false",
    ),
    "false",
  ),
  GUICHET_PLUGINS: v.optional(v.string(), ""),
  CLAMD_SOCKET: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(
        /^(\/.+|[A-Za-z0-9.-]+:[0-9]{1,5}|\[[0-9A-Fa-f:.]+\]:[0-9]{1,5})$/,
        "CLAMD_SOCKET attend le chemin du socket de clamd (ex. /run/clamav/clamd.ctl) ou hôte:port (ex. 127.0.0.1:3310)",
      ),
    ),
  ),
  UI_DIR: v.optional(v.pipe(v.string(), v.nonEmpty())),
  UPLOAD_QUOTA_MB: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer("UPLOAD_QUOTA_MB doit être un nombre entier de Mo"),
      v.minValue(1, "UPLOAD_QUOTA_MB doit valoir au moins 1 (Mo)"),
    ),
    "1024",
  ),
  BACKUP_DIR: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty())),
  BACKUP_KEEP: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer("BACKUP_KEEP doit être un nombre entier de sauvegardes"),
      v.minValue(1, "BACKUP_KEEP doit valoir au moins 1 (sauvegarde quotidienne gardée)"),
    ),
    "7",
  ),
});

/** Whether `url` names a PostgreSQL database: `postgres://` or `postgresql://`, a database name. */
function postgresUrl(url: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.pathname.length > 1 &&
      (parsed.hostname !== "" || parsed.searchParams.has("host"));
  } catch {
    return false;
  }
}

/** Where the instance keeps its data: the SQLite file in `DATA_DIR`, or a PostgreSQL database. */
export type DatabaseConfig =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string; readonly poolSize: number };

/** The repository's `ui/dist`, where the UI is built and served from unless `UI_DIR` says. */
export const DEFAULT_UI_DIR: string = fromFileUrl(new URL("../ui/dist", import.meta.url));

export interface Config {
  readonly port: number;
  readonly hostname: string;
  readonly dataDir: string;
  /** SQLite (`DATA_DIR/guichet.sqlite`, the default) or PostgreSQL (`DATABASE_URL`). */
  readonly database: DatabaseConfig;
  /** Server processes sharing the port (`WORKERS`, default 1; more only on PostgreSQL). */
  readonly workers: number;
  readonly baseUrl: string;
  /** Reverse proxies whose `X-Forwarded-For` names the client (none by default). */
  readonly trustedProxies: readonly AddressRange[];
  /** Who may read `/metrics`: addresses and CIDR ranges (default loopback only). */
  readonly metricsAllow: readonly AddressRange[];
  /** `text` (default) or `json`: one JSON object per log line, with the request id. */
  readonly logFormat: "text" | "json";
  readonly smtpUrl?: string;
  readonly mailFrom?: string;
  readonly adminEmail?: string;
  /** Where clamd listens (a socket path or `host:port`); none: files are not scanned. */
  readonly clamdSocket?: string;
  /** Extra plugin specifiers (folders, `npm:`, `jsr:`), after the built-ins. */
  readonly plugins: readonly string[];
  /**
   * Absolute path of the built UI that is served: a link to the current build, which
   * `core/setup.ts` replaces (default the repository's `ui/dist`).
   */
  readonly uiDir: string;
  /** Bytes of files an account may keep uploaded but not deposited (default 1 024 Mo). */
  readonly uploadQuotaBytes: number;
  /** Whether webhooks may reach loopback, private and link-local addresses (default no). */
  readonly webhookAllowPrivate: boolean;
  /** Folder of the daily backups (none: no daily backup; pre-migration ones go to DATA_DIR). */
  readonly backupDir?: string;
  /** How many daily backups are kept (default 7). */
  readonly backupKeep: number;
}

/** Reads the configuration; throws one French message listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = v.safeParse(schema, clean);
  if (!parsed.success) {
    const lines = parsed.issues.map((i) => `- ${v.getDotPath(i) ?? "?"} : ${i.message}`);
    throw new Error(`Configuration non valide :\n${lines.join("\n")}`);
  }
  const c = parsed.output;
  const database: DatabaseConfig = c.DATABASE_URL && postgresUrl(c.DATABASE_URL)
    ? { kind: "postgres", url: c.DATABASE_URL, poolSize: c.DATABASE_POOL_SIZE }
    : { kind: "sqlite", path: `${c.DATA_DIR}/guichet.sqlite` };
  // One SQLite file has one writer at a time: processes would wait on each other's locks.
  if (c.WORKERS > 1 && database.kind === "sqlite") {
    throw new Error(
      `Configuration non valide :\n- WORKERS : WORKERS=${c.WORKERS} demande PostgreSQL (DATABASE_URL) ; avec SQLite, gardez WORKERS=1 (un seul processus écrit le fichier) ou passez à PostgreSQL (README « Passer à PostgreSQL »)`,
    );
  }
  return {
    port: c.PORT,
    hostname: c.HOSTNAME,
    dataDir: c.DATA_DIR,
    database,
    workers: c.WORKERS,
    baseUrl: (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ""),
    trustedProxies: parseAddressRanges(c.TRUSTED_PROXIES),
    metricsAllow: parseAddressRanges(c.METRICS_ALLOW),
    logFormat: c.LOG_FORMAT,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    adminEmail: c.ADMIN_EMAIL,
    clamdSocket: c.CLAMD_SOCKET,
    plugins: c.GUICHET_PLUGINS.split(",").map((s) => s.trim()).filter(Boolean),
    uiDir: c.UI_DIR ? resolve(c.UI_DIR) : DEFAULT_UI_DIR,
    uploadQuotaBytes: c.UPLOAD_QUOTA_MB * 1024 * 1024,
    webhookAllowPrivate: c.WEBHOOK_ALLOW_PRIVATE === "true",
    backupDir: c.BACKUP_DIR,
    backupKeep: c.BACKUP_KEEP,
  };
}
