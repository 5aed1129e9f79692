/**
 * `deno task release <dossier>`: one archive, `guichet-<version>.tar.gz`, for a server that
 * reaches no package registry. It holds the code (core/, plugins/, migrations/), the built UI,
 * every npm package the server runs (`node_modules/`, installed from this machine's Deno
 * cache), a `deno.json` whose tasks run with `--cached-only` (nothing is ever fetched: a
 * missing package is an error, not a download), and the README's sections for operators.
 * Unpacked on a machine with only Deno, `deno task start` serves.
 */
import { isAbsolute, resolve } from "node:path";
import { GUICHET_VERSION } from "./manifest.ts";

const ROOT = resolve(new URL("../..", import.meta.url).pathname);

/** npm packages only the UI's build, the tests or the benchmarks use: left out. */
const NOT_SHIPPED = new Set([
  "vite",
  "vite-plugin-solid",
  "playwright-core",
  "@axe-core/playwright",
  "uvu",
  "@types/sanitize-html",
  "solid-js",
  "solid-js/",
  "@solidjs/router",
]);

/** Folders of the repository the archive holds, as they are. */
const SHIPPED = ["core", "plugins", "migrations"];

/** The README's sections an operator needs, by their `## ` heading. */
const README_SECTIONS = ["Installer sans internet", "Sauvegarder et restaurer", "Configuration"];

async function run(cmd: string, args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!out.success) {
    const said = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`${cmd} ${args.join(" ")} a échoué (code ${out.code}) :\n${said}`);
  }
}

/** Copies a tree, following links (the built UI may be a link to its build). */
async function copyTree(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from);
  if (info.isDirectory) {
    await Deno.mkdir(to, { recursive: true });
    for await (const e of Deno.readDir(from)) {
      if (e.name === "node_modules") continue;
      await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    }
  } else {
    await Deno.copyFile(from, to);
  }
}

/** The README's operator sections, with a title. */
export function readmeExcerpt(readme: string): string {
  const parts = readme.split(/^(?=## )/m);
  const picked = README_SECTIONS.map((title) => parts.find((p) => p.startsWith(`## ${title}\n`)))
    .filter((p): p is string => p !== undefined);
  return `# Guichet ${GUICHET_VERSION}\n\nExtrait du README pour installer et exploiter Guichet depuis cette archive (le README complet est dans le dépôt du projet).\n\n${
    picked.join("\n").trim()
  }\n`;
}

/** The archive's `deno.json`: the server's imports, and tasks that never download. */
// deno-lint-ignore no-explicit-any
export function releaseConfig(config: any): unknown {
  const imports = Object.fromEntries(
    Object.entries(config.imports as Record<string, string>).filter(([k]) => !NOT_SHIPPED.has(k)),
  );
  const offline = (task: string) => task.replaceAll("deno run ", "deno run --cached-only ");
  return {
    nodeModulesDir: "auto",
    tasks: {
      start: offline(config.tasks.start),
      backup: offline(config.tasks.backup),
      restore: offline(config.tasks.restore),
    },
    imports,
    compilerOptions: config.compilerOptions,
  };
}

/** Builds the archive into `folder`; returns its path. */
export async function buildRelease(folder: string): Promise<string> {
  const name = `guichet-${GUICHET_VERSION}`;
  const staging = await Deno.makeTempDir({ prefix: "guichet-release-" });
  const tree = `${staging}/${name}`;
  try {
    // The UI, built now if its sources changed since the last build.
    await run(Deno.execPath(), ["run", "-A", "core/setup.ts"], ROOT);
    for (const dir of SHIPPED) await copyTree(`${ROOT}/${dir}`, `${tree}/${dir}`);
    await copyTree(`${ROOT}/ui/dist`, `${tree}/ui/dist`);
    // Newer than every source copied, so the start never rebuilds it (nor could).
    const now = new Date();
    await Deno.utime(`${tree}/ui/dist/index.html`, now, now);
    await Deno.copyFile(`${ROOT}/deno.lock`, `${tree}/deno.lock`);
    const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
    await Deno.writeTextFile(
      `${tree}/deno.json`,
      JSON.stringify(releaseConfig(config), null, 2) + "\n",
    );
    await Deno.writeTextFile(
      `${tree}/README.md`,
      readmeExcerpt(await Deno.readTextFile(`${ROOT}/README.md`)),
    );
    await Deno.writeTextFile(`${tree}/VERSION`, `${GUICHET_VERSION}\n`);
    // node_modules/ from this machine's cache: every package the server and its plugins import.
    const entrypoints = [
      "core/main.ts",
      "core/setup.ts",
      "core/operations/cli.ts",
      "core/db/snapshot_worker.ts",
    ];
    for await (const p of Deno.readDir(`${tree}/plugins`)) {
      try {
        await Deno.stat(`${tree}/plugins/${p.name}/mod.ts`);
        entrypoints.push(`plugins/${p.name}/mod.ts`);
      } catch {
        // not a plugin folder
      }
    }
    await run(Deno.execPath(), ["install", "--entrypoint", ...entrypoints], tree);
    await Deno.mkdir(folder, { recursive: true });
    const archive = `${folder}/${name}.tar.gz`;
    await run("tar", ["-czf", archive, "-C", staging, name], staging);
    return archive;
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const [folder] = Deno.args;
  if (!folder) {
    console.error("Utilisation : deno task release <dossier>   (y écrit guichet-<version>.tar.gz)");
    Deno.exit(2);
  }
  const from = Deno.env.get("INIT_CWD") ?? Deno.cwd();
  try {
    const archive = await buildRelease(isAbsolute(folder) ? folder : resolve(from, folder));
    console.log(
      `Archive prête : ${archive}\nSur le serveur : tar -xzf ${
        archive.split("/").at(-1)
      } puis, dans le dossier, deno task start (voir son README.md).`,
    );
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(1);
  }
}
