/**
 * `/mot-de-passe/nouveau?jeton=`: sets a password from an e-mailed link (forgotten password,
 * or first password of an accepted administrator), then opens the right space.
 */
import { useNavigate } from "@solidjs/router";
import { api } from "../api.ts";
import { Field, PASSWORD_RULE } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { MISSING_TOKEN, useToken } from "../components/use_token.ts";
import { homeOf, useSession } from "../session.tsx";

const MISMATCH = "Les deux mots de passe ne sont pas identiques.";

export default function MotDePasseNouveau() {
  const token = useToken();
  const session = useSession();
  const navigate = useNavigate();
  const form = useForm(async (data) => {
    if (!token()) return form.fail(MISSING_TOKEN);
    if (data.password !== data.confirmation) {
      return form.fail(MISMATCH, { confirmation: MISMATCH });
    }
    await api.auth.setPassword.mutate({ token: token(), password: data.password });
    const account = await session.refresh();
    navigate(homeOf(account), {
      replace: true,
      state: { flash: "Votre mot de passe est enregistré : vous êtes connecté." },
    });
  });
  return (
    <Page title="Choisir un mot de passe">
      <form class="form" onSubmit={form.onSubmit} novalidate>
        <FormAlert problem={form.problem()} />
        <Field
          name="password"
          label="Nouveau mot de passe"
          type="password"
          autocomplete="new-password"
          hint={PASSWORD_RULE}
          required
          error={form.error("password")}
        />
        <Field
          name="confirmation"
          label="Confirmez le mot de passe"
          type="password"
          autocomplete="new-password"
          required
          error={form.error("confirmation")}
        />
        <div class="form__actions">
          <button type="submit" class="button" disabled={form.pending()}>
            Enregistrer le mot de passe
          </button>
        </div>
      </form>
    </Page>
  );
}
