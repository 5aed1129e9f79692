/**
 * `/inscription[?retour=/chemin]`: creates an account, then asks to open the confirmation
 * e-mail; the return path is kept on this browser for the confirmation.
 */
import { createSignal, Show } from "solid-js";
import { A, useSearchParams } from "@solidjs/router";
import { api } from "../api.ts";
import { Field } from "../components/field.tsx";
import { PasswordField } from "../components/password_field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { rememberReturn, safeReturn, signUpProof, withReturn } from "../session.tsx";

export default function Inscription() {
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const [email, setEmail] = createSignal("");
  const [params] = useSearchParams<{ retour?: string }>();
  const retour = () => safeReturn(params.retour);
  const form = useForm(async (data) => {
    await api.auth.signUp.mutate({
      email: data.email,
      password: data.password,
      navigateur: signUpProof(),
    });
    rememberReturn(retour());
    setSentTo(data.email.trim());
  });
  return (
    <Show
      when={sentTo()}
      fallback={
        <Page title="Créer un compte">
          <form class="form" onSubmit={form.onSubmit} novalidate>
            <FormAlert problem={form.problem()} />
            <Field
              name="email"
              label="Adresse e-mail"
              type="email"
              autocomplete="email"
              hint="Nous y enverrons un lien pour confirmer votre inscription."
              required
              onInput={(event) => setEmail(event.currentTarget.value)}
              error={form.error("email")}
            />
            <PasswordField
              name="password"
              label="Mot de passe"
              email={email}
              error={form.error("password")}
            />
            <div class="form__actions">
              <button type="submit" class="button" disabled={form.pending()}>
                Créer mon compte
              </button>
            </div>
          </form>
          <p class="aside">
            Déjà un compte ? <A href="/connexion">Se connecter</A>
          </p>
        </Page>
      }
    >
      {(email) => (
        <Page title="Vérifiez votre boîte mail">
          <p>
            Nous avons envoyé un lien de confirmation à{" "}
            <strong>{email()}</strong>. Ouvrez-le pour activer votre compte : il est valable 24
            heures.
          </p>
          <p class="aside">
            Rien reçu ? Regardez dans les indésirables, ou{" "}
            <A href={withReturn("/connexion", retour())}>connectez-vous</A>{" "}
            : un nouveau lien vous sera envoyé.
          </p>
        </Page>
      )}
    </Show>
  );
}
