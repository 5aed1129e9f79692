/**
 * `/instruction` « Mes démarches » of an instructeur: each démarche they instruct, with the
 * count of every dashboard tab; « à suivre » stands out, as it is where new dossiers wait.
 */
import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { StateBadge } from "../components/admin/demarche_state.tsx";
import { TABS } from "../components/instruction/dossier_state.tsx";

type Item = Awaited<ReturnType<typeof api.instruction.demarches.query>>[number];

function DemarcheCard(props: { item: Item }) {
  const d = () => props.item;
  const base = () => `/instruction/demarches/${d().id}`;
  return (
    <li class="card instruction-demarche">
      <div class="instruction-demarche__head">
        <h2 class="card__title">
          <A href={base()}>{d().titre}</A>
        </h2>
        <StateBadge state={d().state} />
      </div>
      <ul class="tab-counts" aria-label={`Dossiers de « ${d().titre} »`}>
        <For each={TABS}>
          {(tab) => (
            <li>
              <A
                href={`${base()}?onglet=${tab.id}`}
                class="tab-count"
                classList={{
                  "tab-count--main": tab.id === "a_suivre",
                  "tab-count--waiting": tab.id === "a_suivre" && d().counts.a_suivre > 0,
                }}
              >
                <span class="tab-count__n">{d().counts[tab.id]}</span>
                <span class="tab-count__label">{tab.label.toLowerCase()}</span>
              </A>
            </li>
          )}
        </For>
      </ul>
    </li>
  );
}

function MesDemarches() {
  const [list] = createResource(() => api.instruction.demarches.query());
  return (
    <Page title="Mes démarches à instruire">
      <div class="page-actions">
        <A href="/instruction/notifications" class="button button--secondary">
          Choisir mes notifications par e-mail
        </A>
      </div>
      <Show when={list.error}>
        <div class="notice notice--error" role="alert">{problemOf(list.error).message}</div>
      </Show>
      <Show when={list()} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={
              <section class="empty-state" aria-labelledby="aucune-demarche">
                <h2 id="aucune-demarche">Vous n’instruisez encore aucune démarche</h2>
                <p>
                  Un administrateur vous ajoute à un groupe d’instructeurs de sa démarche ; elle
                  apparaîtra alors ici, avec ses dossiers déposés.
                </p>
              </section>
            }
          >
            <ul class="list instruction-demarches">
              <For each={[...items()].sort((a, b) => a.titre.localeCompare(b.titre, "fr"))}>
                {(item) => <DemarcheCard item={item} />}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  );
}

export default function Instruction() {
  return (
    <RequireRole role="instructeur">
      <MesDemarches />
    </RequireRole>
  );
}
