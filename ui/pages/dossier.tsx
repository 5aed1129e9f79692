/**
 * `/dossiers/:id`: a brouillon to fill and deposit; any other dossier read-only, with the
 * stage it has reached among the four, what happens next, the decision, the history, and
 * putting it in the bin (or taking it back) where the rules allow. En construction, the
 * owner modifies it (a working copy deposited on demand) and answers a demande de
 * correction; from the deposit the messagerie. The owner invites others to fill it; an
 * invité sees it as the invitation allows, fills their part, and never deposits.
 */
import { DossierDownload } from "../components/dossier/download_links.tsx";
import { DuplicateDossier } from "../components/dossier/duplicate.tsx";
import { JustificatifLink } from "../components/dossier/justificatif_link.tsx";
import { ConservationNotice } from "../components/dossier/conservation.tsx";
import { ImplicitDecisionNotice } from "../components/dossier/implicit_decision.tsx";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { A, useLocation, useParams } from "@solidjs/router";
import { api, type Problem, problemOf } from "../api.ts";
import { FormAlert } from "../components/form_alert.tsx";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Brouillon } from "../components/dossier/brouillon.tsx";
import { DossierView } from "../components/dossier/dossier_view.tsx";
import { History } from "../components/dossier/history.tsx";
import { type DossierState, Stages, StateBadge } from "../components/dossier/stages.tsx";
import { Invitations } from "../components/dossier/invitations.tsx";
import { Messagerie } from "../components/dossier/messagerie.tsx";
import {
  CorrectionRequest,
  Modifications,
  ModificationsDeposited,
} from "../components/dossier/modifications.tsx";
import { formatDateTime } from "../format.ts";

type Dossier = Awaited<ReturnType<typeof api.usager.dossier.query>>;

const DECISION: Partial<Record<DossierState, string>> = {
  accepte: "Votre dossier est accepté",
  refuse: "Votre dossier est refusé",
  sans_suite: "Votre dossier est classé sans suite",
};

function Deposited(props: { dossier: Dossier }) {
  let box!: HTMLDivElement;
  queueMicrotask(() => box?.focus());
  return (
    <div ref={box} class="deposited" role="status" tabIndex={-1}>
      <h2>Votre dossier n° {props.dossier.id} est déposé</h2>
      <p>
        Un e-mail de confirmation vous a été envoyé. Conservez le numéro{" "}
        <strong>{props.dossier.id}</strong> : il vous sera demandé si vous contactez le service.
      </p>
    </div>
  );
}

