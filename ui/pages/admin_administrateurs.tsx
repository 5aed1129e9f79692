/**
 * `/admin/demarches/:id/administrateurs`: the people who manage the démarche. A co-admin
 * must already hold an administrator account; a démarche keeps at least one.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, type Problem, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { useForm } from "../components/use_form.ts";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";
import { useSession } from "../session.tsx";
import { formatDate } from "../format.ts";

function Administrateurs(props: { demarche: Demarche }) {
  const session = useSession();
  const [list, { refetch }] = createResource(
    () => props.demarche.id,
    (demarcheId) => api.admin.demarches.administrateurs.list.query({ demarcheId }),
  );
  const [message, setMessage] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const done = async (text: string) => {
    await refetch();
    setMessage(text);
  };
  let addForm!: HTMLFormElement;
  const add = useForm(async (data) => {
    await api.admin.demarches.administrateurs.add.mutate({
      demarcheId: props.demarche.id,
      email: data.email,
    });
    addForm.reset();
    await done(`${data.email.trim()} administre désormais la démarche : un e-mail l’en informe.`);
  });
  const remove = async (userId: number, email: string) => {
    setProblem(null);
    try {
      await api.admin.demarches.administrateurs.remove.mutate({
        demarcheId: props.demarche.id,
        userId,
      });
      await done(`${email} n’administre plus la démarche.`);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <>
      <p class="lead">
        Les administrateurs modifient la démarche, ses instructeurs et la publient. Chacun doit
        avoir un compte administrateur sur Guichet.
      </p>
      <div role="status">
        <Show when={message()}>
          <p class="notice notice--success">{message()}</p>
        </Show>
      </div>
      <FormAlert problem={problem()} />
      <Show when={list.error}>
        <div class="notice notice--error" role="alert">{problemOf(list.error).message}</div>
      </Show>
      <section class="card list--narrow" aria-labelledby="liste-administrateurs">
        <h2 id="liste-administrateurs" class="card__title">Administrateurs</h2>
        <Show when={list.latest} fallback={<p class="loading">Chargement…</p>}>
          {(items) => (
            <ul class="member-list">
              <For each={items()}>
                {(a) => (
                  <li>
                    <span class="member-list__email">
                      {a.email}
                      <Show when={a.email === session.account()?.email}>
                        {" "}(vous)
                      </Show>
                    </span>
                    <span class="aside">depuis le {formatDate(a.addedAt)}</span>
                    <Show when={items().length > 1}>
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        onClick={() => remove(a.userId, a.email)}
                      >
                        Retirer<span class="visually-hidden">{` ${a.email}`}</span>
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Show>
        <form ref={addForm} class="inline-form" onSubmit={add.onSubmit} novalidate>
          <FormAlert problem={add.problem()} />
          <Field
            name="email"
            label="Ajouter un administrateur"
            hint="L’adresse e-mail de son compte administrateur."
            type="email"
            autocomplete="off"
            required
            error={add.error("email")}
          />
          <button type="submit" class="button" disabled={add.pending()}>Ajouter</button>
        </form>
      </section>
    </>
  );
}

export default function AdminAdministrateurs() {
  return (
    <DemarcheFrame title={() => "Administrateurs"}>
      {({ demarche }) => <Administrateurs demarche={demarche()} />}
    </DemarcheFrame>
  );
}
