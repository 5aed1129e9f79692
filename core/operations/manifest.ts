/**
 * The manifest of a backup (`manifest.json`, written last: a folder without one is an
 * unfinished backup): what made it, when, the migrations its database has, and every file
 * with its size and SHA-256.
 */
import * as v from "valibot";
import { createHash } from "node:crypto";

/** Guichet's version, written in backups and release archives. */
export const GUICHET_VERSION = "1.0.0";

/** The manifest's file name inside a backup folder. */
export const MANIFEST = "manifest.json";

/** The database's file name, in DATA_DIR and in a backup. */
export const DATABASE_FILE = "guichet.sqlite";

const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

export const manifestSchema = v.object({
  format: v.literal(1),
  application: v.literal("guichet"),
  version: v.string(),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  /** The database it is a copy of: a SQLite file (the default), or a PostgreSQL dump. */
  database: v.optional(v.picklist(["sqlite", "postgres"]), "sqlite"),
  /** Names of the migrations applied to the copied database. */
  migrations: v.array(v.string()),
  files: v.array(v.object({
    /** Path inside the backup folder (`guichet.sqlite` or `guichet.pgdump`, `files/ab/cd/<key>`). */
    path: v.pipe(
      v.string(),
      v.check((p) => !p.startsWith("/") && !p.split("/").includes(".."), "chemin non valide"),
    ),
    size: v.pipe(v.number(), v.integer(), v.minValue(0)),
    sha256,
  })),
});

export type Manifest = v.InferOutput<typeof manifestSchema>;
export type ManifestEntry = Manifest["files"][number];

/** Reads and checks a backup's manifest; throws a French message saying what is wrong. */
export async function readManifest(folder: string): Promise<Manifest> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${folder}/${MANIFEST}`);
  } catch {
    throw new Error(
      `${folder} n’est pas une sauvegarde complète de Guichet : ${MANIFEST} y manque (une sauvegarde interrompue n’en a pas). Choisissez un autre dossier de sauvegarde.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = v.safeParse(manifestSchema, json);
  if (!parsed.success) {
    throw new Error(
      `${folder}/${MANIFEST} est illisible ou abîmé (${
        v.getDotPath(parsed.issues[0]) ?? "contenu"
      } : ${parsed.issues[0].message}) : cette sauvegarde ne peut pas être restaurée.`,
    );
  }
  return parsed.output;
}

/** Size and SHA-256 of a file, read as a stream. */
export async function fingerprint(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  const file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest("hex") };
}
