/**
 * Stand-in for the generated list of plugin UI halves. At build time `vite.config.ts`
 * replaces this module's content with one import per plugin folder holding a `ui.tsx`;
 * type checking (and a plugin-less build) sees this empty list.
 */
import type { PluginUiModule } from "./plugin_registry.ts";

export const pluginModules: readonly PluginUiModule[] = [];
