/**
 * `/connexion/liaison/confirmer?jeton=…`: the e-mailed link that proves the address of an
 * account a provider's identity waits to be linked to. It works only in the browser that
 * came back from the provider, which kept the waiting link's token.
 */
import { createResource, Show } from "solid-js";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { homeOf, safeReturn, useSession } from "../session.tsx";
import { PENDING_KEY } from "./connexion_liaison.tsx";

export default function ConnexionLiaisonConfirmer() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams<{ jeton?: string }>();
  const [result] = createResource(async () => {
    let token: string | null = null;
    try {
      token = localStorage.getItem(PENDING_KEY);
    } catch { /* storage disabled */ }
    const done = await api.auth.identity.confirmWithEmail.mutate({
      token: token ?? "",
      emailToken: params.jeton ?? "",
    });
    try {
      localStorage.removeItem(PENDING_KEY);
    } catch { /* storage disabled */ }
    const account = await session.refresh();
    navigate(done.signedIn ? safeReturn(done.retour) ?? homeOf(account) : "/connexion", {
      replace: true,
    });
    return true;
  });
  return (
    <Page title="Associer votre identité à votre compte">
      <Show when={result.error} fallback={<p role="status">Association en cours…</p>}>
        <div class="notice notice--error" role="alert">{problemOf(result.error).message}</div>
        <p>
          <A href="/connexion">Revenir à la page de connexion</A>
        </p>
      </Show>
    </Page>
  );
}
