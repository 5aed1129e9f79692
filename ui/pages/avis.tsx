/** `/avis`: the requests for an avis an expert received, newest first. */
import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { formatDate } from "../format.ts";
import { formatDay } from "../components/instruction/avis_due.tsx";

function AvisList() {
  const [list] = createResource(() => api.expert.avis.query());
  return (
    <Page
      title="Avis demandés"
      intro="Des instructeurs vous demandent votre avis sur des dossiers. Lisez le dossier puis donnez votre avis : il leur est transmis."
    >
      <Show when={list.error}>
        <div class="notice notice--error" role="alert">{problemOf(list.error).message}</div>
      </Show>
      <Show when={list()} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={
              <div class="empty-state">
                <p>Aucune demande d’avis pour l’instant.</p>
              </div>
            }
          >
            <ul class="avis-requests">
              <For each={items()}>
                {(a) => (
                  <li class="card avis-request">
                    <p class="avis-request__head">
                      <A href={`/avis/${a.id}`} class="dossier-number">
                        Dossier n° {a.dossierId}
                      </A>
                      <span
                        class="badge"
                        classList={{
                          "avis-status--answered": a.answered,
                          "avis-status--waiting": !a.answered,
                        }}
                      >
                        {a.answered ? "Avis donné" : "Avis attendu"}
                      </span>
                    </p>
                    <p class="aside">{a.demarche} · demandé le {formatDate(a.askedAt)}</p>
                    <Show when={!a.answered && a.dueOn}>
                      {(day) => (
                        <p class="aside avis-request__due">
                          Réponse attendue avant le {formatDay(day())}
                          <Show when={a.late}>
                            {" "}
                            <span class="badge avis-status--late">Date dépassée</span>
                          </Show>
                        </p>
                      )}
                    </Show>
                    <p class="avis-request__intro">{a.introduction}</p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  );
}

export default function Avis() {
  return (
    <RequireRole role="expert">
      <AvisList />
    </RequireRole>
  );
}
