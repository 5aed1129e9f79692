/**
 * Backups the instance takes by itself: one before it applies new migrations at start (into
 * BACKUP_DIR, else DATA_DIR/sauvegardes), and, when BACKUP_DIR is set, one a day while it
 * runs, keeping the BACKUP_KEEP most recent.
 */
import type { DatabaseTarget } from "../db/mod.ts";
import { takeBackup } from "./backup.ts";
import { MANIFEST } from "./manifest.ts";

/** How often the running instance looks whether today's backup is due. */
export const BACKUP_CHECK_EVERY_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/**
 * How long a process's claim on the daily backup holds off the others (who check each hour):
 * longer than any backup takes, shorter than a day.
 */
export const BACKUP_CLAIM_HOLD_MS = 12 * 60 * 60_000;
/** Folder-name prefix of the daily backups (the only ones retention deletes). */
export const DAILY_PREFIX = "quotidienne-";
/** Folder-name prefix of the backups taken before migrations. */
export const PRE_MIGRATION_PREFIX = "avant-migration-";

/** `2026-12-06T07-31-05Z`: a date for a folder name, sorting like time. */
function stamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
}

/** Where the automatic backups go. */
export function backupRoot(dataDir: string, backupDir: string | undefined): string {
  return backupDir ?? `${dataDir}/sauvegardes`;
}

/** The finished backups under `root` whose name starts with `prefix`, oldest first. */
async function finished(root: string, prefix: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(root)) {
      if (!e.isDirectory || !e.name.startsWith(prefix)) continue;
      try {
        await Deno.stat(`${root}/${e.name}/${MANIFEST}`);
        names.push(e.name);
      } catch {
        // unfinished (or being written): neither counted nor deleted
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

/**
 * Takes a backup before migrations, when the database already has some applied and some
 * pending (a fresh database has nothing to lose). Returns its folder, or null when none was
 * needed. A failed backup throws: the migrations must not run without one.
 */
export async function backupBeforeMigrations(opts: {
  dataDir: string;
  /** The instance's database (SQLite in DATA_DIR when absent). */
  database?: DatabaseTarget;
  backupDir?: string;
  applied: readonly string[];
  pending: readonly string[];
  clock: () => Date;
  log: (message: string) => void;
}): Promise<string | null> {
  if (opts.applied.length === 0 || opts.pending.length === 0) return null;
  const target = `${backupRoot(opts.dataDir, opts.backupDir)}/${PRE_MIGRATION_PREFIX}${
    stamp(opts.clock())
  }`;
  opts.log(
    `${opts.pending.length} migration(s) à appliquer (${
      opts.pending.join(", ")
    }) : sauvegarde préalable dans ${target}…`,
  );
  try {
    await takeBackup({ dataDir: opts.dataDir, target, database: opts.database, clock: opts.clock });
  } catch (error) {
    throw new Error(
      `La sauvegarde d’avant migration a échoué, les migrations ne sont pas appliquées : ${
        (error as Error).message
      }`,
    );
  }
  return target;
}

/**
 * Takes today's backup under `backupDir` unless a finished one is less than a day old, then
 * deletes the oldest daily backups beyond `keep`. Returns the new folder, or null.
 */
export async function runDailyBackupIfDue(opts: {
  dataDir: string;
  /** The instance's database (SQLite in DATA_DIR when absent). */
  database?: DatabaseTarget;
  backupDir: string;
  keep: number;
  clock: () => Date;
  /**
   * Claims the due backup for this process (several processes share one instance: only the
   * first to claim writes it). Absent: this process is the only one.
   */
  claim?: (now: Date) => Promise<boolean>;
}): Promise<string | null> {
  const now = opts.clock();
  const done = await finished(opts.backupDir, DAILY_PREFIX);
  const last = done.at(-1);
  if (last) {
    const lastAt = Date.parse(
      last.slice(DAILY_PREFIX.length).replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, "T$1:$2:$3Z"),
    );
    if (now.getTime() - lastAt < DAY_MS) return null;
  }
  if (opts.claim && !(await opts.claim(now))) return null;
  const target = `${opts.backupDir}/${DAILY_PREFIX}${stamp(now)}`;
  await takeBackup({ dataDir: opts.dataDir, target, database: opts.database, clock: opts.clock });
  const all = await finished(opts.backupDir, DAILY_PREFIX);
  for (const old of all.slice(0, Math.max(0, all.length - opts.keep))) {
    await Deno.remove(`${opts.backupDir}/${old}`, { recursive: true });
  }
  return target;
}
