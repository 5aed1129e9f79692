/**
 * `/admin/catalogue[?q=]`: published démarches with at least 30 deposited dossiers, and the
 * instance's models, to read and clone (the guide's step 2).
 */
import { createResource, For, Show } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString("fr-FR")} ${n === 1 ? one : many}`;

function Catalogue() {
  const [params, setParams] = useSearchParams<{ q?: string }>();
  const query = () => (Array.isArray(params.q) ? params.q[0] : params.q) ?? "";
  const [results] = createResource(query, (q) => api.admin.catalogue.list.query({ query: q }));
  return (
    <>
      <Breadcrumb trail={[{ label: "Mes démarches", href: "/admin" }]} />
      <Page
        title="Catalogue des démarches"
        intro="Les démarches publiées sur lesquelles au moins 30 dossiers ont été déposés, et les modèles de cette plateforme. Consultez-les, contactez leur service, ou clonez-en une pour partir de son formulaire."
      >
        <form
          role="search"
          class="inline-form catalogue-search"
          onSubmit={(event) => {
            event.preventDefault();
            const q = String(new FormData(event.currentTarget).get("q") ?? "").trim();
            setParams({ q: q || undefined });
          }}
        >
          <div class="field">
            <label for="recherche">Rechercher une démarche</label>
            <input
              id="recherche"
              name="q"
              type="search"
              value={query()}
              aria-describedby="recherche-aide"
              maxLength={200}
            />
            <p class="hint" id="recherche-aide">Dans le titre, la description ou l’organisme.</p>
          </div>
          <button type="submit" class="button">Rechercher</button>
        </form>
        <Show when={results.error}>
          <div class="notice notice--error" role="alert">{problemOf(results.error).message}</div>
        </Show>
        <div role="status" class="catalogue-count">
          <Show when={results()}>
            {(list) => (
              <p>
                {list().length === 0
                  ? query()
                    ? `Aucune démarche ne correspond à « ${query()} ».`
                    : "Le catalogue est vide pour l’instant."
                  : plural(list().length, "démarche", "démarches") +
                    (query() ? ` pour « ${query()} »` : "")}
              </p>
            )}
          </Show>
        </div>
        <Show when={results.latest}>
          {(list) => (
            <ul class="list list--narrow" aria-label="Résultats">
              <For each={list()}>
                {(d) => (
                  <li class="card demarche-item">
                    <h2 class="card__title">
                      <A href={`/admin/catalogue/${d.id}`}>{d.titre}</A>
                    </h2>
                    <p class="demarche-item__meta">
                      <Show when={d.isTemplate}>
                        <span class="badge badge--modele">Modèle</span>
                      </Show>
                      <Show when={d.organisme}>
                        <span>{d.organisme}</span>
                      </Show>
                      <span>{plural(d.dossiers, "dossier déposé", "dossiers déposés")}</span>
                    </p>
                    <Show when={d.description}>
                      <p class="catalogue-excerpt">{d.description}</p>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Show>
      </Page>
    </>
  );
}

export default function AdminCatalogue() {
  return (
    <RequireRole role="administrateur">
      <Catalogue />
    </RequireRole>
  );
}
