/**
 * Plugins per démarche (enablement and settings) and lifecycle hooks. `before` hooks run in
 * the caller's transaction and may veto; `after` hooks are queued in it and run after
 * commit through the job queue, retried on failure.
 */
import * as v from "valibot";
import type { Executor } from "../db/mod.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import type { HookContext, LifecycleEvent } from "../plugin_sdk/types.ts";
import type { AnyPlugin, PluginHost } from "./host.ts";
import { checkTarget } from "./outbound.ts";
import * as store from "./store.ts";

export const AFTER_HOOK_JOB = "plugin.after_hook";

/** Installed plugins and their contributions, plus those set aside at start. */
export function describePlugins(host: PluginHost) {
  const contributions = (id: string) => ({
    champTypes: host.champTypes.list().filter((c) => host.champTypes.ownerOf(c.type) === id)
      .map((c) => c.type),
    channels: host.channels.list().filter((c) => host.channels.ownerOf(c.id) === id).map((c) =>
      c.id
    ),
    exportFormats: host.exportFormats.list().filter((c) => host.exportFormats.ownerOf(c.id) === id)
      .map((c) => c.id),
    attestationGenerators: host.attestationGenerators.list()
      .filter((c) => host.attestationGenerators.ownerOf(c.id) === id).map((c) => c.id),
    invitationKinds: host.invitationKinds.list()
      .filter((c) => host.invitationKinds.ownerOf(c.id) === id).map((c) => c.id),
    fileScanners: host.fileScanners.list().filter((c) => host.fileScanners.ownerOf(c.id) === id)
      .map((c) => c.id),
    hooks: host.hooks.some((h) => h.pluginId === id),
    identityProviders: host.identityProviders.list()
      .filter((c) => host.identityProviders.ownerOf(c.id) === id).map((c) => c.id),
    webhooks: host.webhooks.list().filter((c) => host.webhooks.ownerOf(c.id) === id)
      .map((c) => c.id),
    // A query is known as `<plugin id>.<name>`: its plugin's own names only.
    queries: host.queries.list().filter((c) => host.queries.get(`${id}.${c.name}`) === c)
      .map((c) => c.name),
  });
  return {
    plugins: host.plugins.map((p) => ({
      id: p.id,
      version: p.version,
      label: p.label,
      description: p.description ?? null,
      enabledByDefault: p.enabledByDefault !== false,
      contributions: contributions(p.id),
    })),
    failures: host.failures.map((f) => ({ ...f })),
  };
}

export interface DemarchePluginState {
  readonly pluginId: string;
  readonly enabled: boolean;
  readonly settings: unknown;
}

/** Every installed plugin's state for a démarche: the stored choice, else its default. */
export async function demarchePlugins(
  db: Executor,
  host: PluginHost,
  demarcheId: number,
): Promise<DemarchePluginState[]> {
  const rows = new Map(
    (await store.listForDemarche(db, demarcheId)).map((r) => [r.plugin_id, r]),
  );
  return host.plugins.map((p) => {
    const row = rows.get(p.id);
    return {
      pluginId: p.id,
      enabled: row ? row.enabled === 1 : p.enabledByDefault !== false,
      settings: row?.settings ? JSON.parse(row.settings) : defaultSettings(p),
    };
  });
}

/**
 * The plugins whose settings schema refuses `{}`: they have no default, and each try cost
 * the French messages of a failed parse (every deposit and decision asks).
 */
const withoutDefaults = new WeakSet<AnyPlugin>();

function defaultSettings(plugin: AnyPlugin): unknown {
  if (!plugin.settings || withoutDefaults.has(plugin)) return undefined;
  // Parsed each time it succeeds: the plugin gets settings of its own, as before.
  const parsed = v.safeParse(plugin.settings, {});
  if (!parsed.success) withoutDefaults.add(plugin);
  return parsed.success ? parsed.output : undefined;
}

/**
 * Switches a plugin on or off for a démarche, validating its settings with the plugin's own
 * schema. The caller has checked that the actor administers the démarche.
 */