function ReadOnly(
  props: { dossier: Dossier; justDeposited: boolean; reload(): void },
) {
  const d = () => props.dossier;
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [confirm, setConfirm] = createSignal(false);
  const [editing, setEditing] = createSignal(false);
  const [deposited, setDeposited] = createSignal<
    { changed: readonly string[]; resolved: boolean } | null
  >(null);
  const owner = () => d().role === "proprietaire";
  const canDelete = () => owner() && (d().state === "brouillon" || d().state === "en_construction");
  const canModify = () => d().editable && d().state === "en_construction" && !d().deleted;
  const modify = () => {
    setDeposited(null);
    setEditing(true);
  };
  const act = async (action: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await action();
      props.reload();
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  return (
    <>
      <Show when={props.justDeposited && !deposited()}>
        <Deposited dossier={d()} />
      </Show>
      <Show when={owner() && d().correction && !d().deleted ? d().correction : null}>
        {(c) => <CorrectionRequest correction={c()} onModify={editing() ? undefined : modify} />}
      </Show>
      <Show when={deposited()}>
        {(r) => (
          <ModificationsDeposited
            changed={r().changed}
            champs={d().champs}
            resolved={r().resolved}
          />
        )}
      </Show>
      <FormAlert problem={problem()} />
      <Show when={d().deleted}>
        <div class="notice notice--test">
          Ce dossier est dans votre corbeille.{" "}
          <button
            type="button"
            class="button button--secondary button--small"
            onClick={() => act(() => api.usager.restore.mutate({ id: d().id }))}
          >
            Restaurer le dossier
          </button>
        </div>
      </Show>
      <section class="usager-etat" aria-labelledby="etat-titre">
        <h2 id="etat-titre">
          Où en est votre dossier ? <StateBadge state={d().state} />
        </h2>
        <Stages state={d().state} />
        {/* Once decided there is no next step: the decision below says what happened. */}
        <Show when={!DECISION[d().state]}>
          <p class="usager-etat__next">
            <strong>Et maintenant ?</strong> {d().nextStep}
          </p>
        </Show>
        <ImplicitDecisionNotice implicit={d().implicitDecision} />
        <Show when={DECISION[d().state]}>
          {(title) => (
            <div
              class="usager-decision"
              classList={{ "usager-decision--ok": d().state === "accepte" }}
            >
              <h3>{title()}</h3>
              <p>Décision rendue le {formatDateTime(d().decidedAt)}.</p>
              <Show when={d().motivation}>
                <p class="pre-line">
                  <strong>Motif :</strong> {d().motivation}
                </p>
              </Show>
              <Show when={d().justificatif}>
                {(j) => (
                  <p>
                    <JustificatifLink file={j()} />
                  </p>
                )}
              </Show>
              <Show when={d().attestation}>
                {(a) => (
                  <p>
                    <JustificatifLink file={a()} label="Attestation" />
                  </p>
                )}
              </Show>
            </div>
          )}
        </Show>
      </section>
      <Show
        when={editing() && canModify()}
        fallback={
          <section class="dossier-section" aria-labelledby="contenu-titre">
            <h2 id="contenu-titre">Contenu du dossier</h2>
            <Show when={d().depositedAt}>
              <p class="hint">Déposé le {formatDateTime(d().depositedAt)}.</p>
            </Show>
            <Show when={d().modificationsPending && d().state === "en_construction"}>
              <p class="notice notice--test">
                Ce contenu comprend des modifications <strong>pas encore déposées</strong>{" "}
                : l’administration ne les voit pas.
              </p>
            </Show>
            <Show when={canModify()}>
              <p>
                <button type="button" class="button" onClick={modify}>
                  {d().modificationsPending ? "Reprendre les modifications" : "Modifier le dossier"}
                </button>
              </p>
            </Show>
            <DossierView champs={d().champs} values={d().values} />
            <DossierDownload id={d().id} />
            <Show when={owner()}>
              <DuplicateDossier id={d().id} />
            </Show>
          </section>
        }
      >
        <Modifications
          dossier={d()}
          readOnly={d().readOnly}
          owner={owner()}
          onDeposited={(changed) => {
            setDeposited({ changed, resolved: d().correction !== null });
            setEditing(false);
            props.reload();
          }}
          onClose={() => {
            setEditing(false);
            props.reload();
          }}
        />
      </Show>
      <Show when={d().state !== "brouillon"}>
        <Messagerie dossierId={d().id} version={d().events.length} />
      </Show>
      <Show when={owner() && canModify()}>
        <Invitations dossierId={d().id} champs={d().champs} />
      </Show>
      <section class="dossier-section" aria-labelledby="historique-titre">
        <h2 id="historique-titre">Historique</h2>
        <History events={d().events} />
      </section>
      <Show when={canDelete() && !d().deleted}>
        <section class="dossier-section" aria-labelledby="supprimer-titre">
          <h2 id="supprimer-titre">Supprimer le dossier</h2>
          <p class="hint">
            Le dossier ira dans votre corbeille, d’où vous pourrez le restaurer.
            {d().state === "en_construction"
              ? " L’administration garde l’accès au dossier déposé pendant sa durée de conservation."
              : ""}
          </p>
          <Show
            when={confirm()}
            fallback={
              <button
                type="button"
                class="button button--secondary"
                onClick={() => setConfirm(true)}
              >
                Mettre le dossier à la corbeille
              </button>
            }
          >
            <span class="confirm-inline" role="group" aria-label="Mettre à la corbeille ?">
              <button
                type="button"
                class="button button--danger"
                onClick={() => act(() => api.usager.delete.mutate({ id: d().id }))}
              >
                Confirmer la suppression
              </button>
              <button
                type="button"
                class="button button--secondary"
                onClick={() => setConfirm(false)}
              >
                Annuler
              </button>
            </span>
          </Show>
        </section>
      </Show>
    </>
  );
}

function DossierPage() {
  const params = useParams<{ id: string }>();
  const location = useLocation<{ prefill?: string | null } | undefined>();
  const [justDeposited, setJustDeposited] = createSignal(false);
  const [dossier, { refetch }] = createResource(
    () => Number(params.id),
    (id) => api.usager.dossier.query({ id }),
  );
  return (
    <Switch fallback={<p class="loading" role="status">Chargement…</p>}>
      <Match when={dossier.error}>
        <Page title="Dossier introuvable">
          <div class="notice notice--error" role="alert">{problemOf(dossier.error).message}</div>
          <p>
            <A href="/dossiers">Voir mes dossiers</A>
          </p>
        </Page>
      </Match>
      <Match when={dossier.latest}>
        {(d) => (
          <Page
            title={`Dossier n° ${d().id}`}
            intro={
              <p class="dossier-demarche">
                {d().demarche.titre}
                <Show when={d().test}>
                  <span class="state-badge state-badge--test">Dossier de test</span>
                </Show>
              </p>
            }
          >
            <p class="dossier-back">
              <A href="/dossiers">← Mes dossiers</A>
            </p>
            <ConservationNotice
              conservation={d().conservation}
              who="usager"
              conserve={() => api.usager.conserver.mutate({ id: d().id })}
              onConserved={() => void refetch()}
            />
            <Show when={d().identite?.fournisseur === null && d().identite}>
              {(identite) => (
                <div class="notice identite-demandee" role="note">
                  <p>
                    <strong>Cette démarche demande l’identité certifiée du titulaire.</strong>{" "}
                    Identifiez-vous : votre civilité, vos nom et prénom et votre date de naissance
                    rempliront le dossier, sans saisie.
                  </p>
                  <For each={identite().providers}>
                    {(p) => (
                      <a
                        class="button"
                        rel="external"
                        href={`/connexion/fournisseur/${p.id}?retour=${
                          encodeURIComponent(`/dossiers/${d().id}`)
                        }`}
                      >
                        S’identifier avec {p.label}
                      </a>
                    )}
                  </For>
                </div>
              )}
            </Show>
            <Show when={d().role === "invite"}>
              <div class="notice notice--test invite-banner" role="note">
                <strong>
                  Vous avez été invité par {d().invitedBy ?? "le titulaire de ce dossier"}{" "}
                  à le compléter.
                </strong>{" "}
                {d().readOnly.length > 0
                  ? "Vous pouvez remplir les champs qui vous sont confiés ; les autres sont en lecture seule."
                  : "Vous pouvez remplir tout le dossier."} Seul le titulaire peut le déposer.
              </div>
            </Show>
            <Show
              when={d().state === "brouillon" && !d().deleted}
              fallback={
                <ReadOnly
                  dossier={d()}
                  justDeposited={justDeposited()}
                  reload={() => void refetch()}
                />
              }
            >
              <Show when={location.state?.prefill}>
                {(text) => <p class="notice notice--test" role="status">{text()}</p>}
              </Show>
              <Show
                when={d().role === "proprietaire"}
                fallback={
                  <Brouillon
                    dossier={d()}
                    readOnly={d().readOnly}
                    hint={
                      <p class="hint">
                        Vos saisies sont transmises au titulaire du dossier, qui le déposera.
                      </p>
                    }
                  />
                }
              >
                <Brouillon
                  dossier={d()}
                  readOnly={d().readOnly}
                  submit={{
                    label: "Déposer le dossier",
                    what: "le dossier",
                    run: async () => {
                      await api.usager.deposer.mutate({ id: d().id });
                      setJustDeposited(true);
                      void refetch();
                    },
                  }}
                  onDeleted={() => void refetch()}
                />
                <Invitations dossierId={d().id} champs={d().champs} />
              </Show>
            </Show>
          </Page>
        )}
      </Match>
    </Switch>
  );
}

export default function Dossier() {
  return (
    <RequireRole>
      <DossierPage />
    </RequireRole>
  );
}
