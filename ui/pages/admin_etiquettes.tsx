/**
 * `/admin/demarches/:id/etiquettes`: the démarche's « étiquettes », which its instructeurs put
 * on dossiers to sort their work (« Pièce manquante », « Urgent »…): a name and a colour each;
 * renamed or removed here (a removed one leaves the dossiers that carried it).
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, type Problem, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";

type Color = Parameters<typeof api.admin.demarches.labels.create.mutate>[0]["color"];

const COLORS: readonly [Color, string][] = [
  ["bleu", "Bleu"],
  ["vert", "Vert"],
  ["jaune", "Jaune"],
  ["orange", "Orange"],
  ["rouge", "Rouge"],
  ["violet", "Violet"],
  ["rose", "Rose"],
  ["gris", "Gris"],
];

function ColorSelect(props: { id: string; value?: string; onInput?: (c: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>Couleur</label>
      <select
        id={props.id}
        name="color"
        onInput={(e) => props.onInput?.(e.currentTarget.value)}
      >
        <For each={COLORS}>
          {([id, label]) => <option value={id} selected={id === props.value}>{label}</option>}
        </For>
      </select>
    </div>
  );
}

function Etiquettes(props: { demarche: Demarche }) {
  const [list, { refetch }] = createResource(
    () => props.demarche.id,
    (demarcheId) => api.admin.demarches.labels.list.query({ demarcheId }),
  );
  const [message, setMessage] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [editing, setEditing] = createSignal<number | null>(null);
  const [preview, setPreview] = createSignal<string>("bleu");
  const done = async (text: string) => {
    await refetch();
    setMessage(text);
  };
  let addForm!: HTMLFormElement;
  const add = useForm(async (data) => {
    await api.admin.demarches.labels.create.mutate({
      demarcheId: props.demarche.id,
      name: data.name,
      color: data.color as Color,
    });
    addForm.reset();
    setPreview("bleu");
    await done(`L’étiquette « ${data.name.trim()} » est créée.`);
  });
  const update = useForm(async (data) => {
    await api.admin.demarches.labels.update.mutate({
      demarcheId: props.demarche.id,
      labelId: editing()!,
      name: data.name,
      color: data.color as Color,
    });
    setEditing(null);
    await done(`L’étiquette « ${data.name.trim()} » est enregistrée.`);
  });
  const remove = async (labelId: number, name: string) => {
    setProblem(null);
    try {
      await api.admin.demarches.labels.remove.mutate({ demarcheId: props.demarche.id, labelId });
      await done(`L’étiquette « ${name} » est supprimée, et retirée des dossiers qui l’avaient.`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <>
      <p class="lead">
        Les instructeurs posent ces étiquettes sur les dossiers pour organiser leur travail (« Pièce
        manquante », « Visite à prévoir »…) et filtrent le tableau de bord avec. Les usagers ne les
        voient pas.
      </p>
      <div role="status">
        <Show when={message()}>
          <p class="notice notice--success">{message()}</p>
        </Show>
      </div>
      <FormAlert problem={problem()} />
      <section class="card list--narrow" aria-labelledby="liste-etiquettes">
        <h2 id="liste-etiquettes" class="card__title">Étiquettes</h2>
        <Show when={list.latest} fallback={<p class="loading">Chargement…</p>}>
          {(items) => (
            <Show when={items().length > 0} fallback={<p class="empty">Aucune étiquette.</p>}>
              <ul class="member-list">
                <For each={items()}>
                  {(l) => (
                    <li>
                      <Show
                        when={editing() === l.id}
                        fallback={
                          <>
                            <span class={`label label--${l.color}`}>{l.name}</span>
                            <button
                              type="button"
                              class="button button--secondary button--small"
                              onClick={() => (setEditing(l.id), setMessage(null))}
                            >
                              Modifier<span class="visually-hidden">{` « ${l.name} »`}</span>
                            </button>
                            <button
                              type="button"
                              class="button button--secondary button--small"
                              onClick={() => remove(l.id, l.name)}
                            >
                              Supprimer<span class="visually-hidden">{` « ${l.name} »`}</span>
                            </button>
                          </>
                        }
                      >
                        <form class="inline-form" onSubmit={update.onSubmit} novalidate>
                          <FormAlert problem={update.problem()} />
                          <Field
                            id={`etiquette-${l.id}`}
                            name="name"
                            label="Nom"
                            value={l.name}
                            maxLength={40}
                            required
                            error={update.error("name")}
                          />
                          <ColorSelect id={`couleur-${l.id}`} value={l.color} />
                          <button type="submit" class="button button--small">Enregistrer</button>
                          <button
                            type="button"
                            class="button button--secondary button--small"
                            onClick={() =>
                              setEditing(null)}
                          >
                            Annuler
                          </button>
                        </form>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
        <form ref={addForm} class="inline-form" onSubmit={add.onSubmit} novalidate>
          <FormAlert problem={add.problem()} />
          <Field
            name="name"
            label="Nouvelle étiquette"
            hint="Un nom court : au plus 40 caractères."
            maxLength={40}
            autocomplete="off"
            required
            error={add.error("name")}
          />
          <ColorSelect id="couleur-nouvelle" value={preview()} onInput={setPreview} />
          <span class={`label label--${preview()}`} aria-hidden="true">Aperçu</span>
          <button type="submit" class="button" disabled={add.pending()}>Créer</button>
        </form>
      </section>
    </>
  );
}

export default function AdminEtiquettes() {
  return (
    <DemarcheFrame title={() => "Étiquettes"}>
      {({ demarche }) => <Etiquettes demarche={demarche()} />}
    </DemarcheFrame>
  );
}
