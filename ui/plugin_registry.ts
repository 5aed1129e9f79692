/**
 * The UI halves of installed plugins. A plugin folder may hold a `ui.tsx` whose default
 * export is a `PluginUi`; `vite.config.ts` imports every one of them at build time (built-ins,
 * then `GUICHET_PLUGINS`) into `plugin_modules.ts`, and the app reads them from here.
 *
 * @example
 * ```tsx
 * // plugins/champs_standard/ui.tsx
 * import type { PluginUi } from "../../ui/plugin_registry.ts";
 * export default {
 *   id: "champs_standard",
 *   champTypes: { text: { Input: (p) => <input id={p.id} value={String(p.value ?? "")} /> } },
 * } satisfies PluginUi;
 * ```
 */
import type { Component } from "solid-js";
import { pluginModules } from "./plugin_modules.ts";

/** What a champ input receives from the dossier form. */
export interface ChampInputProps {
  readonly id: string;
  readonly value: unknown;
  readonly options: unknown;
  readonly describedBy?: string;
  readonly invalid?: boolean;
  onChange(value: unknown): void;
}

/** The UI of one champ type: its input in a dossier, its read-only display. */
export interface ChampTypeUi {
  readonly Input?: Component<ChampInputProps>;
  readonly Display?: Component<{ readonly value: unknown; readonly options: unknown }>;
}

/** What a plugin's `ui.tsx` default-exports; `id` is the id of its `mod.ts`. */
export interface PluginUi {
  readonly id: string;
  readonly champTypes?: Readonly<Record<string, ChampTypeUi>>;
}

/** One imported `ui.tsx`, as `vite.config.ts` generates it. */
export interface PluginUiModule {
  /** The configured specifier of the plugin (e.g. `plugins/champs_standard`). */
  readonly source: string;
  readonly ui: PluginUi;
}

export interface PluginRegistry {
  readonly plugins: readonly PluginUi[];
  /** UI halves set aside: duplicate plugin id or champ type, or not a `PluginUi`. */
  readonly failures: readonly { readonly source: string; readonly reason: string }[];
  plugin(id: string): PluginUi | undefined;
  champType(type: string): ChampTypeUi | undefined;
}

/** Builds the registry; the first plugin to claim an id or a champ type keeps it. */
export function createPluginRegistry(modules: readonly PluginUiModule[]): PluginRegistry {
  const plugins: PluginUi[] = [];
  const failures: { source: string; reason: string }[] = [];
  const champTypes = new Map<string, ChampTypeUi>();
  for (const { source, ui } of modules) {
    if (!ui || typeof ui.id !== "string") {
      failures.push({ source, reason: "ui.tsx must default-export an object with an id" });
      continue;
    }
    if (plugins.some((p) => p.id === ui.id)) {
      failures.push({ source, reason: `Plugin id "${ui.id}" already has a UI` });
      continue;
    }
    const taken = Object.keys(ui.champTypes ?? {}).filter((t) => champTypes.has(t));
    if (taken.length > 0) {
      failures.push({ source, reason: `Champ type "${taken[0]}" already has a UI` });
      continue;
    }
    plugins.push(ui);
    for (const [type, champ] of Object.entries(ui.champTypes ?? {})) champTypes.set(type, champ);
  }
  return {
    plugins,
    failures,
    plugin: (id) => plugins.find((p) => p.id === id),
    champType: (type) => champTypes.get(type),
  };
}

export const pluginRegistry: PluginRegistry = createPluginRegistry(pluginModules);
