/**
 * The backups an instance takes by itself: before it applies pending migrations at start
 * (never on a fresh database), and once a day into BACKUP_DIR keeping BACKUP_KEEP of them —
 * one of several processes taking it. On PostgreSQL (`deno task test --postgres`) the same,
 * through pg_dump, from and into empty databases.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { loadConfig } from "../../../core/config.ts";
import { createInstance } from "../../../core/main.ts";
import { definePlugin } from "../../../core/plugin_sdk/mod.ts";
import { readManifest } from "../../../core/operations/manifest.ts";
import { restoreBackup } from "../../../core/operations/backup.ts";
import { BACKUP_CLAIM_HOLD_MS, runDailyBackupIfDue } from "../../../core/operations/schedule.ts";
import { claimRun } from "../../../core/jobs/store.ts";
import { openDatabase } from "../../../core/db/mod.ts";
import { testOnPostgres } from "../../helpers/postgres.ts";
import { emptyDatabase } from "../../helpers/empty_database.ts";

/** A plugin bringing a table of its own: adding it to an instance means a pending migration. */
const carnet = definePlugin({
  id: "carnet",
  version: "1.0.0",
  label: "Carnet",
  host: "^1.0.0",
  migrations: {
    "0001_notes": {
      // deno-lint-ignore no-explicit-any
      up: async (db: any) => {
        await db.schema.createTable("p_carnet_notes").addColumn("id", "integer").execute();
      },
    },
  },
  register() {},
});

interface Ctx {
  work: string;
  /** Empty PostgreSQL databases made on a `--postgres` run, dropped at the end. */
  made: { url: string; drop(): Promise<void> }[];
}

/** `DATABASE_URL` of a new, empty database on PostgreSQL; nothing on SQLite. */
async function databaseEnv(ctx: Ctx): Promise<Record<string, string>> {
  if (!testOnPostgres()) return {};
  const database = await emptyDatabase();
  ctx.made.push(database);
  return { DATABASE_URL: database.url };
}

const schedule = suite<Ctx>("sauvegardes automatiques");
schedule.before(async (ctx) => {
  ctx.work = await Deno.makeTempDir({ prefix: "guichet-sauvegardes-" });
  ctx.made = [];
});
schedule.after(async (ctx) => {
  for (const database of ctx.made) await database.drop();
  await Deno.remove(ctx.work, { recursive: true }).catch(() => {});
});

const quiet = { startWorker: false, serveUi: false, log: () => {} };

const entries = (dir: string): string[] => {
  try {
    return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  } catch {
    return [];
  }
};

