/**
 * `/super-admin/fournisseurs-identite`: FranceConnect, ProConnect and other OpenID Connect
 * providers. Each instance: the button's label, its settings (form built from the plugin's
 * schema), for whom it is offered, whether agents must use it, whether its identity is
 * certified (démarches may then ask for it). The client secret is never shown back.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { SuperAdminNav } from "../components/super_admin_nav.tsx";
import { useForm } from "../components/use_form.ts";
import { readSettings, SchemaFields } from "../components/admin/schema_form.tsx";

type Kind = Awaited<ReturnType<typeof api.superadmin.identityProviders.kinds.query>>[number];
type Instance = Awaited<ReturnType<typeof api.superadmin.identityProviders.list.query>>[number];

/** What the form starts from: an instance to edit, or a kind and preset to create. */
interface Draft {
  readonly kind: Kind;
  readonly preset: string | null;
  readonly instance: Instance | null;
}

function Checkbox(props: { name: string; label: string; checked: boolean; error?: string }) {
  return (
    <div class="choice">
      <input type="checkbox" id={`fi-${props.name}`} name={props.name} checked={props.checked} />
      <label for={`fi-${props.name}`}>{props.label}</label>
      <Show when={props.error}>
        <p class="field-error">{props.error}</p>
      </Show>
    </div>
  );
}

function ProviderForm(props: { draft: Draft; onDone: () => void; onCancel: () => void }) {
  const preset = () => props.draft.kind.presets.find((p) => p.id === props.draft.preset);
  const instance = () => props.draft.instance;
  const values = () => instance()?.config ?? preset()?.config ?? {};
  let formElement!: HTMLFormElement;
  const form = useForm(async (data) => {
    const checked = (name: string) =>
      (formElement.elements.namedItem(name) as HTMLInputElement).checked;
    await api.superadmin.identityProviders.save.mutate({
      id: instance()?.id,
      kind: props.draft.kind.id,
      preset: instance()?.preset ?? props.draft.preset,
      label: data.label ?? "",
      config: readSettings(props.draft.kind.configSchema, formElement, "config-"),
      forUsagers: checked("forUsagers"),
      forAgents: checked("forAgents"),
      requiredForAgents: checked("requiredForAgents"),
      verifiesIdentity: checked("verifiesIdentity"),
      enabled: checked("enabled"),
    });
    props.onDone();
  });
  const title = () =>
    instance()
      ? `Modifier « ${instance()!.label} »`
      : `Ajouter ${preset()?.label ?? "un fournisseur OpenID Connect"}`;
  return (
    <section class="card" aria-labelledby="titre-formulaire-fournisseur">
      <h2 id="titre-formulaire-fournisseur">{title()}</h2>
      <form ref={formElement} class="form" onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <Field
          name="label"
          label="Texte du bouton"
          hint="Affiché « Se connecter avec … » sur la page de connexion."
          value={instance()?.label ?? preset()?.label ?? ""}
          required
          error={form.error("label")}
        />
        <SchemaFields
          schema={props.draft.kind.configSchema}
          values={values()}
          prefix="config-"
          error={(name) => form.error(name)}
        />
        <Show when={instance()?.secretsSet.includes("clientSecret")}>
          <p class="hint">
            Un secret client est enregistré : laissez le champ vide pour le garder.
          </p>
        </Show>
        <fieldset class="fieldset">
          <legend>Proposé</legend>
          <Checkbox
            name="forUsagers"
            label="Aux usagers"
            checked={instance()?.forUsagers ?? props.draft.preset !== "proconnect"}
            error={form.error("forUsagers")}
          />
          <Checkbox
            name="forAgents"
            label="Aux agents (instructeurs, administrateurs)"
            checked={instance()?.forAgents ?? props.draft.preset === "proconnect"}
          />
          <Checkbox
            name="requiredForAgents"
            label="Obligatoire pour les agents (ils ne se connectent plus par mot de passe ; les super-administrateurs gardent le leur)"
            checked={instance()?.requiredForAgents ?? false}
            error={form.error("requiredForAgents")}
          />
        </fieldset>
        <Checkbox
          name="verifiesIdentity"
          label="Identité certifiée : les démarches peuvent demander l’identité vérifiée par ce fournisseur"
          checked={instance()?.verifiesIdentity ?? preset()?.verifiesIdentity ?? false}
        />
        <Checkbox name="enabled" label="Actif" checked={instance()?.enabled ?? true} />
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.pending()}>Enregistrer</button>
          <button type="button" class="button button--secondary" onClick={() => props.onCancel()}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  );
}

