/**
 * First step of `deno task start`: makes sure the UI is built and up to date, so a fresh
 * clone needs no other command. npm packages are fetched by Deno itself on first run.
 * The e2e tests call `ensureUiBuilt()` for the same reason.
 */
import { dirname, fromFileUrl } from "./_paths.ts";

const root = dirname(dirname(fromFileUrl(import.meta.url)));

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name === "dist" || entry.name === "node_modules") continue;
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) newest = Math.max(newest, await newestMtime(path));
    else newest = Math.max(newest, (await Deno.stat(path)).mtime?.getTime() ?? 0);
  }
  return newest;
}

async function builtAt(): Promise<number> {
  try {
    return (await Deno.stat(`${root}/ui/dist/index.html`)).mtime?.getTime() ?? 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `deno task build` when `ui/dist/index.html` is missing or older than a file of `ui/`
 * or `plugins/`; returns false when the build fails (its output is shown).
 */
export async function ensureUiBuilt(): Promise<boolean> {
  const sources = Math.max(await newestMtime(`${root}/ui`), await newestMtime(`${root}/plugins`));
  if ((await builtAt()) >= sources) return true;
  console.log("Construction de l’interface (vite build)…");
  const build = await new Deno.Command(Deno.execPath(), {
    args: ["task", "build"],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return build.success;
}

if (import.meta.main && !(await ensureUiBuilt())) {
  console.error("La construction de l’interface a échoué : voir les messages ci-dessus.");
  Deno.exit(1);
}
