/**
 * `/confirmation?jeton=`: confirms the address from the e-mail and signs the person in,
 * then goes where the sign-up was headed (kept on this browser), else to the account. Opened
 * in the browser that signed up, it confirms at once; elsewhere it asks for the password
 * chosen at sign-up, so that nobody else's click can confirm an account a stranger opened.
 */
import { createSignal, onMount, Show } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { useForm } from "../components/use_form.ts";
import { MISSING_TOKEN, useToken } from "../components/use_token.ts";
import { keptSignUpProof, takeReturn, useSession } from "../session.tsx";

export default function Confirmation() {
  const token = useToken();
  const session = useSession();
  const navigate = useNavigate();
  const [problem, setProblem] = createSignal<string | null>(null);
  const [askPassword, setAskPassword] = createSignal<Problem | null>(null);

  async function confirm(password?: string) {
    await api.auth.confirmEmail.mutate({
      token: token(),
      navigateur: keptSignUpProof(),
      password,
    });
    await session.refresh();
    navigate(takeReturn() ?? "/compte", {
      replace: true,
      state: { flash: "Votre adresse e-mail est confirmée : bienvenue sur Guichet." },
    });
  }

  onMount(async () => {
    if (!token()) return setProblem(MISSING_TOKEN);
    try {
      await confirm();
    } catch (error) {
      const p = problemOf(error);
      if (p.fields.password) setAskPassword(p);
      else setProblem(p.message);
    }
  });

  const form = useForm(async (data) => {
    await confirm(data.password);
  });

  return (
    <Page title="Confirmation de votre adresse e-mail">
      <Show
        when={askPassword()}
        fallback={
          <Show when={problem()} fallback={<p role="status">Confirmation en cours…</p>}>
            <div class="notice notice--error" role="alert">{problem()}</div>
            <p>
              Pour recevoir un nouveau lien, <A href="/connexion">connectez-vous</A>{" "}
              avec votre adresse et votre mot de passe.
            </p>
          </Show>
        }
      >
        <p>
          Vous ouvrez ce lien dans un autre navigateur que celui de votre inscription : pour activer
          votre compte, saisissez le mot de passe que vous avez choisi.
        </p>
        <form class="form" onSubmit={form.onSubmit} novalidate>
          <FormAlert problem={form.problem()} />
          <Field
            name="password"
            label="Mot de passe"
            type="password"
            autocomplete="current-password"
            required
            error={form.error("password")}
          />
          <div class="form__actions">
            <button type="submit" class="button" disabled={form.pending()}>
              Activer mon compte
            </button>
          </div>
        </form>
        <p class="aside">
          Vous n’avez pas créé de compte sur Guichet ? Ignorez ce lien : sans ce mot de passe, rien
          ne se passe.
        </p>
      </Show>
    </Page>
  );
}
