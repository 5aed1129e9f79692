/**
 * First step of `deno task start`, and all of `deno task build`: makes sure the UI served from
 * `UI_DIR` (default `ui/dist`) was built from the current sources and for the plugins that
 * `GUICHET_PLUGINS` lists, so a fresh clone needs no other command and a plugin installed by
 * configuration brings its champ types' interface at the next start. The e2e tests call
 * `ensureUiBuilt()` for the same reason.
 *
 * What a build was made from is its fingerprint (`uiFingerprint`), written into the build; a
 * start whose fingerprint differs rebuilds, one whose fingerprint matches builds nothing.
 *
 * A build never disturbs a server running meanwhile: Vite writes into a fresh folder of
 * `<UI_DIR>_builds/`, the previous build's hashed assets are linked into it (a page loaded
 * before the switch still finds its lazy chunks after it), then `UI_DIR`, a symbolic link to the
 * current build, is replaced by one `rename`, which is atomic.
 */
import * as v from "valibot";
import { createHash } from "node:crypto";
import { basename, dirname, join, relative } from "node:path";
import { DEFAULT_UI_DIR, loadConfig } from "./config.ts";
import { BUILTIN_PLUGINS, uiFileOf } from "./plugin_host/load.ts";
import { fromFileUrl } from "./_paths.ts";

const ROOT = dirname(dirname(fromFileUrl(import.meta.url)));

/** What a build records of itself, in `<build>/.guichet-build.json` (never served). */
const RECORD = ".guichet-build.json";
const RecordSchema = v.object({
  fingerprint: v.string(),
  /** The configured plugins it was built for, after the built-ins. */
  plugins: v.array(v.string()),
  /** Its own files under `assets/`, those the next build keeps for pages already loaded. */
  assets: v.array(v.string()),
});
type BuildRecord = v.InferOutput<typeof RecordSchema>;

/** Builds older than this, neither current nor previous, are deleted after a switch. */
const KEEP_MS = 60 * 60_000;

/** The sources every build reads, from the repository's root. */
const SOURCES = ["vite.config.ts", "ui", "plugins", "core/shared"];

async function hashTree(hash: ReturnType<typeof createHash>, path: string, name: string) {
  const info = await Deno.stat(path).catch(() => null);
  if (!info) return;
  if (info.isFile) {
    hash.update(`${name}\0`).update(await Deno.readFile(path)).update("\0");
    return;
  }
  const entries: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    // Builds, packages and hidden folders are outputs or tools, not sources of the UI.
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    if (name === "ui" && (entry.name === "dist" || entry.name === "dist_builds")) continue;
    entries.push(entry.name);
  }
  for (const entry of entries.sort()) await hashTree(hash, join(path, entry), `${name}/${entry}`);
}

/**
 * The fingerprint of the UI a build makes for these configured plugins: the built-in and
 * configured plugin lists, the UI's sources, the packages deno.json names, and the folder of
 * each configured plugin that has a `ui.tsx` (a server-only plugin changes nothing built).
 */
export async function uiFingerprint(plugins: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([BUILTIN_PLUGINS, plugins])).update("\0");
  const { imports } = v.parse(
    v.object({ imports: v.optional(v.record(v.string(), v.string())) }),
    JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))),
  );
  hash.update(JSON.stringify(imports ?? null)).update("\0");
  for (const source of SOURCES) await hashTree(hash, join(ROOT, source), source);
  for (const [i, plugin] of plugins.entries()) {
    const ui = uiFileOf(plugin, ROOT);
    if (ui) await hashTree(hash, dirname(ui), `plugin${i}`);
  }
  return hash.digest("hex");
}

/** The record of the build `dir` serves now, or null when there is none (or an old one). */
export async function currentBuild(dir: string): Promise<BuildRecord | null> {
  try {
    const parsed = v.safeParse(
      RecordSchema,
      JSON.parse(await Deno.readTextFile(join(dir, RECORD))),
    );
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) files.push(...await filesUnder(dir, path));
    else files.push(path);
  }
  return files;
}

/**
 * Puts into the fresh build `next` the previous build's own hashed assets it lacks: a page
 * loaded from the previous `index.html` asks for them after the switch. A hard link costs no
 * copy; a copy is the fallback across file systems. One generation only is kept this way.
 */
async function keepPreviousAssets(previous: string, next: string): Promise<void> {
  const record = await currentBuild(previous);
  const assets = record?.assets ??
    (await filesUnder(join(previous, "assets")).catch(() => [])).map((f) => `assets/${f}`);
  for (const file of assets) {
    const target = join(next, file);
    if (await exists(target)) continue;
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.link(join(previous, file), target)
      .catch(() => Deno.copyFile(join(previous, file), target))
      .catch(() => {}); // gone meanwhile: nothing to keep
  }
}

/** Deletes the old builds but the current and previous ones, and those too young to judge. */
async function removeOldBuilds(builds: string, keep: readonly string[]): Promise<void> {
  const now = Date.now();
  for await (const entry of Deno.readDir(builds)) {
    const path = join(builds, entry.name);
    if (keep.includes(path)) continue;
    // A young folder may be another process's build in progress.
    const mtime = (await Deno.lstat(path).catch(() => null))?.mtime?.getTime() ?? now;
    if (now - mtime > KEEP_MS) await Deno.remove(path, { recursive: true }).catch(() => {});
  }
}

/**
 * Builds the UI for `plugins` into a fresh folder beside `dir` and switches `dir` to it; false
 * when Vite fails (its output is shown), the served build then left as it was.
 */
