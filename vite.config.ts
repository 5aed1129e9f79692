/**
 * Builds the SolidJS app from `ui/` into `ui/dist`. Also generates `ui/plugin_modules.ts`:
 * one import per installed plugin whose folder holds a `ui.tsx` (the built-ins of
 * `core/plugin_host/load.ts`, then `GUICHET_PLUGINS`), so installing a plugin with a UI is
 * configuration plus a rebuild. The file on disk is an empty stand-in that type checking sees.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";
import { BUILTIN_PLUGINS } from "./core/plugin_host/load.ts";

const ROOT = dirname(fileURLToPath(import.meta.url));
const GENERATED = resolve(ROOT, "ui/plugin_modules.ts");

/** The `ui.tsx` of a configured plugin, when it is a local folder (or file) that has one. */
function uiFileOf(specifier: string): string | null {
  if (/^(npm|jsr|https?):/.test(specifier)) return null;
  const path = resolve(ROOT, specifier.replace(/^file:\/\//, ""));
  const file = resolve(path.endsWith(".ts") ? dirname(path) : path, "ui.tsx");
  return existsSync(file) ? file : null;
}

/** The source of `ui/plugin_modules.ts` for these plugin specifiers. */
export function pluginModulesSource(specifiers: readonly string[]): string {
  const found = specifiers.flatMap((source) => {
    const file = uiFileOf(source);
    return file ? [{ source, file }] : [];
  });
  const imports = found.map((f, i) => `import ui${i} from ${JSON.stringify(f.file)};`);
  const entries = found.map((f, i) => `{ source: ${JSON.stringify(f.source)}, ui: ui${i} }`);
  return `${imports.join("\n")}\nexport const pluginModules = [${entries.join(", ")}];\n`;
}

function guichetPlugins(): Plugin {
  const configured = (process.env.GUICHET_PLUGINS ?? "").split(",").map((s) => s.trim())
    .filter(Boolean);
  return {
    name: "guichet-plugins",
    enforce: "pre",
    load(id) {
      if (id.split("?")[0] !== GENERATED) return null;
      return pluginModulesSource([...BUILTIN_PLUGINS, ...configured]);
    },
  };
}

export default defineConfig({
  root: "ui",
  plugins: [guichetPlugins(), solid()],
  // Plugin folders outside the repository use the app's copy of Solid, never their own.
  resolve: { dedupe: ["solid-js", "@solidjs/router"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // On busy shared machines the timing report is noise, not a finding.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: {
      "/trpc": "http://127.0.0.1:8000",
      "/files": "http://127.0.0.1:8000",
      "/_dev": "http://127.0.0.1:8000",
    },
  },
});
