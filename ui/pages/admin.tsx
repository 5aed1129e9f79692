/**
 * `/admin` "Mes démarches": the administrator's démarches grouped en test, publiées,
 * closes; creating one, starting from the catalogue, or importing a definition.
 */
import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { publicPath, StateBadge } from "../components/admin/demarche_state.tsx";
import { formatDate } from "../format.ts";

type Lists = Awaited<ReturnType<typeof api.admin.demarches.list.query>>;
type Item = Lists["enTest"][number];

const GROUPS: readonly { key: keyof Lists; label: string; empty: string }[] = [
  { key: "enTest", label: "En test", empty: "Aucune démarche en test." },
  { key: "publiees", label: "Publiées", empty: "Aucune démarche publiée." },
  { key: "closes", label: "Closes", empty: "Aucune démarche close." },
];

function DemarcheItem(props: { item: Item }) {
  const d = () => props.item;
  const path = () => publicPath(d().state, d().path);
  return (
    <li class="card demarche-item">
      <h3 class="card__title">
        <A href={`/admin/demarches/${d().id}`}>{d().titre}</A>
      </h3>
      <p class="demarche-item__meta">
        <StateBadge state={d().state} />
        <Show when={path()}>
          <code>{path()}</code>
        </Show>
        <span>
          {d().published_at
            ? `Publiée le ${formatDate(d().published_at)}`
            : `Créée le ${formatDate(d().created_at)}`}
        </span>
        <span>Modifiée le {formatDate(d().updated_at)}</span>
      </p>
    </li>
  );
}

function MesDemarches() {
  const [lists] = createResource(() => api.admin.demarches.list.query());
  const total = () => {
    const l = lists();
    return l ? l.enTest.length + l.publiees.length + l.closes.length : 0;
  };
  return (
    <Page title="Mes démarches">
      <div class="page-actions">
        <A href="/admin/demarches/nouvelle" class="button">Créer une démarche</A>
        <A href="/admin/catalogue" class="button button--secondary">
          Partir d’une démarche existante
        </A>
        <A href="/admin/importer" class="button button--secondary">Importer une définition</A>
        <A href="/admin/jetons" class="button button--secondary">Jetons d’API</A>
      </div>
      <Show when={lists.error}>
        <div class="notice notice--error" role="alert">{problemOf(lists.error).message}</div>
      </Show>
      <Show when={lists()} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(l) => (
          <Show
            when={total() > 0}
            fallback={
              <section class="empty-state" aria-labelledby="aucune-demarche">
                <h2 id="aucune-demarche">Vous n’avez pas encore de démarche</h2>
                <p>Pour mettre une procédure en ligne :</p>
                <ol class="steps">
                  <li>
                    créez une démarche, ou partez d’une démarche existante du catalogue ;
                  </li>
                  <li>choisissez son mode, son service, construisez son formulaire ;</li>
                  <li>ajoutez vos instructeurs et testez-la avec eux ;</li>
                  <li>publiez-la et partagez son lien.</li>
                </ol>
              </section>
            }
          >
            <For each={GROUPS}>
              {(group) => (
                <section class="demarche-group" aria-labelledby={`groupe-${group.key}`}>
                  <h2 id={`groupe-${group.key}`}>
                    {group.label}
                    <span class="card__meta">({l()[group.key].length})</span>
                  </h2>
                  <Show
                    when={l()[group.key].length > 0}
                    fallback={<p class="empty">{group.empty}</p>}
                  >
                    <ul class="list">
                      <For each={l()[group.key]}>{(item) => <DemarcheItem item={item} />}</For>
                    </ul>
                  </Show>
                </section>
              )}
            </For>
          </Show>
        )}
      </Show>
    </Page>
  );
}

export default function Admin() {
  return (
    <RequireRole role="administrateur">
      <MesDemarches />
    </RequireRole>
  );
}