async function buildUi(dir: string, plugins: readonly string[], fingerprint: string) {
  const builds = `${dir}_builds`;
  await Deno.mkdir(builds, { recursive: true });
  const id = `${Date.now().toString(36)}-${fingerprint.slice(0, 8)}-${
    crypto.randomUUID().slice(0, 4)
  }`;
  const next = join(builds, id);
  const vite = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "npm:vite@8.3.4", "build", "--config", "vite.config.ts"]
      .concat(["--outDir", next, "--emptyOutDir"]),
    cwd: ROOT,
    env: { GUICHET_PLUGINS: plugins.join(",") },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!vite.success) {
    await Deno.remove(next, { recursive: true }).catch(() => {});
    return false;
  }
  const record: BuildRecord = {
    fingerprint,
    plugins: [...plugins],
    assets: (await filesUnder(join(next, "assets")).catch(() => [])).map((f) => `assets/${f}`),
  };
  await Deno.writeTextFile(join(next, RECORD), JSON.stringify(record, null, 2));

  const served = await Deno.lstat(dir).catch(() => null);
  let previous: string | null = null;
  if (served?.isSymlink) previous = join(dirname(dir), await Deno.readLink(dir));
  else if (served) {
    // A folder from before builds were switched by a link: moved aside once, kept as the
    // previous build (the only moment a request may find no UI).
    previous = join(builds, `${id}-avant`);
  }
  if (previous) await keepPreviousAssets(served?.isSymlink ? previous : dir, next);
  if (served && !served.isSymlink) {
    await Deno.rename(dir, previous!).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // another start moved it
    });
  }
  const link = join(builds, `${id}.lien`);
  await Deno.symlink(relative(dirname(dir), next), link);
  await Deno.rename(link, dir);
  await removeOldBuilds(builds, [next, ...(previous ? [previous] : [])]);
  return true;
}

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);

/**
 * What to tell the operator when the UI served from `dir` was built for other plugins than
 * `plugins` (their champs would get a plain text input), ending with `advice`; null when it
 * was built for them, or when nothing says for what it was built.
 */
export async function otherPluginsWarning(
  dir: string,
  plugins: readonly string[],
  advice: string,
): Promise<string | null> {
  const built = await currentBuild(dir);
  if (!built || built.plugins.join(",") === plugins.join(",")) return null;
  const shown = (list: readonly string[]) => list.length ? `« ${list.join(",")} »` : "(vide)";
  return `Attention : l’interface servie a été construite pour GUICHET_PLUGINS=${
    shown(built.plugins)
  }, qui vaut maintenant ${
    shown(plugins)
  } : les champs des plugins qui lui manquent s’afficheraient en simple zone de texte. ${advice}`;
}

/**
 * A tree without the UI's sources (`deno task release`'s archive) serves the build it ships:
 * true when there is one, with a warning when it was made for other plugins.
 */
async function shippedUi(dir: string, plugins: readonly string[]): Promise<boolean> {
  if (!await exists(join(dir, "index.html"))) {
    console.error(
      `L’interface n’est pas construite dans ${dir} et ne peut pas l’être ici (pas de vite.config.ts) : installez une archive qui la contient.`,
    );
    return false;
  }
  const warning = await otherPluginsWarning(
    dir,
    plugins,
    "Construisez l’archive avec ce GUICHET_PLUGINS.",
  );
  if (warning) console.error(warning);
  return true;
}

/** Where and for what `ensureUiBuilt` builds. */
export interface UiBuildOptions {
  /** Plugins configured after the built-ins (`GUICHET_PLUGINS`); default none. */
  readonly plugins?: readonly string[];
  /** The served folder (`UI_DIR`), a link to the current build; default `ui/dist`. */
  readonly dir?: string;
  /** Build even when the fingerprint matches (`deno task build`); default false. */
  readonly force?: boolean;
}

/**
 * Builds the UI when the one served from `dir` was not made from the current sources for
 * these plugins (or `force`); returns false when the build fails (its output is shown).
 *
 * @example
 * ```ts
 * await ensureUiBuilt({ plugins: config.plugins, dir: config.uiDir });
 * ```
 */
export async function ensureUiBuilt(opts: UiBuildOptions = {}): Promise<boolean> {
  const dir = opts.dir ?? DEFAULT_UI_DIR;
  const plugins = opts.plugins ?? [];
  if (!await exists(join(ROOT, "vite.config.ts"))) return await shippedUi(dir, plugins);
  const fingerprint = await uiFingerprint(plugins);
  const built = await currentBuild(dir);
  if (!opts.force && built?.fingerprint === fingerprint) return true;
  const why = !built
    ? "pas encore construite"
    : built.fingerprint === fingerprint
    ? "demandée"
    : built.plugins.join(",") !== plugins.join(",")
    ? "GUICHET_PLUGINS a changé"
    : "ses sources ont changé";
  console.log(`Construction de l’interface dans ${basename(dir)} (${why}, vite build)…`);
  return await buildUi(dir, plugins, fingerprint);
}

if (import.meta.main) {
  let ok = false;
  try {
    const config = loadConfig(Deno.env.toObject());
    ok = await ensureUiBuilt({
      plugins: config.plugins,
      dir: config.uiDir,
      force: Deno.args.includes("--force"),
    });
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(1);
  }
  if (!ok) {
    console.error("La construction de l’interface a échoué : voir les messages ci-dessus.");
    Deno.exit(1);
  }
}
