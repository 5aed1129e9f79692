/**
 * `deno task migrate-to-postgres`: moves the SQLite instance of `DATA_DIR` into the empty
 * PostgreSQL database of `DATABASE_URL` (README « Passer à PostgreSQL »). The same
 * environment as `deno task start` on PostgreSQL afterwards: `DATA_DIR` keeps the files,
 * untouched, and names the SQLite file to copy; `GUICHET_PLUGINS` the same plugins, whose
 * tables are copied too. Stop the SQLite instance first: what it writes during the copy
 * would not be in it.
 */
import { dirname, fromFileUrl } from "../_paths.ts";
import { type Config, loadConfig } from "../config.ts";
import { connectPostgres, CORE_MIGRATIONS } from "../db/mod.ts";
import { type CopyReport, copySqliteToPostgres } from "../db/copy_to_postgres.ts";
import { createPluginHost } from "../plugin_host/host.ts";
import { BUILTIN_PLUGINS, loadPluginSources } from "../plugin_host/load.ts";

const ROOT = dirname(dirname(dirname(fromFileUrl(import.meta.url))));

/**
 * Copies the instance of `config` (its `DATA_DIR`'s SQLite file) into its PostgreSQL
 * database; returns what was copied. Throws in French, the target untouched, when it is not
 * empty or the copy fails.
 */
export async function migrateToPostgres(
  config: Config,
  log: (message: string) => void = () => {},
): Promise<CopyReport> {
  if (config.database.kind !== "postgres") {
    throw new Error(
      "DATABASE_URL doit désigner la base PostgreSQL où copier l’instance (ex. DATABASE_URL=postgres://guichet:motdepasse@localhost:5432/guichet).",
    );
  }
  const { sources } = await loadPluginSources([...BUILTIN_PLUGINS, ...config.plugins], ROOT);
  const host = createPluginHost(sources, { log: () => {} });
  const pluginMigrations = Object.fromEntries(
    host.plugins.flatMap((p) =>
      Object.entries(p.migrations ?? {}).map(([name, m]) => [`p_${p.id}_${name}`, m])
    ),
  );
  const conn = connectPostgres(config.database.url, 2);
  try {
    return await copySqliteToPostgres({
      sourcePath: `${config.dataDir}/guichet.sqlite`,
      target: conn.db,
      pluginMigrations,
      migrationNames: [...CORE_MIGRATIONS, ...Object.keys(pluginMigrations)],
      log,
    });
  } finally {
    await conn.close();
  }
}

/** The operator's command; returns the process's exit code. */
export async function runMigrateToPostgres(env: Record<string, string>): Promise<number> {
  try {
    const config = loadConfig(env);
    const started = performance.now();
    const report = await migrateToPostgres(config, (m) => console.log(m));
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `Instance copiée dans PostgreSQL en ${
        ((performance.now() - started) / 1000).toFixed(1)
      } s : ${report.tables.length} tables, ${rows} lignes, comptes vérifiés table par table, ${report.sequences.length} séquences d’identifiants remises après le plus grand. Les fichiers restent dans ${config.dataDir}/files. Démarrez Guichet avec ce DATA_DIR et DATABASE_URL ; gardez guichet.sqlite tant que vous n’avez pas vérifié l’instance.`,
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await runMigrateToPostgres(Deno.env.toObject()));
