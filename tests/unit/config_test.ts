import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { DEFAULT_UI_DIR, loadConfig } from "../../core/config.ts";
import { parseAddressRanges } from "../../core/client_ip.ts";

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("Expected loadConfig() to refuse the configuration");
}

const config = suite("loadConfig");

config("an empty environment gives a working one-server install", () => {
  assert.equal(loadConfig({}), {
    port: 8000,
    hostname: "0.0.0.0",
    dataDir: "./data",
    database: { kind: "sqlite", path: "./data/guichet.sqlite" },
    workers: 1,
    baseUrl: "http://localhost:8000",
    trustedProxies: [],
    metricsAllow: parseAddressRanges("127.0.0.1,::1"),
    logFormat: "text",
    smtpUrl: undefined,
    mailFrom: undefined,
    adminEmail: undefined,
    plugins: [],
    uiDir: DEFAULT_UI_DIR,
    uploadQuotaBytes: 1024 * 1024 * 1024,
    webhookAllowPrivate: false,
    backupDir: undefined,
    backupKeep: 7,
    clamdSocket: undefined,
  });
  assert.ok(DEFAULT_UI_DIR.endsWith("/ui/dist"), DEFAULT_UI_DIR);
});

config("METRICS_ALLOW lists who reads /metrics; LOG_FORMAT is text or json", () => {
  assert.equal(
    loadConfig({ METRICS_ALLOW: "10.0.0.5, 192.168.0.0/16" }).metricsAllow,
    parseAddressRanges("10.0.0.5,192.168.0.0/16"),
  );
  assert.match(
    configError({ METRICS_ALLOW: "prometheus.local" }),
    /METRICS_ALLOW attend des adresses IP ou des plages CIDR .* « prometheus\.local » n’en est pas une/,
  );
  assert.is(loadConfig({ LOG_FORMAT: "json" }).logFormat, "json");
  assert.match(configError({ LOG_FORMAT: "JSON" }), /LOG_FORMAT vaut text .* ou json/);
});

config("WEBHOOK_ALLOW_PRIVATE=true lets webhooks reach the internal network; typos stop", () => {
  assert.is(loadConfig({ WEBHOOK_ALLOW_PRIVATE: "true" }).webhookAllowPrivate, true);
  assert.is(loadConfig({ WEBHOOK_ALLOW_PRIVATE: "false" }).webhookAllowPrivate, false);
  assert.throws(
    () => loadConfig({ WEBHOOK_ALLOW_PRIVATE: "oui" }),
    /WEBHOOK_ALLOW_PRIVATE vaut true/,
  );
});

config("UI_DIR names the served build, relative paths from the current folder", () => {
  assert.is(loadConfig({ UI_DIR: "/srv/guichet-ui" }).uiDir, "/srv/guichet-ui");
  assert.is(loadConfig({ UI_DIR: "interface" }).uiDir, `${Deno.cwd()}/interface`);
});

config("UPLOAD_QUOTA_MB sets the per-account quota, a whole number of Mo from 1", () => {
  assert.is(loadConfig({ UPLOAD_QUOTA_MB: "50" }).uploadQuotaBytes, 50 * 1024 * 1024);
  assert.match(
    configError({ UPLOAD_QUOTA_MB: "beaucoup" }),
    /UPLOAD_QUOTA_MB doit être un nombre entier/,
  );
  assert.match(configError({ UPLOAD_QUOTA_MB: "0" }), /UPLOAD_QUOTA_MB doit valoir au moins 1/);
});

config("the default BASE_URL follows PORT", () => {
  const c = loadConfig({ PORT: "8080" });
  assert.is(c.port, 8080);
  assert.is(c.baseUrl, "http://localhost:8080");
});

config("BASE_URL loses its trailing slashes", () => {
  assert.is(
    loadConfig({ BASE_URL: "https://guichet.exemple.fr//" }).baseUrl,
    "https://guichet.exemple.fr",
  );
});

config("empty variables count as unset", () => {
  const c = loadConfig({ PORT: "", SMTP_URL: "", GUICHET_PLUGINS: "" });
  assert.is(c.port, 8000);
  assert.is(c.smtpUrl, undefined);
});

config("a PORT that is not a whole number is refused in French, naming PORT", () => {
  assert.match(configError({ PORT: "huit mille" }), /PORT : PORT doit être un nombre entier/);
  assert.match(configError({ PORT: "80.5" }), /PORT doit être un nombre entier/);
});

config("a PORT out of range is refused", () => {
  const message = configError({ PORT: "70000" });
  assert.match(message, /^Configuration non valide :/);
  assert.match(message, /PORT/);
  assert.match(message, /65535/);
});

