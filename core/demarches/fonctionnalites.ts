/**
 * The *Fonctionnalités* page of a démarche: every installed plugin, whether it is switched
 * on here, and its settings with the JSON Schema the UI builds the settings form from.
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import type { Deps } from "../deps.ts";
import type { Actor } from "../policy/mod.ts";
import { demarchePlugins, setDemarchePlugin } from "../plugin_host/service.ts";
import { administered } from "./_access.ts";

export const fonctionnalitesInputs = {
  list: v.object({ id: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  set: v.object({
    id: v.pipe(v.number(), v.integer(), v.minValue(1)),
    pluginId: v.pipe(v.string(), v.maxLength(64)),
    enabled: v.boolean("Indiquez si la fonctionnalité est activée."),
    settings: v.optional(v.unknown()),
  }),
};

export async function listFonctionnalites(deps: Deps, actor: Actor | null, input: { id: number }) {
  await administered(deps, actor, input.id);
  const states = await demarchePlugins(deps.db, deps.host, input.id);
  return deps.host.plugins.map((p) => {
    const state = states.find((s) => s.pluginId === p.id)!;
    return {
      id: p.id,
      label: p.label,
      description: p.description ?? "",
      optional: p.enabledByDefault === false,
      enabled: state.enabled,
      settings: state.settings ?? null,
      settingsSchema: p.settings ? toJsonSchema(p.settings, { errorMode: "ignore" }) : null,
    };
  });
}

export async function setFonctionnalite(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; pluginId: string; enabled: boolean; settings?: unknown },
) {
  await administered(deps, actor, input.id);
  await setDemarchePlugin(deps, {
    demarcheId: input.id,
    pluginId: input.pluginId,
    enabled: input.enabled,
    settings: input.settings,
  });
}
