/**
 * `/admin/demarches/:id/instructeurs`: groupes instructeurs (the default one, then others
 * with their routing rule) and their instructeurs, invited by e-mail.
 */
import { createResource, createSignal, For, Index, Show } from "solid-js";
import { api, type Problem, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import { ConfirmAction } from "../components/admin/confirm_action.tsx";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";
import { RuleEditor } from "../components/admin/rule_editor.tsx";

type Groupe = Awaited<ReturnType<typeof api.admin.demarches.groupes.list.query>>[number];

interface GroupeProps {
  demarche: Demarche;
  groupe: Groupe;
  /** Reloads the groupes and shows `message` in the page's status line. */
  done: (message: string) => Promise<unknown>;
}

function Instructeurs(props: GroupeProps) {
  const g = () => props.groupe;
  const [problem, setProblem] = createSignal<Problem | null>(null);
  let input!: HTMLFormElement;
  const add = useForm(async (data) => {
    await api.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: props.demarche.id,
      groupeId: g().id,
      email: data.email,
    });
    input.reset();
    await props.done(
      `${data.email.trim()} est instructeur du groupe « ${g().label} » : une invitation lui est envoyée par e-mail.`,
    );
  });
  const remove = async (userId: number, email: string) => {
    setProblem(null);
    try {
      await api.admin.demarches.groupes.removeInstructeur.mutate({
        demarcheId: props.demarche.id,
        groupeId: g().id,
        userId,
      });
      await props.done(`${email} n’est plus instructeur du groupe « ${g().label} ».`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <>
      <h3>Instructeurs</h3>
      <FormAlert problem={problem()} />
      <Show
        when={g().instructeurs.length > 0}
        fallback={<p class="empty">Aucun instructeur dans ce groupe.</p>}
      >
        <ul class="member-list" aria-label={`Instructeurs du groupe ${g().label}`}>
          <For each={g().instructeurs}>
            {(i) => (
              <li>
                <span class="member-list__email">{i.email}</span>
                <Show when={i.pending}>
                  <span class="badge badge--pending">Invitation en attente</span>
                </Show>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  onClick={() => remove(i.userId, i.email)}
                >
                  Retirer<span class="visually-hidden">{` ${i.email}`}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form ref={input} class="inline-form" onSubmit={add.onSubmit} novalidate>
        <FormAlert problem={add.problem()} />
        <Field
          name="email"
          id={`instructeur-${g().id}`}
          label="Ajouter un instructeur"
          hint="Son adresse e-mail : une invitation lui est envoyée."
          type="email"
          autocomplete="off"
          required
          error={add.error("email")}
        />
        <button type="submit" class="button" disabled={add.pending()}>
          Inviter
        </button>
      </form>
    </>
  );
}

function Rename(props: GroupeProps & { close: () => void }) {
  const form = useForm(async (data) => {
    await api.admin.demarches.groupes.rename.mutate({
      demarcheId: props.demarche.id,
      groupeId: props.groupe.id,
      label: data.label,
    });
    props.close();
    await props.done(`Le groupe s’appelle désormais « ${data.label.trim()} ».`);
  });
  return (
    <form class="inline-form" onSubmit={form.onSubmit} novalidate>
      <FormAlert problem={form.problem()} />
      <Field
        name="label"
        id={`nom-groupe-${props.groupe.id}`}
        label="Nouveau nom du groupe"
        value={props.groupe.label}
        required
        maxLength={200}
        error={form.error("label")}
        ref={(el) => queueMicrotask(() => el.focus())}
      />
      <button type="submit" class="button" disabled={form.pending()}>Renommer</button>
      <button type="button" class="button button--secondary" onClick={props.close}>
        Annuler
      </button>
    </form>
  );
}

function GroupeCard(props: GroupeProps) {
  const g = () => props.groupe;
  const [renaming, setRenaming] = createSignal(false);
  return (
    <li class="card" aria-labelledby={`groupe-${g().id}`}>
      <h2 id={`groupe-${g().id}`} class="card__title">
        {g().label}{" "}
        <Show when={g().isDefault}>
          <span class="badge">Par défaut</span>
        </Show>
      </h2>
      <Show when={g().isDefault}>
        <p class="aside">Il reçoit les dossiers qu’aucune règle n’attribue à un autre groupe.</p>
      </Show>
      <Show
        when={renaming()}
        fallback={
          <div class="actions">
            <button
              type="button"
              class="button button--secondary button--small"
              onClick={() => setRenaming(true)}
            >
              Renommer<span class="visually-hidden">{` le groupe ${g().label}`}</span>
            </button>
            <Show when={!g().isDefault}>
              <ConfirmAction
                label={`Supprimer le groupe`}
                question={`Le groupe « ${g().label} » et sa règle seront supprimés ; ses instructeurs n’en feront plus partie.`}
                confirmLabel="Supprimer le groupe"
                danger
                small
                action={async () => {
                  await api.admin.demarches.groupes.remove.mutate({
                    demarcheId: props.demarche.id,
                    groupeId: g().id,
                  });
                  await props.done(`Le groupe « ${g().label} » est supprimé.`);
                }}
              />
            </Show>
          </div>
        }
      >
        <Rename {...props} close={() => setRenaming(false)} />
      </Show>
      <Instructeurs {...props} />
      <Show when={!g().isDefault}>
        <RuleEditor demarche={props.demarche} groupe={g()} onSaved={props.done} />
      </Show>
    </li>
  );
}

function Groupes(props: { demarche: Demarche }) {
  const [groupes, { refetch }] = createResource(
    () => props.demarche.id,
    (demarcheId) => api.admin.demarches.groupes.list.query({ demarcheId }),
  );
  const [message, setMessage] = createSignal<string | null>(null);
  const done = async (text: string) => {
    await refetch();
    setMessage(text);
  };
  let addForm!: HTMLFormElement;
  const add = useForm(async (data) => {
    await api.admin.demarches.groupes.add.mutate({
      demarcheId: props.demarche.id,
      label: data.label,
    });
    addForm.reset();
    await done(`Le groupe « ${data.label.trim()} » est créé : définissez sa règle de routage.`);
  });
  return (
    <>
      <p class="lead">
        Les instructeurs reçoivent les dossiers, les instruisent et rendent la décision. Un dossier
        déposé va au premier groupe dont la règle lui correspond, sinon au groupe par défaut.
      </p>
      <div role="status">
        <Show when={message()}>
          <p class="notice notice--success">{message()}</p>
        </Show>
      </div>
      <Show when={groupes.error}>
        <div class="notice notice--error" role="alert">{problemOf(groupes.error).message}</div>
      </Show>
      <Show when={groupes.latest} fallback={<p class="loading">Chargement…</p>}>
        {(list) => (
          <ul class="list list--narrow" aria-label="Groupes instructeurs">
            {/* By position, so a change keeps each card (and the focus in it) in place. */}
            <Index each={list()}>
              {(groupe) => <GroupeCard demarche={props.demarche} groupe={groupe()} done={done} />}
            </Index>
          </ul>
        )}
      </Show>
      <section class="card add-groupe" aria-labelledby="ajouter-groupe">
        <h2 id="ajouter-groupe" class="card__title">Ajouter un groupe</h2>
        <p>
          Pour répartir les dossiers, par exemple par territoire ou par type de demande, entre
          plusieurs équipes.
        </p>
        <form ref={addForm} class="inline-form" onSubmit={add.onSubmit} novalidate>
          <FormAlert problem={add.problem()} />
          <Field
            name="label"
            id="nouveau-groupe"
            label="Nom du groupe"
            hint="Par exemple « Finistère » ou « Manche »."
            required
            maxLength={200}
            error={add.error("label")}
          />
          <button type="submit" class="button" disabled={add.pending()}>Ajouter le groupe</button>
        </form>
      </section>
    </>
  );
}

export default function AdminInstructeurs() {
  return (
    <DemarcheFrame title={() => "Instructeurs"}>
      {({ demarche }) => <Groupes demarche={demarche()} />}
    </DemarcheFrame>
  );
}
