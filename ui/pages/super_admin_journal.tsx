/**
 * `/super-admin/journal[?action=&personne=&du=&au=&demarche=]`: « Journal d'audit » — whether
 * the chain of events is intact (and a verification on demand), the events filtered, newest
 * first, older ones page by page, and the CSV export of the same filters.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { SuperAdminNav } from "../components/super_admin_nav.tsx";
import { formatDateTime } from "../format.ts";

type Params = { action?: string; personne?: string; du?: string; au?: string; demarche?: string };
type Filter = Parameters<typeof api.superadmin.audit.list.query>[0];
type ListPage = Awaited<ReturnType<typeof api.superadmin.audit.list.query>>;
type Event = ListPage["evenements"][number];
type Verification = Awaited<ReturnType<typeof api.superadmin.audit.verify.mutate>>;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The URL's filters as the API's (empty ones left out). */
function filterOf(params: Params): Filter {
  const demarche = Number(params.demarche);
  return {
    ...(params.action ? { action: params.action as Filter["action"] } : {}),
    ...(params.personne ? { personne: params.personne } : {}),
    ...(params.du ? { du: params.du } : {}),
    ...(params.au ? { au: params.au } : {}),
    ...(params.demarche && Number.isInteger(demarche) && demarche > 0
      ? { demarcheId: demarche }
      : {}),
  };
}

/** The chain's state at its last verification, and « Vérifier maintenant ». */
function ChainStatus() {
  const [status, { mutate }] = createResource(() => api.superadmin.audit.status.query());
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      mutate(await api.superadmin.audit.verify.mutate());
    } catch (e) {
      setError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  const described = (v: Verification) =>
    `${v.verifies} événement${v.verifies > 1 ? "s" : ""} vérifié${v.verifies > 1 ? "s" : ""} le ${
      formatDateTime(v.at)
    }`;
  return (
    <section class="audit-chain" aria-labelledby="audit-chain-title">
      <h2 id="audit-chain-title" class="visually-hidden">État de la chaîne d’empreintes</h2>
      <Show
        when={status()}
        fallback={
          <p class="notice" role="status">
            <Show when={!status.loading} fallback="Chargement de l’état du journal…">
              Le journal n’a pas encore été vérifié : il l’est chaque nuit, ou dès maintenant avec «
              Vérifier maintenant ».
            </Show>
          </p>
        }
      >
        {(v) => (
          <Show
            when={v().intact}
            fallback={
              <div class="notice notice--error" role="alert">
                <p>
                  <strong>
                    Chaîne rompue : le journal a été modifié hors de Guichet
                    {v().premierEvenementEnCause !== null
                      ? ` (premier événement en cause : n° ${v().premierEvenementEnCause})`
                      : ""}.
                  </strong>
                </p>
                <p>
                  {capitalized(v().probleme ?? "")} — constaté à la vérification du{" "}
                  {formatDateTime(v().at)}. Vérifiez qui a accès au serveur et à la base de données,
                  puis comparez avec la dernière sauvegarde saine.
                </p>
              </div>
            }
          >
            <p class="notice notice--success" role="status">
              Chaîne intacte : {described(v())}.
            </p>
          </Show>
        )}
      </Show>
      <Show when={error()}>
        {(message) => <p class="notice notice--error" role="alert">{message()}</p>}
      </Show>
      <div class="actions">
        <button
          type="button"
          class="button button--secondary"
          onClick={verify}
          disabled={busy()}
        >
          {busy() ? "Vérification en cours…" : "Vérifier maintenant"}
        </button>
      </div>
    </section>
  );
}

