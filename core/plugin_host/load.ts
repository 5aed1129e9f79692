/**
 * Loads plugin modules from specifiers: built-ins from `plugins/`, plus whatever the
 * configuration lists (a folder path, `npm:` or `jsr:` specifier). A module that fails to
 * import is reported like a plugin that fails to register.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { PluginSource } from "./host.ts";

/** Built-in plugins, in registration order. */
export const BUILTIN_PLUGINS: readonly string[] = [
  "plugins/mail_smtp",
  "plugins/champs_standard",
  "plugins/champs_territoire",
  "plugins/invitation_email",
  "plugins/export_csv",
  "plugins/export_xlsx",
  "plugins/export_ods",
  "plugins/export_zip",
  "plugins/export_json",
  "plugins/webhook",
  "plugins/attestation_pdf",
  "plugins/antivirus_clamav",
  "plugins/oidc",
];

/** Where a configured specifier points: folders get `mod.ts`, registry specifiers stay as is. */
export function moduleUrl(specifier: string, root: string): string {
  if (/^(npm|jsr|https?|file):/.test(specifier)) return specifier;
  const path = resolve(root, specifier);
  return pathToFileURL(path.endsWith(".ts") ? path : `${path}/mod.ts`).href;
}

/**
 * The `ui.tsx` of a plugin, when the specifier is a local folder (or a `.ts` file in one)
 * that has one; registry specifiers have none the build can read.
 */
export function uiFileOf(specifier: string, root: string): string | null {
  if (/^(npm|jsr|https?):/.test(specifier)) return null;
  const path = resolve(root, specifier.replace(/^file:\/\//, ""));
  const file = resolve(path.endsWith(".ts") ? dirname(path) : path, "ui.tsx");
  return existsSync(file) ? file : null;
}

/**
 * Imports every plugin module. A module that fails to import is also returned among the
 * sources, with its `importError`, so the host lists it with the plugins set aside.
 */
export async function loadPluginSources(
  specifiers: readonly string[],
  root: string,
): Promise<{ sources: PluginSource[]; importFailures: { source: string; reason: string }[] }> {
  const sources: PluginSource[] = [];
  const importFailures: { source: string; reason: string }[] = [];
  for (const specifier of specifiers) {
    try {
      const mod = await import(moduleUrl(specifier, root));
      sources.push({ source: specifier, definition: mod.default });
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      sources.push({ source: specifier, definition: undefined, importError: reason });
      importFailures.push({ source: specifier, reason });
    }
  }
  return { sources, importFailures };
}
