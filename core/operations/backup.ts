/**
 * Backup and restore of an instance: the database and the files its rows name, with a
 * manifest of SHA-256 checksums, taken while the instance keeps serving. The database's copy
 * is SQLite's backup API on SQLite, `pg_dump` on PostgreSQL (`postgres_backup.ts`). Restore
 * writes only into an empty DATA_DIR (and, on PostgreSQL, an empty database), once every
 * checksum holds.
 */
import { CORE_MIGRATIONS, type DatabaseTarget } from "../db/mod.ts";
import { readSnapshot, type SnapshotContents, snapshotDatabaseInWorker } from "../db/snapshot.ts";
import { pauseRemovals } from "../files/storage.ts";
import { createHash } from "node:crypto";
import {
  DATABASE_FILE,
  fingerprint,
  GUICHET_VERSION,
  MANIFEST,
  type Manifest,
  type ManifestEntry,
  readManifest,
} from "./manifest.ts";
import {
  assertEmptyPostgres,
  dumpPostgres,
  POSTGRES_DUMP_FILE,
  restorePostgres,
} from "./postgres_backup.ts";

/** Where a stored file lives, from the files folder: two levels of folders by key. */
function blobPath(key: string): string {
  return `files/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
}

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return false;
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}

/** Copies `from` to `to` (its folder made), hashing on the way. */
async function copyFingerprinted(
  from: string,
  to: string,
): Promise<{ size: number; sha256: string }> {
  await Deno.mkdir(to.slice(0, to.lastIndexOf("/")), { recursive: true });
  const source = await Deno.open(from, { read: true });
  const target = await Deno.open(to, { write: true, createNew: true });
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of source.readable) {
      hash.update(chunk);
      size += chunk.byteLength;
      let written = 0;
      while (written < chunk.byteLength) written += await target.write(chunk.subarray(written));
    }
    await target.sync();
  } finally {
    target.close();
  }
  return { size, sha256: hash.digest("hex") };
}

/**
 * Backs up the instance whose data is in `dataDir` into the new folder `target` (absent or
 * empty), while the instance keeps serving; returns the manifest written last.
 *
 * Every transaction committed before the copy began is in it, and every file its rows name:
 * removals of files wait while the files are copied (`pauseRemovals`).
 */
export async function takeBackup(
  opts: { dataDir: string; target: string; database?: DatabaseTarget; clock?: () => Date },
): Promise<Manifest> {
  const { dataDir, target } = opts;
  const source = opts.database ?? { kind: "sqlite", path: `${dataDir}/${DATABASE_FILE}` };
  const databaseFile = source.kind === "postgres" ? POSTGRES_DUMP_FILE : DATABASE_FILE;
  if (source.kind === "sqlite") {
    try {
      await Deno.stat(source.path);
    } catch {
      throw new Error(
        `Aucune base Guichet dans ${dataDir} (${DATABASE_FILE} manque) : vérifiez DATA_DIR.`,
      );
    }
  }
  if (!(await isEmptyOrAbsent(target))) {
    throw new Error(
      `Le dossier ${target} n’est pas vide : une sauvegarde s’écrit dans un dossier neuf. Choisissez un autre dossier (par exemple avec la date dans son nom).`,
    );
  }
  await Deno.mkdir(target, { recursive: true });
  const createdAt = (opts.clock ?? (() => new Date()))().toISOString();
  try {
    const files: ManifestEntry[] = [];
    let migrations: readonly string[];
    const resume = await pauseRemovals(`${dataDir}/files`);
    try {
      let contents: SnapshotContents;
      if (source.kind === "postgres") {
        contents = await dumpPostgres(source.url, `${target}/${POSTGRES_DUMP_FILE}`);
      } else {
        await snapshotDatabaseInWorker(source.path, `${target}/${DATABASE_FILE}`);
        contents = readSnapshot(`${target}/${DATABASE_FILE}`);
      }
      migrations = contents.migrations;
      const missing: string[] = [];
      for (const key of new Set(contents.storageKeys)) {
        const path = blobPath(key);
        try {
          files.push({
            path,
            ...await copyFingerprinted(`${dataDir}/${path}`, `${target}/${path}`),
          });
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
          missing.push(path);
        }
      }
      if (missing.length > 0) {
        throw new Error(
          `Sauvegarde impossible : ${missing.length} fichier(s) nommé(s) par la base manque(nt) déjà dans ${dataDir} (${
            missing.slice(0, 5).join(", ")
          }${
            missing.length > 5 ? ", …" : ""
          }). Remettez-les en place depuis une sauvegarde précédente, puis recommencez.`,
        );
      }
    } finally {
      resume();
    }
    files.unshift({ path: databaseFile, ...await fingerprint(`${target}/${databaseFile}`) });
    const manifest: Manifest = {
      format: 1,
      application: "guichet",
      version: GUICHET_VERSION,
      createdAt,
      database: source.kind,
      migrations: [...migrations],
      files,
    };
    // Written last, under a temporary name: a folder with a manifest is a finished backup.
    await Deno.writeTextFile(`${target}/${MANIFEST}.part`, JSON.stringify(manifest, null, 2));
    await Deno.rename(`${target}/${MANIFEST}.part`, `${target}/${MANIFEST}`);
    return manifest;
  } catch (error) {
    await Deno.remove(target, { recursive: true }).catch(() => {});
    throw error;
  }
}

/**
 * Restores the backup in `source` into `dataDir`, which must be empty or absent (a running or
 * former instance is never written over), and, for a PostgreSQL backup, into the empty
 * database `database` names. Every file's checksum is checked first: a file changed or missing
 * stops the restore before anything is written, naming it.
 */
export async function restoreBackup(
  opts: { source: string; dataDir: string; database?: DatabaseTarget },
): Promise<Manifest> {
  const { source, dataDir } = opts;
  const into = opts.database ?? { kind: "sqlite" as const, path: `${dataDir}/${DATABASE_FILE}` };
  if (!(await isEmptyOrAbsent(dataDir))) {
    throw new Error(
      `DATA_DIR (${dataDir}) n’est pas vide : la restauration n’écrit que dans un dossier vide, pour ne jamais écraser des données. Arrêtez Guichet, renommez ce dossier (ou choisissez un autre DATA_DIR), puis relancez la restauration.`,
    );
  }
  const manifest = await readManifest(source);
  const newer = manifest.migrations.filter((m) =>
    !m.startsWith("p_") && !CORE_MIGRATIONS.includes(m)
  );
  if (newer.length > 0) {
    throw new Error(
      `Cette sauvegarde vient d’une version plus récente de Guichet (${manifest.version} ; migrations inconnues ici : ${
        newer.join(", ")
      }). Installez cette version ou une plus récente, puis restaurez.`,
    );
  }
  if (manifest.database !== into.kind) {
    throw new Error(
      manifest.database === "postgres"
        ? `Cette sauvegarde est celle d’une instance PostgreSQL (${POSTGRES_DUMP_FILE}) : restaurez-la avec DATABASE_URL pointant sur une base PostgreSQL vide.`
        : `Cette sauvegarde est celle d’une instance SQLite (${DATABASE_FILE}) : restaurez-la sans DATABASE_URL, puis passez à PostgreSQL avec « deno task migrate-to-postgres » (README « Passer à PostgreSQL »).`,
    );
  }
  const databaseFile = into.kind === "postgres" ? POSTGRES_DUMP_FILE : DATABASE_FILE;
  if (!manifest.files.some((f) => f.path === databaseFile)) {
    throw new Error(`Le manifeste de ${source} ne nomme pas ${databaseFile} : sauvegarde abîmée.`);
  }
  if (into.kind === "postgres") await assertEmptyPostgres(into.url);
  const damaged: string[] = [];
  for (const entry of manifest.files) {
    try {
      const found = await fingerprint(`${source}/${entry.path}`);
      if (found.sha256 !== entry.sha256 || found.size !== entry.size) {
        damaged.push(`${entry.path} (contenu modifié)`);
      }
    } catch {
      damaged.push(`${entry.path} (absent)`);
    }
  }
  if (damaged.length > 0) {
    throw new Error(
      `Sauvegarde abîmée, rien n’a été restauré : ${damaged.length} fichier(s) ne correspond(ent) pas à l’empreinte SHA-256 du manifeste : ${
        damaged.slice(0, 10).join(", ")
      }${
        damaged.length > 10 ? ", …" : ""
      }. Restaurez une autre sauvegarde, ou remettez ces fichiers depuis une autre copie de celle-ci.`,
    );
  }
  await Deno.mkdir(`${dataDir}/files`, { recursive: true });
  try {
    for (const entry of manifest.files) {
      // The dump goes into PostgreSQL, last: in one transaction, once the files are in place.
      if (into.kind === "postgres" && entry.path === POSTGRES_DUMP_FILE) continue;
      const copied = await copyFingerprinted(`${source}/${entry.path}`, `${dataDir}/${entry.path}`);
      if (copied.sha256 !== entry.sha256) {
        throw new Error(
          `${entry.path} a changé pendant la restauration : recommencez, sans toucher à la sauvegarde.`,
        );
      }
    }
    if (into.kind === "postgres") {
      await restorePostgres(into.url, `${source}/${POSTGRES_DUMP_FILE}`);
    }
  } catch (error) {
    // DATA_DIR was empty: what is in it now is this restore's own, half done.
    for await (const e of Deno.readDir(dataDir)) {
      await Deno.remove(`${dataDir}/${e.name}`, { recursive: true }).catch(() => {});
    }
    throw error;
  }
  return manifest;
}