function Journal() {
  const [params, setParams] = useSearchParams<Params>();
  const filter = () => filterOf(params);
  const [older, setOlder] = createSignal<Event[]>([]);
  const [next, setNext] = createSignal<number | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string | null>(null);
  const [first] = createResource(filter, async (f) => {
    const page = await api.superadmin.audit.list.query(f);
    setOlder([]);
    setNext(page.suivant);
    return page;
  });
  const events = () => [...(first()?.evenements ?? []), ...older()];
  const loadMore = async () => {
    const avant = next();
    if (avant === null) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.superadmin.audit.list.query({ ...filter(), avant });
      setOlder([...older(), ...page.evenements]);
      setNext(page.suivant);
    } catch (e) {
      setMoreError(problemOf(e).message);
    } finally {
      setLoadingMore(false);
    }
  };
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const value = (key: string) => String(data.get(key) ?? "").trim() || undefined;
    setParams({
      action: value("action"),
      personne: value("personne"),
      du: value("du"),
      au: value("au"),
      demarche: value("demarche"),
    });
  };
  const csvHref = () => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter())) query.set(key, String(value));
    const text = query.toString();
    return `/journal-audit.csv${text ? `?${text}` : ""}`;
  };
  return (
    <Page title="Journal d’audit">
      <SuperAdminNav />
      <p>
        Les événements de sécurité de l’instance, les plus récents d’abord : connexions et échecs,
        rôles et groupes, jetons d’API, paramètres et publications, téléchargements par les agents,
        actions des super-administrateurs. Chaque événement est chaîné au précédent par une
        empreinte : une modification ou une suppression faite hors de Guichet se voit.
      </p>
      <ChainStatus />
      <form class="audit-filters" onSubmit={onSubmit} aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title" class="audit-filters__title">Filtrer</h2>
        <div class="audit-filters__grid">
          <div class="field">
            <label for="audit-action">Action</label>
            <select id="audit-action" name="action" value={params.action ?? ""}>
              <option value="">Toutes les actions</option>
              <For each={first()?.actions ?? []}>
                {(a) => <option value={a.id} selected={a.id === params.action}>{a.libelle}</option>}
              </For>
            </select>
          </div>
          <div class="field">
            <label for="audit-personne">Personne</label>
            <p class="hint" id="audit-personne-aide">Son adresse e-mail, ou une partie.</p>
            <input
              id="audit-personne"
              name="personne"
              type="search"
              autocomplete="off"
              aria-describedby="audit-personne-aide"
              value={params.personne ?? ""}
            />
          </div>
          <div class="field">
            <label for="audit-du">Du</label>
            <input id="audit-du" name="du" type="date" value={params.du ?? ""} />
          </div>
          <div class="field">
            <label for="audit-au">Au (inclus)</label>
            <input id="audit-au" name="au" type="date" value={params.au ?? ""} />
          </div>
          <div class="field">
            <label for="audit-demarche">N° de démarche</label>
            <input
              id="audit-demarche"
              name="demarche"
              type="text"
              inputmode="numeric"
              pattern="[0-9]*"
              value={params.demarche ?? ""}
            />
          </div>
        </div>
        <div class="form__actions">
          <button type="submit" class="button">Filtrer</button>
          <A href="/super-admin/journal" class="button button--secondary">Effacer les filtres</A>
          <a href={csvHref()} class="button button--secondary" rel="external">
            Exporter en CSV
          </a>
        </div>
      </form>
      <Show when={first.error}>
        <div class="notice notice--error" role="alert">{problemOf(first.error).message}</div>
      </Show>
      <Show when={first()} fallback={<p role="status">Chargement…</p>}>
        <p class="hint" role="status">
          {events().length === 0
            ? "Aucun événement ne correspond à ces filtres."
            : `${events().length} événement${events().length > 1 ? "s" : ""} affiché${
              events().length > 1 ? "s" : ""
            }${next() === null ? "" : ", d’autres plus anciens suivent"}.`}
        </p>
        <Show when={events().length > 0}>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Événements du journal">
            <table class="table audit-table">
              <caption class="visually-hidden">Événements du journal d’audit</caption>
              <thead>
                <tr>
                  <th scope="col">N°</th>
                  <th scope="col">Date</th>
                  <th scope="col">Action</th>
                  <th scope="col">Personne</th>
                  <th scope="col">Adresse IP</th>
                  <th scope="col">Sur</th>
                  <th scope="col">Démarche</th>
                  <th scope="col">Détails</th>
                </tr>
              </thead>
              <tbody>
                <For each={events()}>
                  {(e) => (
                    <tr>
                      <td>{e.id}</td>
                      <td>{formatDateTime(e.at)}</td>
                      <td>{e.libelle}</td>
                      <td class="audit-table__wrap">{e.personne ?? "—"}</td>
                      <td>{e.ip ?? "—"}</td>
                      <td>{e.cible ? `${e.cible.type} ${e.cible.id}` : "—"}</td>
                      <td>{e.demarcheId ?? "—"}</td>
                      <td class="audit-table__wrap">
                        {e.details ? <code>{e.details}</code> : "—"}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
        <Show when={moreError()}>
          {(message) => <p class="notice notice--error" role="alert">{message()}</p>}
        </Show>
        <Show when={next() !== null}>
          <div class="actions">
            <button
              type="button"
              class="button button--secondary"
              onClick={loadMore}
              disabled={loadingMore()}
            >
              {loadingMore() ? "Chargement…" : "Afficher les événements plus anciens"}
            </button>
          </div>
        </Show>
      </Show>
    </Page>
  );
}

export default function SuperAdminJournal() {
  return (
    <RequireRole role="super_admin">
      <Journal />
    </RequireRole>
  );
}
