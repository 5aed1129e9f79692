/** `/compte` "Mon compte": who I am, and changing my password or my address. */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { PasswordField } from "../components/password_field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { useForm } from "../components/use_form.ts";
import { formatDate } from "../format.ts";
import { ROLE_LABELS } from "../roles.ts";
import { useSession } from "../session.tsx";
import { ActiveSessions } from "../components/account/active_sessions.tsx";
import { SecondFactorCard } from "../components/account/second_factor_card.tsx";
import { IdentityLinks } from "../components/account/identity_links.tsx";

function ChangePassword() {
  const session = useSession();
  const [done, setDone] = createSignal(false);
  const form = useForm(async (data) => {
    setDone(false);
    await api.auth.changePassword.mutate({
      currentPassword: data.currentPassword,
      newPassword: data.newPassword,
    });
    formElement.reset();
    setDone(true);
  });
  let formElement!: HTMLFormElement;
  return (
    <section class="card" aria-labelledby="titre-mot-de-passe">
      <h2 id="titre-mot-de-passe">Changer de mot de passe</h2>
      <form ref={formElement} class="form" onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <Show when={done()}>
          <p class="notice notice--success" role="status">
            Votre mot de passe a été changé. Vos autres sessions ont été fermées.
          </p>
        </Show>
        <Field
          name="currentPassword"
          label="Mot de passe actuel"
          type="password"
          autocomplete="current-password"
          required
          error={form.error("currentPassword")}
        />
        <PasswordField
          name="newPassword"
          label="Nouveau mot de passe"
          email={() => session.account()?.email}
          error={form.error("newPassword") ?? form.error("password")}
        />
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.pending()}>
            Changer le mot de passe
          </button>
        </div>
      </form>
    </section>
  );
}

function ChangeEmail() {
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  let formElement!: HTMLFormElement;
  const form = useForm(async (data) => {
    setSentTo(null);
    await api.auth.changeEmail.mutate({ email: data.email, password: data.password });
    formElement.reset();
    setSentTo(data.email.trim());
  });
  return (
    <section class="card" aria-labelledby="titre-email">
      <h2 id="titre-email">Changer d’adresse e-mail</h2>
      <p>Le changement s’applique quand vous ouvrez le lien envoyé à la nouvelle adresse.</p>
      <form ref={formElement} class="form" onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <Show when={sentTo()}>
          <p class="notice notice--success" role="status">
            Un lien de confirmation a été envoyé à {sentTo()}. Il est valable 24 heures.
          </p>
        </Show>
        <Field
          name="email"
          label="Nouvelle adresse e-mail"
          type="email"
          autocomplete="email"
          required
          error={form.error("email")}
        />
        <Field
          name="password"
          id="champ-password-email"
          label="Mot de passe actuel"
          type="password"
          autocomplete="current-password"
          required
          error={form.error("password")}
        />
        <div class="form__actions">
          <button type="submit" class="button button--secondary" disabled={form.pending()}>
            Changer d’adresse
          </button>
        </div>
      </form>
    </section>
  );
}

function AccountSummary() {
  const [me] = createResource(() => api.auth.me.query());
  return (
    <Show
      when={me()}
      fallback={
        <Show when={me.error} fallback={<p role="status">Chargement…</p>}>
          <div class="notice notice--error" role="alert">{problemOf(me.error).message}</div>
        </Show>
      }
    >
      {(account) => (
        <dl class="summary">
          <div>
            <dt>Adresse e-mail</dt>
            <dd>{account().email}</dd>
          </div>
          <div>
            <dt>Rôles</dt>
            <dd>
              <ul class="tags">
                <For each={account().roles}>{(role) => <li>{ROLE_LABELS[role]}</li>}</For>
              </ul>
            </dd>
          </div>
          <div>
            <dt>Compte créé le</dt>
            <dd>{formatDate(account().createdAt)}</dd>
          </div>
        </dl>
      )}
    </Show>
  );
}

export default function Compte() {
  return (
    <RequireRole>
      <Page title="Mon compte">
        <AccountSummary />
        <div class="stack">
          <ChangePassword />
          <ChangeEmail />
          <SecondFactorCard />
          <IdentityLinks />
          <ActiveSessions />
        </div>
      </Page>
    </RequireRole>
  );
}