export async function setDemarchePlugin(
  deps: Deps,
  input: { demarcheId: number; pluginId: string; enabled: boolean; settings?: unknown },
): Promise<void> {
  const plugin = deps.host.plugin(input.pluginId);
  if (!plugin) {
    throw new AppError("NOT_FOUND", `La fonctionnalité « ${input.pluginId} » n’est pas installée.`);
  }
  let settings: unknown = undefined;
  if (plugin.settings) {
    const parsed = v.safeParse(plugin.settings, input.settings ?? {});
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.issues) {
        fields[v.getDotPath(issue) ?? "_"] ??= issue.message;
      }
      throw new AppError(
        "BAD_REQUEST",
        `Réglages de « ${plugin.label} » non valides : ${parsed.issues[0].message}`,
        fields,
      );
    }
    settings = parsed.output;
  }
  if (input.enabled) await checkWebhookTargets(deps, plugin.id, settings);
  await store.upsert(deps.db, {
    demarcheId: input.demarcheId,
    pluginId: plugin.id,
    enabled: input.enabled,
    settings,
    now: deps.clock().toISOString(),
  });
}

/**
 * Refuses settings whose webhook address leads inside the server's network (loopback,
 * private, link-local…), unless the operator allows it. A name that does not resolve now is
 * let through: the check is made again at each call.
 */
async function checkWebhookTargets(deps: Deps, pluginId: string, settings: unknown) {
  for (const sender of deps.host.webhooks.list()) {
    if (deps.host.webhooks.ownerOf(sender.id) !== pluginId) continue;
    const url = sender.target(settings);
    if (url === null) continue;
    const target = await checkTarget(url, { allowPrivate: deps.webhookAllowPrivate });
    if ("refused" in target && !target.unresolved) {
      throw new AppError("BAD_REQUEST", target.refused);
    }
  }
}

/**
 * Runs the `before` hooks of plugins enabled on the démarche; the first veto stops the
 * event with the plugin's French message.
 */
export async function runBeforeHooks(
  db: Executor,
  host: PluginHost,
  event: { event: LifecycleEvent; dossierId: number; demarcheId: number },
): Promise<void> {
  const states = await demarchePlugins(db, host, event.demarcheId);
  for (const { pluginId, hooks } of host.hooks) {
    const hook = hooks.before?.[event.event];
    const state = states.find((s) => s.pluginId === pluginId);
    if (!hook || !state?.enabled) continue;
    const ctx: HookContext = { ...event, settings: state.settings };
    const result = await hook(ctx);
    if (result && typeof result.veto === "string") {
      throw new AppError("CONFLICT", result.veto, undefined, "veto");
    }
  }
}

/** Queues the `after` hooks of enabled plugins in the caller's transaction. */
export async function enqueueAfterHooks(
  trx: Executor,
  host: PluginHost,
  event: { event: LifecycleEvent; dossierId: number; demarcheId: number },
  opts: { now: string },
): Promise<void> {
  const states = await demarchePlugins(trx, host, event.demarcheId);
  for (const { pluginId, hooks } of host.hooks) {
    if (!hooks.after?.[event.event]) continue;
    if (!states.find((s) => s.pluginId === pluginId)?.enabled) continue;
    await enqueue(trx, AFTER_HOOK_JOB, { pluginId, ...event, at: opts.now }, opts);
  }
}

/** The job handler that runs one plugin's `after` hook. */
export function afterHookHandler(db: Executor, host: PluginHost): JobHandler {
  return async (payload) => {
    const p = payload as {
      pluginId: string;
      event: LifecycleEvent;
      dossierId: number;
      demarcheId: number;
      at?: string;
    };
    const state = (await demarchePlugins(db, host, p.demarcheId)).find((s) =>
      s.pluginId === p.pluginId
    );
    for (const entry of host.hooks) {
      if (entry.pluginId !== p.pluginId) continue;
      await entry.hooks.after?.[p.event]?.({
        event: p.event,
        dossierId: p.dossierId,
        demarcheId: p.demarcheId,
        settings: state?.settings,
        at: p.at,
      });
    }
  };
}

/**
 * Runs a plugin's query (`plugins.query`): its input checked by the plugin's schema, its
 * access by the policy. Unknown queries read as not found.
 */
export async function runPluginQuery(
  deps: Deps,
  actor: Actor | null,
  input: { plugin: string; name: string; input?: unknown },
): Promise<unknown> {
  const query = deps.host.queries.get(`${input.plugin}.${input.name}`);
  if (!query) {
    throw new AppError(
      "NOT_FOUND",
      `La fonctionnalité « ${input.plugin} » n’offre pas « ${input.name} ».`,
    );
  }
  if (query.access === "signedIn") authorize(actor, "compte.lire");
  const parsed = v.safeParse(query.input, input.input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.issues[0].message);
  return await query.run(parsed.output);
}
