/**
 * `/preremplissage/<secret>`: the link an administration gives to the usager of a brouillon
 * its tool prefilled through the API. Signed out, the person signs in (or creates an account)
 * first and comes back here; signed in, the brouillon becomes theirs and opens. The link
 * serves once: after that, only its first claimant is led to the dossier.
 */
import { createEffect, createSignal, Show } from "solid-js";
import { A, useNavigate, useParams } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { useSession } from "../session.tsx";

export default function Preremplissage() {
  const params = useParams<{ secret: string }>();
  const navigate = useNavigate();
  const session = useSession();
  const [problem, setProblem] = createSignal<Problem | null>(null);
  let started = false;

  createEffect(() => {
    const account = session.account();
    if (account === undefined || started) return;
    started = true;
    const here = `/preremplissage/${params.secret}`;
    if (account === null) {
      navigate(`/connexion?retour=${encodeURIComponent(here)}`, { replace: true });
      return;
    }
    api.usager.preremplissage.mutate({ secret: params.secret })
      .then(({ id }) =>
        navigate(`/dossiers/${id}`, {
          replace: true,
          state: { prefill: "Ce dossier a été prérempli par l’administration : vérifiez-le." },
        })
      )
      .catch((error) => setProblem(problemOf(error)));
  });

  return (
    <Show
      when={problem()}
      fallback={<p class="loading" role="status">Ouverture du dossier prérempli…</p>}
    >
      {(p) => (
        <Page title="Dossier prérempli">
          <div class="notice notice--error" role="alert">{p().message}</div>
          <p>
            <A href="/dossiers">Voir mes dossiers</A>
          </p>
        </Page>
      )}
    </Show>
  );
}
