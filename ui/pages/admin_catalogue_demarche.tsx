/**
 * `/admin/catalogue/:id`: a catalogue démarche as another administrator reads it — its
 * description, its form, its service — and cloning it into one's démarches en test.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A, useNavigate, useParams } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { useForm } from "../components/use_form.ts";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";
import { modeLabel } from "../components/admin/demarche_state.tsx";
import { useSession } from "../session.tsx";
import { ContactFacts } from "../components/contact_facts.tsx";

type Read = Awaited<ReturnType<typeof api.admin.catalogue.read.query>>;

function Checkbox(props: { name: string; label: string; hint?: string; checked?: boolean }) {
  const id = `clone-${props.name}`;
  return (
    <div class="choice">
      <input
        type="checkbox"
        id={id}
        name={props.name}
        checked={props.checked}
        aria-describedby={props.hint ? `${id}-aide` : undefined}
      />
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <p class="hint" id={`${id}-aide`}>{props.hint}</p>
      </Show>
    </div>
  );
}

function CloneForm(props: { demarche: Read; own: boolean }) {
  const navigate = useNavigate();
  const form = useForm(async (data) => {
    const { id } = await api.admin.catalogue.clone.mutate({
      id: props.demarche.id,
      champs: data.champs === "on",
      annotations: data.annotations === "on",
      instructeurs: data.instructeurs === "on",
    });
    navigate(`/admin/demarches/${id}`, {
      state: {
        flash:
          `La démarche est clonée : vous la trouverez dans vos démarches en test. Adaptez son titre, son service et son formulaire.`,
      },
    });
  });
  return (
    <section class="card clone-card" aria-labelledby="cloner">
      <h2 id="cloner" class="card__title">Cloner cette démarche</h2>
      <p>Une copie rejoint vos démarches en test ; la démarche d’origine n’est pas modifiée.</p>
      <form onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <fieldset class="fieldset">
          <legend>Reprendre</legend>
          <Checkbox name="champs" label="Les champs du formulaire" checked />
          <Checkbox name="annotations" label="Les annotations privées" checked />
          <Show when={props.own}>
            <Checkbox
              name="instructeurs"
              label="Les instructeurs"
              hint="Ils rejoignent le groupe par défaut de la copie."
            />
          </Show>
        </fieldset>
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.pending()}>Cloner</button>
        </div>
      </form>
    </section>
  );
}

/** For the super-admin: make this démarche a model every administrator sees, or stop. */
function TemplateSwitch(props: { id: number }) {
  const [message, setMessage] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const set = async (template: boolean) => {
    setProblem(null);
    setMessage(null);
    try {
      await api.admin.catalogue.setTemplate.mutate({ id: props.id, template });
      setMessage(template ? "La démarche est un modèle." : "La démarche n’est plus un modèle.");
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <div class="template-switch">
      <FormAlert problem={problem()} />
      <div class="actions">
        <span class="aside">Super-administrateur :</span>
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => set(true)}
        >
          Marquer comme modèle
        </button>
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => set(false)}
        >
          Retirer des modèles
        </button>
        <span role="status">{message()}</span>
      </div>
    </div>
  );
}

function Lecture() {
  const params = useParams<{ id: string }>();
  const session = useSession();
  const id = () => Number(params.id);
  const [demarche] = createResource(id, (id) => api.admin.catalogue.read.query({ id }));
  const [mine] = createResource(() => api.admin.demarches.list.query());
  const own = () => {
    const l = mine();
    return !!l && [...l.enTest, ...l.publiees, ...l.closes].some((d) => d.id === id());
  };
  return (
    <Show
      when={!demarche.error && demarche()}
      fallback={
        <Show when={demarche.error} fallback={<p class="loading" role="status">Chargement…</p>}>
          <Page title="Démarche introuvable">
            <p>{problemOf(demarche.error).message}</p>
            <p>
              <A href="/admin/catalogue">Retour au catalogue</A>
            </p>
          </Page>
        </Show>
      }
    >
      {(d) => (
        <>
          <Breadcrumb
            trail={[{ label: "Mes démarches", href: "/admin" }, {
              label: "Catalogue",
              href: "/admin/catalogue",
            }]}
          />
          <Page title={d().titre}>
            <p class="demarche-item__meta catalogue-meta">
              <span>{modeLabel(d().mode)}</span>
              <span>{d().dossiers.toLocaleString("fr-FR")} dossiers déposés</span>
              <Show when={d().path}>
                <a href={`/commencer/${d().path}`}>Voir la démarche en ligne</a>
              </Show>
            </p>
            <Show when={session.hasRole("super_admin")}>
              <TemplateSwitch id={d().id} />
            </Show>
            <div class="two-columns">
              <div>
                <Show when={d().descriptionHtml}>
                  <section class="description-html" aria-labelledby="description">
                    <h2 id="description">Description</h2>
                    {/* Rendered from markdown and sanitized by the server. */}
                    <div innerHTML={d().descriptionHtml} />
                  </section>
                </Show>
                <section aria-labelledby="formulaire">
                  <h2 id="formulaire">Formulaire</h2>
                  <Show
                    when={d().form.champs.length > 0}
                    fallback={<p class="empty">Aucun champ.</p>}
                  >
                    <ol class="champ-list">
                      <For each={d().form.champs}>
                        {(c) => (
                          <li>
                            {c.label}
                            <Show when={c.mandatory}>
                              <span class="aside">, obligatoire</span>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ol>
                  </Show>
                  <Show when={d().form.annotations.length > 0}>
                    <p class="aside">
                      Et {d().form.annotations.length} annotation
                      {d().form.annotations.length > 1 ? "s" : ""} privée
                      {d().form.annotations.length > 1 ? "s" : ""} pour les instructeurs.
                    </p>
                  </Show>
                </section>
              </div>
              <div class="stack stack--flush">
                <CloneForm demarche={d()} own={own()} />
                <Service service={d().service} />
              </div>
            </div>
          </Page>
        </>
      )}
    </Show>
  );
}

function Service(props: { service: Read["service"] }) {
  return (
    <section class="card service-card" aria-labelledby="service">
      <h2 id="service" class="card__title">Service</h2>
      <Show when={props.service} fallback={<p class="empty">Non renseigné.</p>}>
        {(s) => (
          <dl class="summary summary--compact">
            <Show when={s().nom || s().organisme}>
              <div>
                <dt>Service</dt>
                <dd>{[s().nom, s().organisme].filter(Boolean).join(", ")}</dd>
              </div>
            </Show>
            <ContactFacts contact={s()} />
          </dl>
        )}
      </Show>
    </section>
  );
}

export default function AdminCatalogueDemarche() {
  return (
    <RequireRole role="administrateur">
      <Lecture />
    </RequireRole>
  );
}