config("every bad variable is listed at once", () => {
  const message = configError({
    PORT: "x",
    BASE_URL: "pas-une-url",
    SMTP_URL: "http://mail",
    ADMIN_EMAIL: "moi",
  });
  assert.match(message, /- PORT :/);
  assert.match(message, /- BASE_URL : BASE_URL doit être une URL/);
  assert.match(message, /- SMTP_URL : SMTP_URL doit commencer par smtp:\/\//);
  assert.match(message, /- ADMIN_EMAIL : ADMIN_EMAIL doit être une adresse e-mail/);
});

config(
  "a PostgreSQL DATABASE_URL puts the instance on PostgreSQL, 10 connections by default",
  () => {
    assert.equal(loadConfig({ DATABASE_URL: "postgres://guichet@db/guichet" }).database, {
      kind: "postgres",
      url: "postgres://guichet@db/guichet",
      poolSize: 10,
    });
    assert.equal(
      loadConfig({
        DATABASE_URL: "postgresql:///guichet?host=/run/postgresql",
        DATABASE_POOL_SIZE: "24",
      }).database,
      { kind: "postgres", url: "postgresql:///guichet?host=/run/postgresql", poolSize: 24 },
    );
  },
);

config("a DATABASE_URL that names no PostgreSQL database is refused in French", () => {
  for (const url of ["mysql://guichet@db/guichet", "postgres://db", "postgres://", "pas une url"]) {
    assert.match(
      configError({ DATABASE_URL: url }),
      /- DATABASE_URL : DATABASE_URL attend une URL PostgreSQL \(ex\. postgres:\/\//,
      url,
    );
  }
  assert.match(
    configError({ DATABASE_URL: "postgres://db/guichet", DATABASE_POOL_SIZE: "0" }),
    /- DATABASE_POOL_SIZE : DATABASE_POOL_SIZE doit valoir au moins 1/,
  );
});

config("WORKERS runs several server processes on PostgreSQL, one by default", () => {
  const postgres = { DATABASE_URL: "postgres://guichet@db/guichet" };
  assert.is(loadConfig(postgres).workers, 1);
  assert.is(loadConfig({ ...postgres, WORKERS: "4" }).workers, 4);
  assert.match(
    configError({ ...postgres, WORKERS: "0" }),
    /- WORKERS : WORKERS doit valoir au moins 1/,
  );
  assert.match(
    configError({ ...postgres, WORKERS: "deux" }),
    /- WORKERS : WORKERS doit être un nombre entier/,
  );
});

config("WORKERS above 1 on SQLite is refused in French, naming PostgreSQL", () => {
  assert.is(loadConfig({ WORKERS: "1" }).workers, 1);
  assert.match(
    configError({ WORKERS: "2" }),
    /- WORKERS : WORKERS=2 demande PostgreSQL \(DATABASE_URL\)/,
  );
});

config("a SQLite DATABASE_URL is accepted", () => {
  loadConfig({ DATABASE_URL: "sqlite:./data/guichet.sqlite" });
});

config("ADMIN_EMAIL is normalised", () => {
  assert.is(loadConfig({ ADMIN_EMAIL: " Admin@Mairie.FR " }).adminEmail, "admin@mairie.fr");
});

config("GUICHET_PLUGINS is a comma-separated list, blanks ignored", () => {
  assert.equal(
    loadConfig({ GUICHET_PLUGINS: " ./mes_plugins/agenda , jsr:@commune/export_pdf,, " }).plugins,
    ["./mes_plugins/agenda", "jsr:@commune/export_pdf"],
  );
});

config("TRUSTED_PROXIES takes addresses and CIDR ranges, IPv4 and IPv6", () => {
  const { trustedProxies } = loadConfig({ TRUSTED_PROXIES: " 127.0.0.1, 10.0.0.0/8 ,::1,, " });
  assert.equal(trustedProxies, parseAddressRanges("127.0.0.1,10.0.0.0/8,::1"));
  assert.is(trustedProxies.length, 3);
  const message = configError({ TRUSTED_PROXIES: "127.0.0.1, proxy.local, 10.0.0.0/40" });
  assert.match(message, /TRUSTED_PROXIES attend des adresses IP ou des plages CIDR/);
  assert.match(message, /« proxy\.local », « 10\.0\.0\.0\/40 » n’en sont pas/);
  assert.match(configError({ TRUSTED_PROXIES: "*" }), /« \* » n’en est pas une/);
});

config("CLAMD_SOCKET takes clamd's socket path or host:port; anything else stops", () => {
  assert.is(
    loadConfig({ CLAMD_SOCKET: "/run/clamav/clamd.ctl" }).clamdSocket,
    "/run/clamav/clamd.ctl",
  );
  assert.is(loadConfig({ CLAMD_SOCKET: "127.0.0.1:3310" }).clamdSocket, "127.0.0.1:3310");
  assert.is(loadConfig({ CLAMD_SOCKET: "[::1]:3310" }).clamdSocket, "[::1]:3310");
  assert.match(
    configError({ CLAMD_SOCKET: "clamd.ctl" }),
    /CLAMD_SOCKET attend le chemin du socket de clamd/,
  );
  assert.match(configError({ CLAMD_SOCKET: "tcp://127.0.0.1" }), /CLAMD_SOCKET attend/);
});

config.run();
