/**
 * `/admin/demarches/:id/fonctionnalites`: every installed plugin, switched on or off for
 * this démarche, with its settings form generated from the plugin's schema. The switch
 * saves only the switch: what the person typed in the settings stays as typed until
 * « Enregistrer les réglages », whatever the page reloads meanwhile.
 */
import { createEffect, createResource, createSignal, Index, Show, untrack } from "solid-js";
import { A, useLocation } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";
import {
  editableProperties,
  readSettings,
  SchemaFields,
} from "../components/admin/schema_form.tsx";

type Fonctionnalite = Awaited<ReturnType<typeof api.admin.demarches.fonctionnalites.query>>[
  number
];

function FonctionnaliteCard(props: {
  demarcheId: number;
  f: Fonctionnalite;
  done: (message: string) => Promise<unknown>;
}) {
  const f = () => props.f;
  const prefix = () => `${f().id}.`;
  const [switchProblem, setSwitchProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);
  let settingsForm: HTMLFormElement | undefined;
  // The fields start from the stored settings and are then the person's: reloading the
  // list after a switch must not put the stored text back over what they typed.
  // The schema too: a new copy of it from the reload would draw the fields anew.
  const initialSettings = untrack(() => f().settings) as Record<string, unknown> | null;
  const schema = untrack(() => f().settingsSchema);
  const toggle = async (enabled: boolean, input: HTMLInputElement) => {
    setPending(true);
    setSwitchProblem(null);
    try {
      await api.admin.demarches.setFonctionnalite.mutate({
        id: props.demarcheId,
        pluginId: f().id,
        enabled,
        settings: f().settings ?? undefined,
      });
      await props.done(
        enabled ? `« ${f().label} » est activée.` : `« ${f().label} » est désactivée.`,
      );
    } catch (error) {
      input.checked = !enabled;
      setSwitchProblem(problemOf(error));
    } finally {
      setPending(false);
    }
  };
  const form = useForm(async () => {
    await api.admin.demarches.setFonctionnalite.mutate({
      id: props.demarcheId,
      pluginId: f().id,
      enabled: f().enabled,
      settings: readSettings(schema, settingsForm!, prefix()),
    });
    await props.done(`Les réglages de « ${f().label} » sont enregistrés.`);
  });
  return (
    <li class="card fonctionnalite" aria-labelledby={`fonctionnalite-${f().id}`}>
      <div class="fonctionnalite__head">
        <h2 id={`fonctionnalite-${f().id}`} class="card__title">{f().label}</h2>
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={f().enabled}
            disabled={pending()}
            aria-describedby={`fonctionnalite-${f().id}-etat`}
            onChange={(event) => toggle(event.currentTarget.checked, event.currentTarget)}
          />
          {
            /* The switch is named after the fonctionnalité and says on/off itself; the word
              beside it shows the same state to the eye. */
          }
          <span aria-hidden="true">{f().enabled ? "Activée" : "Désactivée"}</span>
          <span class="visually-hidden">{f().label}</span>
        </label>
      </div>
      <Show when={f().description}>
        <p>{f().description}</p>
      </Show>
      <p class="aside" id={`fonctionnalite-${f().id}-etat`}>
        {f().optional ? "Fonctionnalité optionnelle." : "Active par défaut sur chaque démarche."}
      </p>
      <FormAlert problem={switchProblem()} />
      <Show when={f().webhook}>
        <p>
          <A href={`/admin/demarches/${props.demarcheId}/webhook`}>
            Livraisons du webhook : journal des envois, renvoi, envoi d’un test
          </A>
        </p>
      </Show>
      <Show when={editableProperties(schema).length > 0}>
        <form
          ref={settingsForm}
          class="form fonctionnalite__settings"
          onSubmit={form.onSubmit}
          novalidate
          aria-label={`Réglages — ${f().label}`}
        >
          <h3>Réglages</h3>
          <FormAlert problem={form.problem()} />
          <SchemaFields
            schema={schema}
            values={initialSettings}
            prefix={prefix()}
            error={form.error}
          />
          <div class="form__actions">
            <button type="submit" class="button button--secondary" disabled={form.pending()}>
              Enregistrer les réglages
            </button>
          </div>
        </form>
      </Show>
    </li>
  );
}

function Fonctionnalites(props: { demarche: Demarche }) {
  const [list, { refetch }] = createResource(
    () => props.demarche.id,
    (id) => api.admin.demarches.fonctionnalites.query({ id }),
  );
  const [message, setMessage] = createSignal<string | null>(null);
  // Arriving from a link to one fonctionnalité (« Attestation » on the démarche's page): the
  // page opens on its card once the list is there.
  const location = useLocation();
  let arrived = false;
  createEffect(() => {
    if (arrived || !list.latest || !location.hash) return;
    arrived = true;
    requestAnimationFrame(() =>
      document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView()
    );
  });
  const done = async (text: string) => {
    await refetch();
    setMessage(text);
  };
  return (
    <>
      <p class="lead">
        Les fonctionnalités apportent des types de champ, des formats d’export, des envois… Celles
        désactivées ici ne sont pas proposées pour cette démarche.
      </p>
      <div role="status">
        <Show when={message()}>
          <p class="notice notice--success">{message()}</p>
        </Show>
      </div>
      <Show when={list.error}>
        <div class="notice notice--error" role="alert">{problemOf(list.error).message}</div>
      </Show>
      <Show when={list.latest} fallback={<p class="loading">Chargement…</p>}>
        {(items) => (
          <ul class="list list--narrow" aria-label="Fonctionnalités">
            {/* By position, so a change keeps each card (and the focus in it) in place. */}
            <Index each={items()}>
              {(f) => <FonctionnaliteCard demarcheId={props.demarche.id} f={f()} done={done} />}
            </Index>
          </ul>
        )}
      </Show>
    </>
  );
}

export default function AdminFonctionnalites() {
  return (
    <DemarcheFrame title={() => "Fonctionnalités"}>
      {({ demarche }) => <Fonctionnalites demarche={demarche()} />}
    </DemarcheFrame>
  );
}