function Fournisseurs() {
  const [kinds] = createResource(() => api.superadmin.identityProviders.kinds.query());
  const [list, { refetch }] = createResource(() => api.superadmin.identityProviders.list.query());
  const [draft, setDraft] = createSignal<Draft | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const start = (value: string) => {
    const [kindId, presetId] = value.split(":");
    const kind = kinds()?.find((k) => k.id === kindId);
    if (kind) setDraft({ kind, preset: presetId || null, instance: null });
  };
  const edit = (instance: Instance) => {
    const kind = kinds()?.find((k) => k.id === instance.kind);
    if (kind) setDraft({ kind, preset: instance.preset, instance });
  };
  const remove = async (instance: Instance) => {
    if (!confirm(`Supprimer « ${instance.label} » ? Les identités associées seront retirées.`)) {
      return;
    }
    setProblem(null);
    await api.superadmin.identityProviders.delete.mutate({ id: instance.id })
      .catch((error) => setProblem(problemOf(error).message));
    await refetch();
  };
  let choice!: HTMLSelectElement;
  return (
    <Page title="Fournisseurs d’identité">
      <SuperAdminNav />
      <p>
        Les usagers et les agents peuvent se connecter avec FranceConnect, ProConnect ou le
        fournisseur OpenID Connect de votre administration. Déclarez chez le fournisseur l’adresse
        de retour indiquée pour chacun.
      </p>
      <Show when={list.error ?? kinds.error}>
        {(error) => (
          <div class="notice notice--error" role="alert">{problemOf(error()).message}</div>
        )}
      </Show>
      <Show when={problem()}>
        <div class="notice notice--error" role="alert">{problem()}</div>
      </Show>
      <Show
        when={draft()}
        fallback={
          <Show when={kinds()}>
            <div class="form form--inline">
              <label for="nouveau-fournisseur">Ajouter</label>
              <select id="nouveau-fournisseur" ref={choice}>
                <For each={kinds()}>
                  {(kind) => (
                    <>
                      <For each={kind.presets}>
                        {(p) => <option value={`${kind.id}:${p.id}`}>{p.label}</option>}
                      </For>
                      <option value={`${kind.id}:`}>Autre fournisseur ({kind.label})</option>
                    </>
                  )}
                </For>
              </select>
              <button type="button" class="button" onClick={() => start(choice.value)}>
                Configurer
              </button>
            </div>
          </Show>
        }
      >
        {(d) => (
          <ProviderForm
            draft={d()}
            onCancel={() => setDraft(null)}
            onDone={() => {
              setDraft(null);
              void refetch();
            }}
          />
        )}
      </Show>
      <Show when={list()} fallback={<p role="status">Chargement…</p>}>
        <Show when={list()!.length > 0} fallback={<p>Aucun fournisseur d’identité configuré.</p>}>
          <ul class="list" aria-label="Fournisseurs configurés">
            <For each={list()}>
              {(p) => (
                <li class="card">
                  <h2 class="card__title">
                    {p.label} <span class="card__meta">{p.enabled ? "actif" : "inactif"}</span>
                  </h2>
                  <dl class="summary summary--compact">
                    <div>
                      <dt>Émetteur</dt>
                      <dd>
                        <code>{String(p.config.issuer ?? "")}</code>
                      </dd>
                    </div>
                    <div>
                      <dt>Adresse de retour (redirect URI)</dt>
                      <dd>
                        <code>{p.redirectUri}</code>
                      </dd>
                    </div>
                    <div>
                      <dt>Proposé</dt>
                      <dd>
                        {[p.forUsagers && "aux usagers", p.forAgents && "aux agents"].filter(
                          Boolean,
                        )
                          .join(" et ")}
                        {p.requiredForAgents ? " ; obligatoire pour les agents" : ""}
                      </dd>
                    </div>
                  </dl>
                  <div class="form__actions">
                    <button type="button" class="button button--secondary" onClick={() => edit(p)}>
                      Modifier<span class="visually-hidden">{p.label}</span>
                    </button>
                    <button type="button" class="button button--danger" onClick={() => remove(p)}>
                      Supprimer<span class="visually-hidden">{p.label}</span>
                    </button>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Page>
  );
}

export default function SuperAdminFournisseurs() {
  return (
    <RequireRole role="super_admin">
      <Fournisseurs />
    </RequireRole>
  );
}
