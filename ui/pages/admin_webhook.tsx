/**
 * `/admin/demarches/:id/webhook`: « Livraisons du webhook », the log of the calls made to the
 * démarche's webhook, newest first, a page at a time: each event with its dossier, delivery
 * id, status, tries, last answer and next try; « Renvoyer » on a delivery and « Envoyer un
 * test » to the configured address. The address itself is set in « Fonctionnalités ».
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";
import { formatDateTime } from "../format.ts";
import { EVENT_LABELS } from "../../core/shared/event_labels.ts";

type Page = Awaited<ReturnType<typeof api.admin.webhooks.list.query>>;
type Delivery = Page["items"][number];

const STATUS: Record<Delivery["status"], { label: string; badge: string }> = {
  en_attente: { label: "En attente", badge: "pending" },
  livre: { label: "Livré", badge: "done" },
  echec: { label: "Échec", badge: "failed" },
};

const PAGE_SIZE = 25;

const eventLabel = (d: Delivery) =>
  d.evenement === "test" ? "Test" : EVENT_LABELS[d.evenement] ?? d.evenement;

function nextTry(d: Delivery): string {
  if (d.status !== "en_attente") return "—";
  if (d.waiting) return "Après l’envoi précédent du dossier";
  return formatDateTime(d.nextAttemptAt);
}

function Livraisons(props: { demarche: Demarche }) {
  const demarcheId = () => props.demarche.id;
  const [older, setOlder] = createSignal<Delivery[]>([]);
  const [cursor, setCursor] = createSignal<number | null>(null);
  const [first, { refetch }] = createResource(demarcheId, async (id) => {
    const page = await api.admin.webhooks.list.query({ demarcheId: id, limit: PAGE_SIZE });
    setOlder([]);
    setCursor(page.next);
    return page.items;
  });
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = createSignal(false);
  const rows = () => [...(first.latest ?? []), ...older()];

  const outcome = (d: Delivery, what: string) => {
    if (d.status === "livre") {
      return { ok: true, text: `${what} : livré (réponse ${d.lastStatus}).` };
    }
    return {
      ok: false,
      text: `${what} : pas encore livré. ${d.lastError ?? ""}${
        d.nextAttemptAt ? ` Nouvel essai le ${formatDateTime(d.nextAttemptAt)}.` : ""
      }`,
    };
  };
  const act = async (run: () => Promise<Delivery>, what: string) => {
    setPending(true);
    setMessage(null);
    try {
      const d = await run();
      await refetch();
      setMessage(outcome(d, what));
    } catch (error) {
      setMessage({ ok: false, text: problemOf(error).message });
    } finally {
      setPending(false);
    }
  };
  const test = () =>
    act(() => api.admin.webhooks.test.mutate({ demarcheId: demarcheId() }), "Envoi de test");
  const resend = (d: Delivery) =>
    act(
      () => api.admin.webhooks.resend.mutate({ demarcheId: demarcheId(), id: d.id }),
      `Livraison n° ${d.id} renvoyée`,
    );
  const more = async () => {
    const before = cursor();
    if (before === null) return;
    try {
      const page = await api.admin.webhooks.list.query({
        demarcheId: demarcheId(),
        limit: PAGE_SIZE,
        before,
      });
      setOlder([...older(), ...page.items]);
      setCursor(page.next);
    } catch (error) {
      setMessage({ ok: false, text: problemOf(error).message });
    }
  };

  return (
    <>
      <p class="lead">
        À chaque changement d’état d’un dossier, Guichet envoie une requête POST à l’adresse du
        webhook, réglée dans{" "}
        <A href={`/admin/demarches/${demarcheId()}/fonctionnalites#fonctionnalite-webhook`}>
          Fonctionnalités
        </A>. Un envoi sans réponse 2xx est réessayé pendant 72 heures, de plus en plus espacé, puis
        marqué en échec et les administrateurs de la démarche sont prévenus par e-mail. Les
        événements d’un même dossier partent dans l’ordre. Chaque requête porte l’en-tête
        <code>X-Guichet-Livraison</code>, le même à chaque essai : le destinataire s’en sert pour ne
        traiter qu’une fois une livraison reçue deux fois.
      </p>
      <div class="form__actions">
        <button type="button" class="button" disabled={pending()} onClick={test}>
          Envoyer un test
        </button>
      </div>
      <div role="status" aria-live="polite">
        <Show when={message()}>
          {(m) => (
            <p class="notice" classList={{ "notice--success": m().ok, "notice--error": !m().ok }}>
              {m().text}
            </p>
          )}
        </Show>
      </div>
      <Show when={first.error}>
        <div class="notice notice--error" role="alert">{problemOf(first.error).message}</div>
      </Show>
      <Show when={first.latest} fallback={<p class="loading" role="status">Chargement…</p>}>
        <Show
          when={rows().length > 0}
          fallback={
            <p class="empty">
              Aucune livraison pour l’instant : elles apparaissent ici dès qu’un dossier change
              d’état, webhook activé.
            </p>
          }
        >
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Livraisons du webhook">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Événement</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Dossier</th>
                  <th scope="col">Date</th>
                  <th scope="col">Essais</th>
                  <th scope="col">Dernière réponse</th>
                  <th scope="col">Prochain essai</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(d) => (
                    <tr>
                      <td>
                        {eventLabel(d)}
                        <br />
                        <small>
                          Livraison <code>{d.livraison}</code>
                        </small>
                      </td>
                      <td>
                        <span class={`badge badge--${STATUS[d.status].badge}`}>
                          {STATUS[d.status].label}
                        </span>
                      </td>
                      <td>{d.dossierId === null ? "—" : `n° ${d.dossierId}`}</td>
                      <td>{formatDateTime(d.createdAt)}</td>
                      <td>{d.attempts}</td>
                      <td class="table__error">
                        {d.lastStatus !== null ? `HTTP ${d.lastStatus}` : ""}
                        {d.lastStatus !== null && d.lastError ? " — " : ""}
                        {d.lastError ?? (d.lastStatus === null ? "—" : "")}
                      </td>
                      <td>{nextTry(d)}</td>
                      <td>
                        <button
                          type="button"
                          class="button button--small button--secondary"
                          disabled={pending()}
                          onClick={() => resend(d)}
                        >
                          Renvoyer<span class="visually-hidden">
                            {` la livraison n° ${d.id}`}
                          </span>
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={cursor() !== null}>
            <div class="form__actions">
              <button type="button" class="button button--secondary" onClick={more}>
                Voir les livraisons plus anciennes
              </button>
            </div>
          </Show>
        </Show>
      </Show>
    </>
  );
}

export default function AdminWebhook() {
  return (
    <DemarcheFrame title={() => "Livraisons du webhook"}>
      {({ demarche }) => <Livraisons demarche={demarche()} />}
    </DemarcheFrame>
  );
}
