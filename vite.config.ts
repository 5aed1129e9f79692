/**
 * Builds the SolidJS app from `ui/` (into the folder `core/setup.ts` gives with `--outDir`: run it
 * through `deno task build`). Also generates `ui/plugin_modules.ts`:
 * one import per installed plugin whose folder holds a `ui.tsx` (the built-ins of
 * `core/plugin_host/load.ts`, then `GUICHET_PLUGINS`), so installing a plugin with a UI is
 * configuration plus a rebuild. The file on disk is an empty stand-in that type checking sees.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";
import { BUILTIN_PLUGINS, uiFileOf } from "./core/plugin_host/load.ts";

const ROOT = dirname(fileURLToPath(import.meta.url));
const GENERATED = resolve(ROOT, "ui/plugin_modules.ts");

/** The source of `ui/plugin_modules.ts` for these plugin specifiers. */
export function pluginModulesSource(specifiers: readonly string[]): string {
  const found = specifiers.flatMap((source) => {
    const file = uiFileOf(source, ROOT);
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

/** Files compressed at build time: those `core/ui_files.ts` serves compressed. */
const COMPRESSIBLE = [".html", ".js", ".css", ".svg", ".json"];

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside each text
 * file of the build, when they are smaller: the server sends the one the browser accepts,
 * with no compression work per request.
 */
function precompress(): Plugin {
  let outDir = "";
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : [path];
    });
  return {
    name: "guichet-precompress",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      // A failed build wrote nothing: Vite reports its error, not this plugin's.
      if (!existsSync(outDir)) return;
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.includes(extname(file))) continue;
        const bytes = new Uint8Array(readFileSync(file));
        const br = brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        });
        const gz = gzipSync(bytes, { level: 9 });
        if (br.length < bytes.length) writeFileSync(`${file}.br`, new Uint8Array(br));
        if (gz.length < bytes.length) writeFileSync(`${file}.gz`, new Uint8Array(gz));
      }
    },
  };
}

export default defineConfig({
  root: "ui",
  plugins: [guichetPlugins(), solid(), precompress()],
  resolve: {
    // A plugin folder outside the repository imports the UI SDK by the name deno.json maps
    // (README « Writing a plugin »), and uses the app's copies of Solid and valibot, never
    // its own: it has no node_modules of its own to find them in.
    alias: [{ find: /^@guichet\/plugin_sdk\/ui$/, replacement: resolve(ROOT, "ui/plugin_sdk.ts") }],
    dedupe: ["solid-js", "@solidjs/router", "valibot"],
  },
  build: {
    // `deno task build` (core/setup.ts) passes `--outDir`, a fresh folder it then switches to.
    // Run alone, Vite writes beside the served build, never into it under a running server.
    outDir: "dist_builds/vite",
    emptyOutDir: true,
    // `.vite/manifest.json`: each space's chunks, which the server names in the page it sends
    // (`<link rel="modulepreload">`, core/ui_files.ts) so they load beside the entry.
    manifest: true,
    target: "es2022",
    rolldownOptions: {
      // On busy shared machines the timing report is noise, not a finding.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [{
            // The small modules several spaces share, in one chunk rather than a request each
            // (a phone opens 6 connections at most over HTTP/1.1). A captured module brings its
            // imports along: the dossier's, instructeurs' and administrateurs' components, the
            // plugins' champs and the form's rules stay out, or every space would load them.
            name: "shared",
            test: (id: string) =>
              /[\\/]ui[\\/]/.test(id) &&
              !/plugin|visibility|components[\\/](dossier|instruction|admin|editor)[\\/]/.test(id),
            minShareCount: 2,
            maxModuleSize: 6_000,
          }],
        },
      },
    },
  },
  server: {
    proxy: {
      "/trpc": "http://127.0.0.1:8000",
      "/files": "http://127.0.0.1:8000",
      "/_dev": "http://127.0.0.1:8000",
    },
  },
});
