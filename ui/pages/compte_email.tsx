/** `/compte/email?jeton=`: applies an e-mail change from the link sent to the new address. */
import { createSignal, onMount, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { MISSING_TOKEN, useToken } from "../components/use_token.ts";
import { useSession } from "../session.tsx";

export default function CompteEmail() {
  const token = useToken();
  const session = useSession();
  const [email, setEmail] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);

  onMount(async () => {
    if (!token()) return setProblem(MISSING_TOKEN);
    try {
      setEmail((await api.auth.confirmEmailChange.mutate({ token: token() })).email);
      await session.refresh();
    } catch (error) {
      setProblem(problemOf(error).message);
    }
  });

  return (
    <Page title="Nouvelle adresse e-mail">
      <Show when={email()}>
        <p class="notice notice--success" role="status">
          Votre compte utilise désormais l’adresse <strong>{email()}</strong>.
        </p>
      </Show>
      <Show when={problem()}>
        <div class="notice notice--error" role="alert">{problem()}</div>
      </Show>
      <Show when={!email() && !problem()}>
        <p role="status">Confirmation en cours…</p>
      </Show>
      <p>
        <A href="/compte">Aller à mon compte</A>
      </p>
    </Page>
  );
}
