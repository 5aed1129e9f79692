/**
 * `/dossiers[?corbeille=1]`: « Mes dossiers », every dossier of the person with its state
 * and dates, filtered as they type; the « Corbeille » tab lists those put in the bin, each
 * with « Restaurer » and, for a brouillon, the date it goes for good (30 days after).
 */
import { createMemo, createResource, createSignal, For, Show } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { StateBadge } from "../components/dossier/stages.tsx";
import { formatDate } from "../format.ts";

const LABELS: Record<string, string> = {
  brouillon: "brouillon",
  en_construction: "en construction",
  en_instruction: "en instruction",
  accepte: "accepté",
  refuse: "refusé",
  sans_suite: "classé sans suite",
};

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function List() {
  // `?recherche=` comes filled from a démarche's page (« Voir tous mes dossiers »).
  const [search] = useSearchParams<{ corbeille?: string; recherche?: string }>();
  const corbeille = () => search.corbeille === "1";
  // An object as source: a bare `false` would mean « nothing to fetch » to createResource.
  const [dossiers, { refetch }] = createResource(
    () => ({ corbeille: corbeille() }),
    (input) => api.usager.dossiers.query(input),
  );
  const [filter, setFilter] = createSignal(search.recherche ?? "");
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [restored, setRestored] = createSignal<number | null>(null);
  const shown = createMemo(() => {
    const words = fold(filter()).split(/\s+/).filter(Boolean);
    return (dossiers.latest ?? []).filter((d) => {
      const text = fold(`${d.id} n° ${d.id} ${d.demarcheTitre} ${LABELS[d.state] ?? d.state}`);
      return words.every((w) => text.includes(w));
    });
  });
  const restore = async (id: number) => {
    setProblem(null);
    try {
      await api.usager.restore.mutate({ id });
      setRestored(id);
      await refetch();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  return (
    <Page title="Mes dossiers">
      <nav class="tabs" aria-label="Mes dossiers">
        <ul>
          <li>
            <A
              href="/dossiers"
              class="tabs__link"
              classList={{ "tabs__link--active": !corbeille() }}
              aria-current={!corbeille() ? "page" : undefined}
              end
            >
              En cours et traités
            </A>
          </li>
          <li>
            <A
              href="/dossiers?corbeille=1"
              class="tabs__link"
              classList={{ "tabs__link--active": corbeille() }}
              aria-current={corbeille() ? "page" : undefined}
            >
              Corbeille
            </A>
          </li>
        </ul>
      </nav>
      <FormAlert problem={problem()} />
      <Show when={restored()}>
        {(id) => (
          <p class="notice notice--success" role="status">
            Le dossier n° {id()} est restauré. <A href={`/dossiers/${id()}`}>Ouvrir le dossier</A>
          </p>
        )}
      </Show>
      <Show when={dossiers.error}>
        <div class="notice notice--error" role="alert">{problemOf(dossiers.error).message}</div>
      </Show>
      <Show when={dossiers.latest} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <div class="empty-state">
                <Show
                  when={corbeille()}
                  fallback={
                    <p>
                      Vous n’avez pas encore de dossier. Pour en commencer un, suivez le lien de la
                      démarche que vous a donné l’administration (il commence par « /commencer/ »).
                    </p>
                  }
                >
                  <p>Votre corbeille est vide.</p>
                </Show>
              </div>
            }
          >
            <div class="field dossiers-filter">
              <label for="filtre-dossiers">Filtrer les dossiers</label>
              <p class="hint" id="filtre-dossiers-aide">
                Par numéro, démarche ou état, par exemple « en construction ».
              </p>
              <input
                id="filtre-dossiers"
                type="search"
                aria-describedby="filtre-dossiers-aide"
                value={filter()}
                onInput={(e) => setFilter(e.currentTarget.value)}
              />
            </div>
            <p class="hint" role="status">
              {shown().length === list().length
                ? `${list().length} dossier${list().length > 1 ? "s" : ""}`
                : `${shown().length} dossier${shown().length > 1 ? "s" : ""} sur ${list().length}`}
            </p>
            <div class="table-wrap">
              <table class="table dossiers-table">
                <caption class="visually-hidden">
                  {corbeille() ? "Dossiers dans la corbeille" : "Mes dossiers"}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">N°</th>
                    <th scope="col">Démarche</th>
                    <th scope="col">État</th>
                    <th scope="col">Dates</th>
                    <Show when={corbeille()}>
                      <th scope="col">
                        <span class="visually-hidden">Action</span>
                      </th>
                    </Show>
                  </tr>
                </thead>
                <tbody>
                  <For each={shown()}>
                    {(d) => (
                      <tr>
                        <td>
                          <A href={`/dossiers/${d.id}`}>
                            n° {d.id}
                          </A>
                        </td>
                        <td>
                          {d.demarcheTitre}
                          <Show when={d.is_test}>
                            {" "}
                            <span class="state-badge state-badge--test">test</span>
                          </Show>
                          <Show when={d.invited}>
                            {" "}
                            <span class="state-badge state-badge--invite">
                              invité à compléter
                            </span>
                          </Show>
                        </td>
                        <td>
                          <StateBadge state={d.state} />
                        </td>
                        <td class="dossiers-table__dates">
                          <Show
                            when={d.deposited_at}
                            fallback={<>Commencé le {formatDate(d.created_at)}</>}
                          >
                            Déposé le {formatDate(d.deposited_at)}
                          </Show>
                          <Show when={d.decided_at}>
                            <br />Décidé le {formatDate(d.decided_at)}
                          </Show>
                          <Show when={d.purgeAt}>
                            <br />
                            <strong>Supprimé définitivement le {formatDate(d.purgeAt)}</strong>
                          </Show>
                          <Show when={corbeille() && d.state !== "brouillon"}>
                            <br />Gardé par l’administration jusqu’à la fin de sa conservation
                          </Show>
                        </td>
                        <Show when={corbeille()}>
                          <td>
                            <button
                              type="button"
                              class="button button--secondary button--small"
                              onClick={() => restore(d.id)}
                            >
                              Restaurer<span class="visually-hidden">le dossier n° {d.id}</span>
                            </button>
                          </td>
                        </Show>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={shown().length === 0}>
              <p class="empty">Aucun dossier ne correspond à « {filter()} ».</p>
            </Show>
          </Show>
        )}
      </Show>
    </Page>
  );
}

export default function MesDossiers() {
  return (
    <RequireRole>
      <List />
    </RequireRole>
  );
}
