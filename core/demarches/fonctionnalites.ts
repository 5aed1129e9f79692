/**
 * The *Fonctionnalités* page of a démarche: every installed plugin, whether it is switched
 * on here, and its settings with the JSON Schema the UI builds the settings form from.
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import type { Actor } from "../policy/mod.ts";
import { demarchePlugins, describePlugins, setDemarchePlugin } from "../plugin_host/service.ts";
import { AppError } from "../errors.ts";
import { administered } from "./_access.ts";
import { issueMessage, templateIssues } from "./attestation_tags.ts";
import { knownTags } from "../notifications/templates.ts";
import { parseForm } from "./codecs.ts";
import { recordEventAlone } from "../audit/service.ts";

/** The champs whose label is a tag: those the usager fills in. */
function taggedChamps(host: Deps["host"], draftForm: string) {
  return parseForm(draftForm).champs.filter((c) => host.champTypes.get(c.type)?.fillable !== false);
}

export const fonctionnalitesInputs = {
  list: v.object({ id: rowId("Démarche inconnue.") }),
  set: v.object({
    id: rowId("Démarche inconnue."),
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
      /** False for a plugin that serves the whole instance (an e-mail channel…). */
      perDemarche: !instanceWide(deps.host, p.id),
      /** Whether it writes the attestation an accepted dossier's usager receives. */
      attestation: deps.host.attestationGenerators.list().some((g) =>
        deps.host.attestationGenerators.ownerOf(g.id) === p.id
      ),
      /** Whether it calls another system at each event (its log: « Livraisons du webhook »). */
      webhook: deps.host.webhooks.list().some((w) => deps.host.webhooks.ownerOf(w.id) === p.id),
      settings: state.settings ?? null,
      settingsSchema: p.settings ? toJsonSchema(p.settings, { errorMode: "ignore" }) : null,
    };
  });
}

/**
 * A plugin that only delivers messages or checks files serves the whole instance: switching it
 * off for one démarche would mean nothing (its e-mails still need a channel, every upload is
 * scanned before anyone knows its démarche), so it cannot be.
 */
function instanceWide(host: Deps["host"], pluginId: string): boolean {
  const c = describePlugins(host).plugins.find((p) => p.id === pluginId)?.contributions;
  if (!c) return false;
  // Identity providers (FranceConnect…) are configured by the super-admin for the instance.
  return c.channels.length + c.fileScanners.length + c.identityProviders.length > 0 &&
    c.champTypes.length === 0 &&
    c.exportFormats.length === 0 &&
    c.attestationGenerators.length === 0 && c.invitationKinds.length === 0 && !c.hooks;
}

export async function setFonctionnalite(
  deps: Deps,
  actor: Actor | null,
  input: { id: number; pluginId: string; enabled: boolean; settings?: unknown },
) {
  const demarche = await administered(deps, actor, input.id);
  if (!input.enabled && instanceWide(deps.host, input.pluginId)) {
    const label = deps.host.plugin(input.pluginId)?.label ?? input.pluginId;
    throw new AppError(
      "CONFLICT",
      `« ${label} » sert toute l’instance : elle ne se désactive pas pour une démarche.`,
    );
  }
  if (input.enabled) {
    // A tag the form does not have would be printed as is on the attestation.
    const [issue] = templateIssues(
      deps.host,
      input.pluginId,
      input.settings,
      knownTags(taggedChamps(deps.host, demarche.draft_form)),
    );
    if (issue) throw new AppError("BAD_REQUEST", issueMessage(issue));
  }
  await setDemarchePlugin(deps, {
    demarcheId: input.id,
    pluginId: input.pluginId,
    enabled: input.enabled,
    settings: input.settings,
  });
  // After the plugin host's own write (it keeps its table in its own transaction).
  await recordEventAlone(deps, {
    action: "fonctionnalite.modifiee",
    actor,
    target: { type: "fonctionnalite", id: input.pluginId },
    demarcheId: input.id,
    details: { active: input.enabled },
  });
}
