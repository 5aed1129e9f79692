/**
 * `/commencer/:path[?champ_<id>=valeur]`: a démarche's public page — what it is for, who
 * runs it, how long it takes, until when — and « Commencer », which signs the person in
 * first if needed (`/connexion?retour=`), then starts a brouillon and opens it. Values
 * given in the link prefill the brouillon; those that do not fit are reported there.
 */
import { createEffect, createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { A, useLocation, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { prefillFrom } from "../components/dossier/prefill.ts";
import { formatDate } from "../format.ts";
import { useSession } from "../session.tsx";
import { ContactFacts } from "../components/contact_facts.tsx";

export function CommencerPage(props: { test: boolean }) {
  const params = useParams<{ path: string }>();
  const [search] = useSearchParams<{ demarrer?: string }>();
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const [demarche] = createResource(
    () => params.path,
    (path) => api.usager.demarche.query({ path, test: props.test }),
  );
  // The person's own dossiers here, to take one up again rather than start another.
  const [mine] = createResource(
    () => (session.account() ? params.path : null),
    (path) => api.usager.mesDossiersSur.query({ path, test: props.test }),
  );
  const onlyOne = () => demarche()?.unDossierParUsager === true && (mine() ?? []).length > 0;
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);

  async function start() {
    if (pending()) return;
    const account = session.account() ?? await session.refresh();
    if (!account) {
      const back = new URLSearchParams(location.search);
      back.set("demarrer", "1");
      navigate(`/connexion?retour=${encodeURIComponent(`${location.pathname}?${back}`)}`);
      return;
    }
    setPending(true);
    setProblem(null);
    try {
      if (demarche()?.unDossierParUsager) {
        // One dossier per person: back from signing in, lead to the one they have.
        const [existing] = await api.usager.mesDossiersSur.query({
          path: params.path,
          test: props.test,
        });
        if (existing) {
          navigate(`/dossiers/${existing.id}`, { replace: !!search.demarrer });
          return;
        }
      }
      const { id } = await api.usager.start.mutate({ path: params.path, test: props.test });
      const notice = await prefillFrom(id, new URLSearchParams(location.search));
      navigate(`/dossiers/${id}`, { replace: !!search.demarrer, state: { prefill: notice } });
    } catch (error) {
      setProblem(problemOf(error));
      setPending(false);
    }
  }

  // Back from signing in with `demarrer=1`: the person already chose to start.
  let resumed = false;
  createEffect(() => {
    if (!search.demarrer || resumed || !session.account() || !demarche()?.open) return;
    // An identity to verify first: the page offers the provider's button instead.
    if (demarche()?.identite && !demarche()!.identite!.verifiee) return;
    resumed = true;
    void start();
  });

  return (
    <Switch fallback={<p class="loading" role="status">Chargement…</p>}>
      <Match when={demarche.error}>
        <Page title="Démarche introuvable">
          <div class="notice notice--error" role="alert">{problemOf(demarche.error).message}</div>
          <p>
            Vérifiez l’adresse, ou demandez le bon lien au service qui vous l’a donnée.
          </p>
        </Page>
      </Match>
      <Match when={demarche()}>
        {(d) => (
          <Page title={d().titre}>
            <Show when={d().logoUrl}>
              {(url) => (
                <img
                  class="commencer__logo"
                  src={url()}
                  alt={`Logo : ${d().service?.organisme || d().titre}`}
                  height="72"
                />
              )}
            </Show>
            <Show when={d().test}>
              <p class="notice notice--test" role="note">
                Démarche en test : les dossiers déposés ici seront supprimés à la publication.
              </p>
            </Show>
            <div class="commencer">
              <div class="commencer__main">
                {/* Sanitized by the server (renderMarkdown). */}
                <div class="prose" innerHTML={d().descriptionHtml} />
                <dl class="facts">
                  <div>
                    <dt>Temps estimé</dt>
                    <dd>
                      environ {d().minutes} minute{d().minutes > 1 ? "s" : ""}
                    </dd>
                  </div>
                  <Show when={d().deadline}>
                    <div>
                      <dt>Date limite de dépôt</dt>
                      <dd>{formatDate(d().deadline)}</dd>
                    </div>
                  </Show>
                  <Show when={d().decisionImplicite}>
                    <div>
                      <dt>Délai de réponse</dt>
                      <dd>{d().decisionImplicite}</dd>
                    </div>
                  </Show>
                </dl>
                <FormAlert problem={problem()} />
                <Show when={(mine() ?? []).length > 0}>
                  <section class="commencer__mine" aria-labelledby="mes-dossiers-titre">
                    <h2 id="mes-dossiers-titre">Vos dossiers sur cette démarche</h2>
                    <ul>
                      <For each={mine()}>
                        {(m) => (
                          <li>
                            <A href={`/dossiers/${m.id}`}>Dossier n° {m.id}</A> —{" "}
                            {m.stateLabel}, modifié le {formatDate(m.updatedAt)}
                          </li>
                        )}
                      </For>
                    </ul>
                    <p>
                      <Show when={(mine() ?? []).length >= 20}>
                        Seuls vos 20 dossiers les plus récents sont affichés.{" "}
                      </Show>
                      <A href={`/dossiers?recherche=${encodeURIComponent(d().titre)}`}>
                        Voir tous mes dossiers{" "}
                        <span class="visually-hidden">sur cette démarche</span>
                      </A>
                    </p>
                    <Show when={onlyOne()}>
                      <p>
                        Cette démarche accepte <strong>un seul dossier par personne</strong>{" "}
                        : reprenez le vôtre.
                      </p>
                    </Show>
                  </section>
                </Show>
                <Show
                  when={d().open && !onlyOne()}
                  fallback={onlyOne() ? undefined : (
                    <div class="notice notice--error" role="status">
                      {d().closedReason ?? "Cette démarche n’accepte pas de dossier."}
                    </div>
                  )}
                >
                  <Show when={d().identite !== null && !d().identite!.verifiee}>
                    <div class="notice identite-demandee" role="note">
                      <p>
                        <strong>Cette démarche demande votre identité certifiée.</strong>{" "}
                        Identifiez-vous d’abord : votre civilité, vos nom et prénom et votre date de
                        naissance rempliront le dossier, sans saisie.
                      </p>
                      <For each={d().identite!.providers}>
                        {(p) => (
                          <a
                            class="button button--large"
                            rel="external"
                            href={`/connexion/fournisseur/${p.id}?retour=${
                              encodeURIComponent(`${location.pathname}?demarrer=1`)
                            }`}
                          >
                            S’identifier avec {p.label}
                          </a>
                        )}
                      </For>
                    </div>
                  </Show>
                  <div
                    class="commencer__start"
                    hidden={d().identite !== null && !d().identite!.verifiee}
                  >
                    <button
                      type="button"
                      class="button button--large"
                      disabled={pending()}
                      onClick={start}
                    >
                      {(mine() ?? []).length > 0
                        ? "Commencer un nouveau dossier"
                        : "Commencer la démarche"}
                    </button>
                    <Show when={session.account() === null}>
                      <p class="hint">
                        Vous vous connecterez ou créerez un compte, puis vous reviendrez ici.
                      </p>
                    </Show>
                  </div>
                </Show>
              </div>
              <Show when={d().service}>
                {(s) => (
                  <aside class="commencer__service" aria-labelledby="service-titre">
                    <h2 id="service-titre">Service en charge</h2>
                    <p class="commencer__service-name">
                      {s().nom}
                      <Show when={s().organisme}>
                        <br />
                        <span class="hint">{s().organisme}</span>
                      </Show>
                    </p>
                    <dl class="facts facts--stacked">
                      <ContactFacts contact={s()} />
                    </dl>
                  </aside>
                )}
              </Show>
            </div>
          </Page>
        )}
      </Match>
    </Switch>
  );
}

export default function Commencer() {
  return <CommencerPage test={false} />;
}
