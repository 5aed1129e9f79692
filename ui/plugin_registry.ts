/**
 * The UI halves of installed plugins. A plugin folder may hold a `ui.tsx` whose default
 * export is a `PluginUi`; `vite.config.ts` imports every one of them at build time (built-ins,
 * then `GUICHET_PLUGINS`) into `plugin_modules.ts`, and the app reads them from here.
 *
 * @example
 * ```tsx
 * // plugins/champs_standard/ui.tsx
 * import type { PluginUi } from "../../ui/plugin_sdk.ts";
 * export default {
 *   id: "champs_standard",
 *   champTypes: { text: { Input: (p) => <input id={p.id} value={String(p.value ?? "")} /> } },
 * } satisfies PluginUi;
 * ```
 */
import type { Component } from "solid-js";
import { pluginModules } from "./plugin_modules.ts";

/** What a champ input receives from the dossier form (or the editor's preview). */
export interface ChampInputProps {
  readonly id: string;
  /** The champ's stable id (a block's child's own), for uploads made for it. */
  readonly stableId?: string;
  readonly value: unknown;
  readonly options: unknown;
  /** The champ's label, for inputs that render it themselves (`labelling: "self"`). */
  readonly label?: string;
  readonly describedBy?: string;
  readonly invalid?: boolean;
  readonly mandatory?: boolean;
  onChange(value: unknown): void;
}

/** What a champ display receives: the stored value; structure champs read label and text. */
export interface ChampDisplayProps {
  readonly value: unknown;
  readonly options: unknown;
  readonly label?: string;
  readonly description?: string;
}

/** What an options editor receives: the champ's options, and where to send new ones. */
export interface OptionsEditorProps {
  readonly options: Readonly<Record<string, unknown>>;
  onChange(options: Record<string, unknown>): void;
  /** Prefix for the ids of its inputs, unique in the page. */
  readonly idPrefix: string;
}

/**
 * How a champ serves as the source of a condition (« Afficher ce champ si… »). Mirrors the
 * server type's `conditionSource` and `choices`, which the editor cannot read from the API.
 */
export interface ConditionSourceUi {
  /** How the whole value compares; absent when only sub-values compare (communes). */
  readonly operand?: "boolean" | "number" | "enum" | "enums";
  /** The values offered for an `enum`/`enums` operand, from the champ's options. */
  readonly choices?: (options: Readonly<Record<string, unknown>>) => readonly string[];
  /** A champ type whose `Input` picks a compared value (a code) when there are no choices. */
  readonly valueType?: string;
  /** Sub-values a condition may read: `departement` « dans le département »… */
  readonly paths?: readonly {
    readonly path: string;
    /** `dans le département`: completes « est … » and « n’est pas … ». */
    readonly label: string;
    /** Champ type whose `Input` picks the compared code. */
    readonly valueType: string;
  }[];
}

export type Labelling = "label" | "fieldset" | "self";

/** The UI of one champ type: its input in a dossier, its read-only display, its options. */
export interface ChampTypeUi {
  readonly Input?: Component<ChampInputProps>;
  readonly Display?: Component<ChampDisplayProps>;
  /** Edits the champ's options in the form editor; absent: the type has none to set. */
  readonly OptionsEditor?: Component<OptionsEditorProps>;
  /**
   * Who labels the input: `label` (default) a `<label for>` above it; `fieldset` a
   * fieldset whose legend is the label (radios, checkboxes, pairs of lists); `self` the
   * Input itself (a single checkbox, label beside the box).
   */
  readonly labelling?: Labelling | ((options: Readonly<Record<string, unknown>>) => Labelling);
  /** False for structure champs: the form renders their `Display`, nothing to fill. */
  readonly fillable?: boolean;
  /** True for a repetition block: the form renders rows of its children, not an Input. */
  readonly container?: boolean;
  readonly condition?: ConditionSourceUi;
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
