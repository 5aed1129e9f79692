/**
 * `deno task backup <dossier>` and `deno task restore <dossier>`: the operator's commands.
 * DATA_DIR (and the rest of the configuration) comes from the environment like for
 * `deno task start`; a relative folder is read from where the command was typed.
 */
import { isAbsolute, resolve } from "node:path";
import { loadConfig } from "../config.ts";
import { restoreBackup, takeBackup } from "./backup.ts";

const USAGE = `Utilisation :
  deno task backup <dossier>    sauvegarde l’instance (DATA_DIR, et la base de DATABASE_URL s’il y en a une)
                                dans un dossier neuf, même pendant qu’elle sert
  deno task restore <dossier>   restaure une sauvegarde dans DATA_DIR, qui doit être vide (et dans la base
                                PostgreSQL vide de DATABASE_URL pour une sauvegarde PostgreSQL)`;

/** Runs one command; returns the process's exit code. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
): Promise<number> {
  const [command, folder] = args;
  if ((command !== "backup" && command !== "restore") || !folder) {
    console.error(USAGE);
    return 2;
  }
  const from = env.INIT_CWD ?? Deno.cwd();
  const target = isAbsolute(folder) ? folder : resolve(from, folder);
  try {
    const config = loadConfig(env);
    const database = config.database;
    if (command === "backup") {
      const manifest = await takeBackup({ dataDir: config.dataDir, target, database });
      console.log(
        `Sauvegarde faite dans ${target} : la base (${
          database.kind === "postgres" ? "pg_dump" : "SQLite"
        }) et ${
          manifest.files.length - 1
        } fichier(s), ${manifest.migrations.length} migrations, empreintes SHA-256 dans manifest.json.`,
      );
    } else {
      const manifest = await restoreBackup({ source: target, dataDir: config.dataDir, database });
      console.log(
        `Sauvegarde du ${manifest.createdAt} restaurée dans ${config.dataDir}${
          database.kind === "postgres" ? " et la base PostgreSQL de DATABASE_URL" : ""
        } (${manifest.files.length} fichiers vérifiés). Lancez Guichet avec ce DATA_DIR${
          database.kind === "postgres" ? " et cette DATABASE_URL" : ""
        }.`,
      );
    }
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await runCli(Deno.args, Deno.env.toObject()));
