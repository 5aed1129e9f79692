/** `/connexion[?retour=/chemin]`: signs in, then goes back where the person was headed. */
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { api } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { homeOf, safeReturn, useSession } from "../session.tsx";

export default function Connexion() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams<{ retour?: string }>();
  const form = useForm(async (data) => {
    await api.auth.signIn.mutate({ email: data.email, password: data.password });
    const account = await session.refresh();
    navigate(safeReturn(params.retour) ?? homeOf(account), { replace: true });
  });
  return (
    <Page title="Se connecter">
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
        <Field
          name="password"
          label="Mot de passe"
          type="password"
          autocomplete="current-password"
          required
          error={form.error("password")}
        />
        <p class="form__link">
          <A href="/mot-de-passe/oublie">Mot de passe oublié ?</A>
        </p>
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.pending()}>Se connecter</button>
        </div>
      </form>
      <p class="aside">
        Pas encore de compte ? <A href="/inscription">Créer un compte</A>
      </p>
    </Page>
  );
}
