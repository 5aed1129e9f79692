/**
 * `/confirmation?jeton=`: confirms the address from the e-mail and signs the person in,
 * then goes where the sign-up was headed (kept on this browser), else to the account.
 */
import { createSignal, onMount, Show } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { MISSING_TOKEN, useToken } from "../components/use_token.ts";
import { takeReturn, useSession } from "../session.tsx";

export default function Confirmation() {
  const token = useToken();
  const session = useSession();
  const navigate = useNavigate();
  const [problem, setProblem] = createSignal<string | null>(null);

  onMount(async () => {
    if (!token()) return setProblem(MISSING_TOKEN);
    try {
      await api.auth.confirmEmail.mutate({ token: token() });
      await session.refresh();
      navigate(takeReturn() ?? "/compte", {
        replace: true,
        state: { flash: "Votre adresse e-mail est confirmée : bienvenue sur Guichet." },
      });
    } catch (error) {
      setProblem(problemOf(error).message);
    }
  });

  return (
    <Page title="Confirmation de votre adresse e-mail">
      <Show when={problem()} fallback={<p role="status">Confirmation en cours…</p>}>
        <div class="notice notice--error" role="alert">{problem()}</div>
        <p>
          Pour recevoir un nouveau lien, <A href="/connexion">connectez-vous</A>{" "}
          avec votre adresse et votre mot de passe.
        </p>
      </Show>
    </Page>
  );
}