schedule("a backup before pending migrations, none on a fresh database", async (ctx) => {
  const dataDir = `${ctx.work}/donnees`;
  const config = loadConfig({ DATA_DIR: dataDir, ...await databaseEnv(ctx) });
  const fresh = await createInstance(config, quiet);
  await fresh.close();
  assert.equal(entries(`${dataDir}/sauvegardes`), [], "fresh database: no backup");

  const logged: string[] = [];
  const upgraded = await createInstance(config, {
    ...quiet,
    log: (m) => logged.push(m),
    extraPlugins: [{ source: "test/carnet", definition: carnet }],
  });
  await upgraded.close();
  const made = entries(`${dataDir}/sauvegardes`);
  assert.is(made.length, 1);
  assert.match(made[0], /^avant-migration-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
  assert.ok(logged.some((m) => m.includes("p_carnet_0001_notes")), logged.join("\n"));
  const backup = `${dataDir}/sauvegardes/${made[0]}`;
  const manifest = await readManifest(backup);
  assert.is(manifest.database, config.database.kind);
  assert.not.ok(manifest.migrations.includes("p_carnet_0001_notes"), "taken before it ran");
  assert.ok(manifest.migrations.length > 10);

  // Already migrated: the next start takes none.
  const again = await createInstance(config, {
    ...quiet,
    extraPlugins: [{ source: "test/carnet", definition: carnet }],
  });
  await again.close();
  assert.is((entries(`${dataDir}/sauvegardes`)).length, 1);

  // And it restores into an instance that starts (and migrates again).
  const restored = `${ctx.work}/restauree`;
  const into = loadConfig({ DATA_DIR: restored, ...await databaseEnv(ctx) });
  await restoreBackup({ source: backup, dataDir: restored, database: into.database });
  const back = await createInstance(into, quiet);
  assert.is((await back.app.request("/healthz")).status, 200);
  await back.close();
});

schedule("BACKUP_DIR gets one backup a day, the BACKUP_KEEP most recent kept", async (ctx) => {
  const dataDir = `${ctx.work}/quotidien`;
  const backupDir = `${ctx.work}/sauvegardes-quotidiennes`;
  const config = loadConfig({
    DATA_DIR: dataDir,
    BACKUP_DIR: backupDir,
    BACKUP_KEEP: "2",
    ...await databaseEnv(ctx),
  });
  const instance = await createInstance(config, quiet);
  await instance.close();
  let now = new Date("2026-12-01T03:00:00Z");
  const run = () =>
    runDailyBackupIfDue({
      dataDir,
      database: config.database,
      backupDir,
      keep: 2,
      clock: () => now,
    });
  assert.is(await run(), `${backupDir}/quotidienne-2026-12-01T03-00-00Z`);
  now = new Date("2026-12-01T20:00:00Z");
  assert.is(await run(), null, "less than a day since the last one");
  // An unfinished backup (no manifest) is neither counted nor deleted.
  await Deno.mkdir(`${backupDir}/quotidienne-2026-12-01T21-00-00Z`);
  for (const day of ["02", "03", "04"]) {
    now = new Date(`2026-12-${day}T03:00:00Z`);
    assert.ok(await run());
  }
  assert.equal(entries(backupDir), [
    "quotidienne-2026-12-01T21-00-00Z",
    "quotidienne-2026-12-03T03-00-00Z",
    "quotidienne-2026-12-04T03-00-00Z",
  ]);
});

schedule("of several processes, only the first to claim the day takes its backup", async (ctx) => {
  const dataDir = `${ctx.work}/plusieurs`;
  const backupDir = `${ctx.work}/sauvegardes-partagees`;
  const config = loadConfig({
    DATA_DIR: dataDir,
    BACKUP_DIR: backupDir,
    ...await databaseEnv(ctx),
  });
  const instance = await createInstance(config, quiet);
  await instance.close();
  // Each process has its own connection, as with WORKERS=n; they check at the same moment.
  const processes = [openDatabase(config.database), openDatabase(config.database)];
  try {
    const now = new Date("2026-12-05T03:00:00Z");
    const made = await Promise.all(processes.map((conn) =>
      runDailyBackupIfDue({
        dataDir,
        database: config.database,
        backupDir,
        keep: 7,
        clock: () => now,
        claim: (at) =>
          claimRun(conn.db, "sauvegarde_quotidienne", {
            at: at.toISOString(),
            before: new Date(at.getTime() - BACKUP_CLAIM_HOLD_MS).toISOString(),
          }),
      })
    ));
    assert.is(made.filter((m) => m !== null).length, 1, "one backup of the two");
    assert.equal(entries(backupDir), ["quotidienne-2026-12-05T03-00-00Z"]);
    await readManifest(`${backupDir}/quotidienne-2026-12-05T03-00-00Z`);
  } finally {
    for (const conn of processes) await conn.close();
  }
});

schedule("BACKUP_KEEP and BACKUP_DIR are checked at start", () => {
  assert.throws(() => loadConfig({ BACKUP_KEEP: "0" }), /BACKUP_KEEP doit valoir au moins 1/);
  assert.throws(() => loadConfig({ BACKUP_KEEP: "deux" }), /BACKUP_KEEP doit être un nombre/);
  const c = loadConfig({ BACKUP_DIR: "/srv/sauvegardes" });
  assert.is(c.backupDir, "/srv/sauvegardes");
  assert.is(c.backupKeep, 7);
});

schedule.run();
