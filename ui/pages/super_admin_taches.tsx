/**
 * `/super-admin/taches[?statut=]`: the job queue, its failures, and a manual retry; above it,
 * an alert when files wait for an antivirus that does not answer.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { SuperAdminNav } from "../components/super_admin_nav.tsx";
import { formatDateTime } from "../format.ts";

type Status = "pending" | "running" | "done" | "failed";

const LABELS: Record<Status, string> = {
  pending: "En attente",
  running: "En cours",
  done: "Terminée",
  failed: "En échec",
};

const FILTERS: readonly { status?: Status; label: string }[] = [
  { label: "Toutes" },
  { status: "failed", label: "En échec" },
  { status: "pending", label: "En attente" },
  { status: "done", label: "Terminées" },
];

/** Files waiting for an antivirus that failed to answer: what to check. */
function AntivirusAlert() {
  const [status] = createResource(() => api.superadmin.antivirus.query());
  return (
    <Show when={status()?.lastError ? status() : undefined}>
      {(s) => (
        <div class="notice notice--error" role="alert">
          <p>
            <strong>
              Antivirus injoignable : {s().waiting}{" "}
              fichier{s().waiting > 1 ? "s attendent" : " attend"}{" "}
              d’être vérifié{s().waiting > 1 ? "s" : ""}
              {s().since ? ` depuis le ${formatDateTime(s().since!)}` : ""}.
            </strong>{" "}
            Les usagers ne peuvent ni les télécharger ni déposer les dossiers qui les contiennent.
            Vérifiez que le service clamd tourne (<code>systemctl status clamav-daemon</code>) et
            que <code>CLAMD_SOCKET</code>{" "}
            désigne son socket : les vérifications reprennent d’elles-mêmes.
          </p>
          <p>Dernière erreur : {s().lastError}</p>
        </div>
      )}
    </Show>
  );
}

function Taches() {
  const [params] = useSearchParams<{ statut?: string }>();
  const status = () =>
    FILTERS.find((f) => f.status && f.status === params.statut)?.status as Status | undefined;
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [jobs, { refetch }] = createResource(
    () => ({ status: status() }),
    (input) => api.superadmin.jobs.list.query(input),
  );
  const retry = async (id: number) => {
    try {
      await api.superadmin.jobs.retry.mutate({ id });
      setMessage({ ok: true, text: `La tâche n° ${id} est remise dans la file.` });
      await refetch();
    } catch (error) {
      setMessage({ ok: false, text: problemOf(error).message });
    }
  };
  return (
    <Page title="Tâches de fond">
      <SuperAdminNav />
      <AntivirusAlert />
      <p>
        Envois d’e-mails et autres travaux faits en arrière-plan, les plus récents d’abord. Une
        tâche en échec peut être relancée une fois la cause corrigée.
      </p>
      <nav class="tabs" aria-label="Statut des tâches">
        <ul>
          <For each={FILTERS}>
            {(f) => (
              <li>
                <A
                  href={f.status ? `/super-admin/taches?statut=${f.status}` : "/super-admin/taches"}
                  class="tabs__link"
                  classList={{ "tabs__link--active": f.status === status() }}
                  aria-current={f.status === status() ? "page" : undefined}
                  end
                >
                  {f.label}
                </A>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <Show when={message()}>
        {(m) => (
          <p
            class="notice"
            classList={{ "notice--success": m().ok, "notice--error": !m().ok }}
            role={m().ok ? "status" : "alert"}
          >
            {m().text}
          </p>
        )}
      </Show>
      <Show when={jobs.error}>
        <div class="notice notice--error" role="alert">{problemOf(jobs.error).message}</div>
      </Show>
      <Show when={jobs()} fallback={<p role="status">Chargement…</p>}>
        {(rows) => (
          <Show when={rows().length > 0} fallback={<p class="empty">Aucune tâche.</p>}>
            <div class="table-wrap" tabIndex={0} role="region" aria-label="Liste des tâches">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">N°</th>
                    <th scope="col">Type</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Essais</th>
                    <th scope="col">Dernière erreur</th>
                    <th scope="col">Créée le</th>
                    <th scope="col">Prochain essai ou fin</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(job) => (
                      <tr>
                        <td>{job.id}</td>
                        <td>
                          <code>{job.kind}</code>
                        </td>
                        <td>
                          <span class={`badge badge--${job.status}`}>
                            {LABELS[job.status as Status] ?? job.status}
                          </span>
                        </td>
                        <td>{job.attempts} / {job.max_attempts}</td>
                        <td class="table__error">{job.last_error ?? "—"}</td>
                        <td>{formatDateTime(job.created_at)}</td>
                        <td>
                          {formatDateTime(job.status === "pending" ? job.run_at : job.updated_at)}
                        </td>
                        <td>
                          <Show when={job.status === "failed"}>
                            <button
                              type="button"
                              class="button button--small"
                              onClick={() => retry(job.id)}
                            >
                              Relancer<span class="visually-hidden">
                                {` la tâche n° ${job.id}`}
                              </span>
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Show>
    </Page>
  );
}

export default function SuperAdminTaches() {
  return (
    <RequireRole role="super_admin">
      <Taches />
    </RequireRole>
  );
}
