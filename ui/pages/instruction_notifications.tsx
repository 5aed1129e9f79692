/**
 * `/instruction/notifications`: for each démarche the instructeur instructs, when they are
 * e-mailed of a new dossier, an usager's message and an expert's avis — at once, in the
 * daily summary, or never. One form per démarche, saved on its own.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import {
  EVENT_LABELS,
  type Frequence,
  FREQUENCE_LABELS,
  FREQUENCES,
  INSTRUCTEUR_EVENTS,
} from "../../core/shared/instructeur_notifications.ts";

type Item = Awaited<ReturnType<typeof api.instruction.notifications.get.query>>[number];

const isFrequence = (value: string | undefined): value is Frequence =>
  (FREQUENCES as readonly string[]).includes(value ?? "");

function DemarcheNotifications(props: { item: Item }) {
  const d = () => props.item;
  const [saved, setSaved] = createSignal<string | null>(null);
  const form = useForm(async (data) => {
    setSaved(null);
    const [depot, message, avis] = INSTRUCTEUR_EVENTS.map((e) => data[e]);
    if (!isFrequence(depot) || !isFrequence(message) || !isFrequence(avis)) {
      return form.fail("Choisissez quand vous êtes prévenu de chaque événement.");
    }
    await api.instruction.notifications.save.mutate({
      demarcheId: d().demarcheId,
      depot,
      message,
      avis,
    });
    setSaved(`Vos choix pour « ${d().titre} » sont enregistrés.`);
  });
  const heading = () => `notifications-${d().demarcheId}`;
  return (
    <li class="card">
      <form class="form" onSubmit={form.onSubmit} aria-labelledby={heading()} novalidate>
        <h2 id={heading()} class="card__title">{d().titre}</h2>
        <FormAlert problem={form.problem()} />
        <For each={INSTRUCTEUR_EVENTS}>
          {(event) => {
            const id = `${heading()}-${event}`;
            return (
              <div class="field">
                <label for={id}>{EVENT_LABELS[event]}</label>
                <select id={id} name={event} onChange={() => setSaved(null)}>
                  <For each={FREQUENCES}>
                    {(f) => (
                      <option value={f} selected={d().settings[event] === f}>
                        {FREQUENCE_LABELS[f]}
                      </option>
                    )}
                  </For>
                </select>
              </div>
            );
          }}
        </For>
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.pending()}>
            Enregistrer<span class="visually-hidden">{` les choix pour « ${d().titre} »`}</span>
          </button>
        </div>
        <div role="status">
          <Show when={saved()}>
            <p class="notice notice--success">{saved()}</p>
          </Show>
        </div>
      </form>
    </li>
  );
}

function Notifications() {
  const [list] = createResource(() => api.instruction.notifications.get.query({}));
  return (
    <Page title="Notifications">
      <Breadcrumb
        trail={[
          { label: "Mes démarches à instruire", href: "/instruction" },
          { label: "Notifications", href: "/instruction/notifications" },
        ]}
      />
      <p class="lead">
        Choisissez, pour chaque démarche que vous instruisez, quand vous êtes prévenu par e-mail. Le
        résumé quotidien part chaque matin et compte ce qui s’est passé depuis le précédent ; il
        n’est pas envoyé s’il n’y a rien à dire.
      </p>
      <Show when={list.error}>
        <div class="notice notice--error" role="alert">{problemOf(list.error).message}</div>
      </Show>
      <Show when={list()} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={<p>Vous n’instruisez encore aucune démarche.</p>}
          >
            <ul class="list list--narrow" aria-label="Notifications par démarche">
              <For each={items()}>{(item) => <DemarcheNotifications item={item} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  );
}

export default function InstructionNotifications() {
  return (
    <RequireRole role="instructeur">
      <Notifications />
    </RequireRole>
  );
}
