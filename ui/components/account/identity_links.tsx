/**
 * « Identités associées » on « Mon compte »: the FranceConnect, ProConnect… identities linked
 * to the account, each with « Retirer », and a link to associate one more (the provider's
 * flow, signed in: the identity is linked to this account).
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";
import { formatDate } from "../../format.ts";

export function IdentityLinks() {
  const [links, { refetch }] = createResource(() => api.auth.identity.links.query());
  const [providers] = createResource(() => api.auth.identity.providers.query().catch(() => []));
  const [problem, setProblem] = createSignal<string | null>(null);
  const [removed, setRemoved] = createSignal<string | null>(null);
  const linked = new URLSearchParams(location.search).get("identite") === "associee";
  const remove = async (link: { id: number; provider: string }) => {
    setProblem(null);
    setRemoved(null);
    try {
      await api.auth.identity.removeLink.mutate({ id: link.id });
      await refetch();
      setRemoved(link.provider);
    } catch (error) {
      setProblem(problemOf(error).message);
    }
  };
  return (
    <section class="card" aria-labelledby="titre-identites">
      <h2 id="titre-identites">Identités associées</h2>
      <Show when={linked}>
        <p class="notice notice--success" role="status">
          L’identité a été associée à votre compte.
        </p>
      </Show>
      <Show when={removed()}>
        <p class="notice notice--success" role="status">
          L’identité {removed()} a été retirée de votre compte.
        </p>
      </Show>
      <Show when={problem()}>
        <div class="notice notice--error" role="alert">{problem()}</div>
      </Show>
      <Show when={links()} fallback={<p role="status">Chargement…</p>}>
        <Show
          when={links()!.length > 0}
          fallback={
            <p>Aucune identité associée : vous vous connectez avec votre adresse e-mail.</p>
          }
        >
          <ul class="list">
            <For each={links()}>
              {(link) => (
                <li class="identity-link">
                  <span>
                    <strong>{link.provider}</strong>
                    <Show when={link.name}>{` — ${link.name}`}</Show>
                    <Show when={link.email}>{` (${link.email})`}</Show>
                    <span class="hint">
                      Associée le {formatDate(link.createdAt)}, utilisée le{" "}
                      {formatDate(link.lastUsedAt)}
                    </span>
                  </span>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    onClick={() => remove(link)}
                  >
                    Retirer<span class="visually-hidden">{` ${link.provider}`}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={(providers() ?? []).length > 0}>
        <p>Associer une identité :</p>
        <ul class="identity-providers__list">
          <For each={providers()}>
            {(p) => (
              <li>
                <a
                  class="button button--secondary button--small"
                  rel="external"
                  href={`/connexion/fournisseur/${p.id}`}
                >
                  Associer {p.label}
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
