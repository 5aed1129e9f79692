/** `/mot-de-passe/oublie`: sends a link to choose a new password. */
import { createSignal, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";

export default function MotDePasseOublie() {
  const [sentTo, setSentTo] = createSignal<string | null>(null);
  const form = useForm(async (data) => {
    await api.auth.requestPasswordReset.mutate({ email: data.email });
    setSentTo(data.email.trim());
  });
  return (
    <Page
      title="Mot de passe oublié"
      intro={
        <p>
          Indiquez l’adresse de votre compte : nous vous enverrons un lien pour choisir un nouveau
          mot de passe.
        </p>
      }
    >
      <Show
        when={sentTo()}
        fallback={
          <form class="form" onSubmit={form.onSubmit} novalidate>
            <FormAlert problem={form.problem()} />
            <Field
              name="email"
              label="Adresse e-mail"
              type="email"
              autocomplete="email"
              required
              error={form.error("email")}
            />
            <div class="form__actions">
              <button type="submit" class="button" disabled={form.pending()}>
                Recevoir le lien
              </button>
            </div>
          </form>
        }
      >
        {(email) => (
          <p class="notice notice--success" role="status">
            Si un compte existe pour{" "}
            {email()}, un e-mail vient de lui être envoyé. Le lien est valable 1 heure.
          </p>
        )}
      </Show>
      <p class="aside">
        <A href="/connexion">Retour à la connexion</A>
      </p>
    </Page>
  );
}
