/**
 * The plugin host: turns plugin definitions into typed registries.
 *
 * Registries are values returned by `createPluginHost`, never module singletons, so each
 * test builds its own. A plugin that fails (bad host range, duplicate id, throwing
 * `register`) is set aside with a reason; the others load and the server starts.
 */
import type {
  AttestationGenerator,
  ChampType,
  Channel,
  ExportFormat,
  FileScanner,
  Hooks,
  IdentityProvider,
  InvitationKind,
  PluginApi,
  PluginDefinition,
  PluginQuery,
  WebhookSender,
} from "../plugin_sdk/types.ts";
import { SDK_VERSION } from "../plugin_sdk/define.ts";
import { satisfies } from "./semver.ts";

// deno-lint-ignore no-explicit-any
export type AnyPlugin = PluginDefinition<any>;

/** Contributions of one extension point, keyed by their id, with the owning plugin. */
export interface Registry<T> {
  get(id: string): T | undefined;
  ownerOf(id: string): string | undefined;
  list(): readonly T[];
}

export interface PluginFailure {
  readonly id: string;
  readonly source: string;
  readonly reason: string;
}

export interface PluginHost {
  readonly plugins: readonly AnyPlugin[];
  readonly failures: readonly PluginFailure[];
  readonly champTypes: Registry<ChampType>;
  readonly attestationGenerators: Registry<AttestationGenerator>;
  readonly channels: Registry<Channel>;
  readonly exportFormats: Registry<ExportFormat>;
  readonly invitationKinds: Registry<InvitationKind>;
  /** Plugin queries, keyed `<plugin id>.<name>`. */
  readonly queries: Registry<PluginQuery>;
  /** Kinds of identity providers (`oidc`), whose instances the super-admin configures. */
  readonly identityProviders: Registry<IdentityProvider>;
  /** Webhooks: calls the core makes for plugins (core/webhooks/). */
  readonly webhooks: Registry<WebhookSender>;
  /** File scanners (an antivirus): every upload is checked by the active ones (core/files/). */
  readonly fileScanners: Registry<FileScanner>;
  /** Hooks in plugin order, each with its plugin id. */
  readonly hooks: readonly { readonly pluginId: string; readonly hooks: Hooks }[];
  plugin(id: string): AnyPlugin | undefined;
}

type PointName =
  | "champTypes"
  | "attestationGenerators"
  | "channels"
  | "exportFormats"
  | "invitationKinds"
  | "queries"
  | "identityProviders"
  | "webhooks"
  | "fileScanners";

const POINT_LABEL: Record<PointName, string> = {
  champTypes: "champ type",
  attestationGenerators: "attestation generator",
  channels: "channel",
  exportFormats: "export format",
  invitationKinds: "invitation kind",
  queries: "query",
  identityProviders: "identity provider",
  webhooks: "webhook",
  fileScanners: "file scanner",
};

class MapRegistry<T> implements Registry<T> {
  readonly entries = new Map<string, { owner: string; value: T }>();
  get(id: string) {
    return this.entries.get(id)?.value;
  }
  ownerOf(id: string) {
    return this.entries.get(id)?.owner;
  }
  list() {
    return [...this.entries.values()].map((e) => e.value);
  }
}

interface Pending {
  point: PointName;
  id: string;
  value: unknown;
}

/** Something that can be loaded as a plugin, with where it came from (for messages). */
export interface PluginSource {
  readonly source: string;
  readonly definition: unknown;
  /** Why the module could not be imported; it is then set aside like a failing plugin. */
  readonly importError?: string;
}

/**
 * Registers every plugin in order and returns the registries.
 *
 * @example
 * ```ts
 * const host = createPluginHost([{ source: "plugins/mail_smtp", definition: mailSmtp }]);
 * host.channels.get("email");
 * ```
 */
