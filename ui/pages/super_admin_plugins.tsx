/** `/super-admin/plugins`: installed plugins, what each contributes, and those set aside. */
import { createResource, For, Show } from "solid-js";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { SuperAdminNav } from "../components/super_admin_nav.tsx";
import { pluginRegistry } from "../plugin_registry.ts";

type Described = Awaited<ReturnType<typeof api.superadmin.plugins.list.query>>;
type Contributions = Described["plugins"][number]["contributions"];

const KINDS: readonly { key: Exclude<keyof Contributions, "hooks">; label: string }[] = [
  { key: "champTypes", label: "Types de champ" },
  { key: "channels", label: "Canaux d’envoi" },
  { key: "exportFormats", label: "Formats d’export" },
  { key: "attestationGenerators", label: "Générateurs d’attestation" },
  { key: "invitationKinds", label: "Types d’invitation" },
  { key: "fileScanners", label: "Antivirus des fichiers" },
  { key: "identityProviders", label: "Fournisseurs d’identité" },
  { key: "webhooks", label: "Webhooks" },
  { key: "queries", label: "Requêtes" },
];

function ContributionList(props: { contributions: Contributions; hasUi: boolean }) {
  const present = () => KINDS.filter((k) => props.contributions[k.key].length > 0);
  return (
    <dl class="summary summary--compact">
      <For each={present()}>
        {(kind) => (
          <div>
            <dt>{kind.label}</dt>
            <dd>
              <ul class="tags">
                <For each={props.contributions[kind.key]}>
                  {(id) => (
                    <li>
                      <code>{id}</code>
                    </li>
                  )}
                </For>
              </ul>
            </dd>
          </div>
        )}
      </For>
      <div>
        <dt>Crochets du cycle de vie</dt>
        <dd>{props.contributions.hooks ? "Oui" : "Aucun"}</dd>
      </div>
      <div>
        <dt>Interface</dt>
        <dd>{props.hasUi ? "Fournie (ui.tsx)" : "Aucune"}</dd>
      </div>
    </dl>
  );
}

function Plugins() {
  const [described] = createResource(() => api.superadmin.plugins.list.query());
  const failures = () => [
    ...(described()?.failures ?? []),
    ...pluginRegistry.failures.map((f) => ({ ...f, reason: `Interface : ${f.reason}` })),
  ];
  return (
    <Page title="Plugins installés">
      <SuperAdminNav />
      <p>
        Les plugins apportent les types de champ, les formats d’export, les canaux d’envoi… Ils
        s’installent par la configuration (variable <code>GUICHET_PLUGINS</code>).
      </p>
      <Show when={described.error}>
        <div class="notice notice--error" role="alert">{problemOf(described.error).message}</div>
      </Show>
      <Show when={described()} fallback={<p role="status">Chargement…</p>}>
        {(d) => (
          <>
            <Show when={failures().length > 0}>
              <section class="notice notice--error" aria-labelledby="plugins-ecartes">
                <h2 id="plugins-ecartes">Plugins écartés au démarrage</h2>
                <ul>
                  <For each={failures()}>
                    {(f) => (
                      <li>
                        <code>{f.source}</code> : {f.reason}
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </Show>
            <ul class="list" aria-label="Plugins installés">
              <For each={d().plugins}>
                {(plugin) => (
                  <li class="card">
                    <h2 class="card__title">
                      {plugin.label}{" "}
                      <span class="card__meta">
                        <code>{plugin.id}</code> version {plugin.version}
                      </span>
                    </h2>
                    <Show when={plugin.description}>
                      <p>{plugin.description}</p>
                    </Show>
                    <p class="aside">
                      {plugin.enabledByDefault
                        ? "Actif par défaut sur chaque démarche."
                        : "À activer démarche par démarche par l’administrateur."}
                    </p>
                    <ContributionList
                      contributions={plugin.contributions}
                      hasUi={!!pluginRegistry.plugin(plugin.id)}
                    />
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </Show>
    </Page>
  );
}

export default function SuperAdminPlugins() {
  return (
    <RequireRole role="super_admin">
      <Plugins />
    </RequireRole>
  );
}
