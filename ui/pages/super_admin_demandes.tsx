/**
 * `/super-admin/demandes[?statut=]`: administrator-account requests, by status; pending ones
 * can be accepted, or refused with an optional reason sent to the requester.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { SuperAdminNav } from "../components/super_admin_nav.tsx";
import { formatDateTime } from "../format.ts";

type Status = "en_attente" | "acceptee" | "refusee";
type Demande = Awaited<ReturnType<typeof api.superadmin.demandesAdmin.list.query>>[number];

const TABS: readonly { status: Status; label: string }[] = [
  { status: "en_attente", label: "En attente" },
  { status: "acceptee", label: "Acceptées" },
  { status: "refusee", label: "Refusées" },
];

const EMPTY: Record<Status, string> = {
  en_attente: "Aucune demande en attente.",
  acceptee: "Aucune demande acceptée.",
  refusee: "Aucune demande refusée.",
};

function DemandeCard(props: {
  demande: Demande;
  onDecided: (message: string) => void;
}) {
  const [refusing, setRefusing] = createSignal(false);
  const [pending, setPending] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const d = () => props.demande;
  const decide = async (run: () => Promise<unknown>, message: string) => {
    setPending(true);
    setProblem(null);
    try {
      await run();
      props.onDecided(message);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setPending(false);
    }
  };
  const accept = () =>
    decide(
      () => api.superadmin.demandesAdmin.accept.mutate({ id: d().id }),
      `Demande de ${d().nom} acceptée : un e-mail a été envoyé à ${d().email}.`,
    );
  const refuse = (event: SubmitEvent) => {
    event.preventDefault();
    const motif = String(new FormData(event.currentTarget as HTMLFormElement).get("motif") ?? "");
    void decide(
      () => api.superadmin.demandesAdmin.refuse.mutate({ id: d().id, motif }),
      `Demande de ${d().nom} refusée : un e-mail a été envoyé à ${d().email}.`,
    );
  };
  return (
    <li class="card request" aria-labelledby={`demande-${d().id}`}>
      <h2 id={`demande-${d().id}`} class="card__title">
        {d().nom} <span class="request__org">— {d().organisation}</span>
      </h2>
      <dl class="summary summary--compact">
        <div>
          <dt>Adresse e-mail</dt>
          <dd>{d().email}</dd>
        </div>
        <div>
          <dt>Reçue le</dt>
          <dd>{formatDateTime(d().created_at)}</dd>
        </div>
        <Show when={d().decided_at}>
          <div>
            <dt>Examinée le</dt>
            <dd>{formatDateTime(d().decided_at)}</dd>
          </div>
        </Show>
      </dl>
      <p class="request__motif">{d().motif}</p>
      <FormAlert problem={problem()} />
      <Show when={d().status === "en_attente"}>
        <Show
          when={refusing()}
          fallback={
            <div class="actions">
              <button type="button" class="button" disabled={pending()} onClick={accept}>
                Accepter
              </button>
              <button
                type="button"
                class="button button--secondary"
                onClick={() => setRefusing(true)}
              >
                Refuser…
              </button>
            </div>
          }
        >
          <form class="form" onSubmit={refuse}>
            <Field
              name="motif"
              id={`motif-${d().id}`}
              label="Motif du refus (facultatif)"
              multiline
              hint="Il sera envoyé à la personne avec la réponse."
            />
            <div class="actions">
              <button type="submit" class="button button--danger" disabled={pending()}>
                Confirmer le refus
              </button>
              <button
                type="button"
                class="button button--secondary"
                onClick={() => setRefusing(false)}
              >
                Annuler
              </button>
            </div>
          </form>
        </Show>
      </Show>
    </li>
  );
}

function Demandes() {
  const [params] = useSearchParams<{ statut?: string }>();
  const status = (): Status =>
    TABS.some((t) => t.status === params.statut) ? params.statut as Status : "en_attente";
  const [flash, setFlash] = createSignal<string | null>(null);
  const [list, { refetch }] = createResource(
    status,
    (s) => api.superadmin.demandesAdmin.list.query({ status: s }),
  );
  return (
    <Page title="Demandes de compte administrateur">
      <SuperAdminNav />
      <nav class="tabs" aria-label="Statut des demandes">
        <ul>
          <For each={TABS}>
            {(tab) => (
              <li>
                <A
                  href={`/super-admin/demandes?statut=${tab.status}`}
                  class="tabs__link"
                  classList={{ "tabs__link--active": tab.status === status() }}
                  aria-current={tab.status === status() ? "page" : undefined}
                >
                  {tab.label}
                </A>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <Show when={flash()}>
        <p class="notice notice--success" role="status">{flash()}</p>
      </Show>
      <Show when={list.error}>
        <div class="notice notice--error" role="alert">{problemOf(list.error).message}</div>
      </Show>
      <Show when={list()} fallback={<p role="status">Chargement…</p>}>
        {(items) => (
          <Show when={items().length > 0} fallback={<p class="empty">{EMPTY[status()]}</p>}>
            <ul
              class="list"
              aria-label={TABS.find((t) =>
                t.status === status()
              )?.label}
            >
              <For each={items()}>
                {(demande) => (
                  <DemandeCard
                    demande={demande}
                    onDecided={(message) => {
                      setFlash(message);
                      void refetch();
                    }}
                  />
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  );
}

export default function SuperAdminDemandes() {
  return (
    <RequireRole role="super_admin">
      <Demandes />
    </RequireRole>
  );
}