export function createPluginHost(
  sources: readonly PluginSource[],
  options: { sdkVersion?: string; log?: (message: string) => void } = {},
): PluginHost {
  const sdkVersion = options.sdkVersion ?? SDK_VERSION;
  const log = options.log ?? ((m: string) => console.error(m));
  const registries: Record<PointName, MapRegistry<unknown>> = {
    champTypes: new MapRegistry(),
    attestationGenerators: new MapRegistry(),
    channels: new MapRegistry(),
    exportFormats: new MapRegistry(),
    invitationKinds: new MapRegistry(),
    queries: new MapRegistry(),
    identityProviders: new MapRegistry(),
    webhooks: new MapRegistry(),
    fileScanners: new MapRegistry(),
  };
  const plugins: AnyPlugin[] = [];
  const failures: PluginFailure[] = [];
  const hooks: { pluginId: string; hooks: Hooks }[] = [];

  const fail = (id: string, source: string, reason: string) => {
    failures.push({ id, source, reason });
    log(`Plugin "${id}" (${source}) is disabled: ${reason}`);
  };

  for (const { source, definition, importError } of sources) {
    if (importError !== undefined) {
      fail("?", source, `its module could not be imported: ${importError}`);
      continue;
    }
    const plugin = definition as AnyPlugin;
    if (!plugin || typeof plugin !== "object" || typeof plugin.register !== "function") {
      fail("?", source, "its module does not default-export definePlugin({...})");
      continue;
    }
    // A hand-written manifest (not made by definePlugin) may lack fields: set it aside
    // rather than let the host crash on it.
    if (typeof plugin.id !== "string" || typeof plugin.host !== "string") {
      fail(
        typeof plugin.id === "string" ? plugin.id : "?",
        source,
        "its manifest needs a string id and host range: build it with definePlugin({...})",
      );
      continue;
    }
    if (plugins.some((p) => p.id === plugin.id)) {
      fail(plugin.id, source, `another plugin already has the id "${plugin.id}"`);
      continue;
    }
    if (!satisfies(sdkVersion, plugin.host)) {
      fail(plugin.id, source, `it needs host "${plugin.host}" but this Guichet has ${sdkVersion}`);
      continue;
    }
    const pending: Pending[] = [];
    const pendingHooks: Hooks[] = [];
    const add = (point: PointName, id: string, value: unknown) =>
      pending.push({ point, id, value });
    const api: PluginApi = {
      champType: (c) => add("champTypes", c.type, Object.freeze(c)),
      attestationGenerator: (c) => add("attestationGenerators", c.id, Object.freeze(c)),
      channel: (c) => add("channels", c.id, Object.freeze(c)),
      exportFormat: (c) => add("exportFormats", c.id, Object.freeze(c)),
      invitationKind: (c) => add("invitationKinds", c.id, Object.freeze(c)),
      query: (c) => add("queries", `${plugin.id}.${c.name}`, Object.freeze(c)),
      identityProvider: (c) => add("identityProviders", c.id, Object.freeze(c)),
      hooks: (h) => pendingHooks.push(Object.freeze(h)),
      webhook: (c) => add("webhooks", c.id, Object.freeze(c)),
      fileScanner: (c) => add("fileScanners", c.id, Object.freeze(c)),
    };
    try {
      const result: unknown = plugin.register(api);
      if (result instanceof Promise) {
        // Contributions made after an await would arrive after the registries are built,
        // and a rejection would be unhandled: refuse it outright.
        result.catch(() => {});
        fail(plugin.id, source, "register() must not be async: declare contributions at once");
        continue;
      }
    } catch (error) {
      fail(plugin.id, source, `register() threw: ${(error as Error)?.message ?? String(error)}`);
      continue;
    }
    // All or nothing: a clash leaves none of this plugin's contributions behind.
    const clash = pending.find((p, i) =>
      registries[p.point].entries.has(p.id) ||
      pending.findIndex((q) => q.point === p.point && q.id === p.id) !== i
    );
    if (clash) {
      const owner = registries[clash.point].ownerOf(clash.id) ?? plugin.id;
      fail(
        plugin.id,
        source,
        `${POINT_LABEL[clash.point]} "${clash.id}" is already registered by "${owner}"`,
      );
      continue;
    }
    for (const p of pending) {
      registries[p.point].entries.set(p.id, { owner: plugin.id, value: p.value });
    }
    for (const h of pendingHooks) hooks.push({ pluginId: plugin.id, hooks: h });
    plugins.push(plugin);
  }

  return {
    plugins,
    failures,
    champTypes: registries.champTypes as Registry<ChampType>,
    attestationGenerators: registries.attestationGenerators as Registry<AttestationGenerator>,
    channels: registries.channels as Registry<Channel>,
    exportFormats: registries.exportFormats as Registry<ExportFormat>,
    invitationKinds: registries.invitationKinds as Registry<InvitationKind>,
    queries: registries.queries as Registry<PluginQuery>,
    webhooks: registries.webhooks as Registry<WebhookSender>,
    fileScanners: registries.fileScanners as Registry<FileScanner>,
    identityProviders: registries.identityProviders as Registry<IdentityProvider>,
    hooks,
    plugin: (id) => plugins.find((p) => p.id === id),
  };
}
