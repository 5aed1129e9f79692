/**
 * `/instruction/dossiers/:id`: one dossier as an instructeur works on it. Its header (n°,
 * state, usager, démarche, following, groupe, the decision and its justificatif), six tabs —
 * the demande (champs changed by the latest re-deposit marked), the annotations privées,
 * the messagerie, the avis externes, the people involved, the history — and beside them the
 * decision panel.
 */
import { DossierLabels } from "../components/instruction/labels.tsx";
import { ConservationNotice } from "../components/dossier/conservation.tsx";
import { DossierDownload } from "../components/dossier/download_links.tsx";
import { createMemo, createResource, createSignal, For, Show } from "solid-js";
import { useNavigate, useParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";
import { DossierStateBadge, TestBadge } from "../components/instruction/dossier_state.tsx";
import { FollowButton } from "../components/instruction/follow_button.tsx";
import { ReadOnlyChamps } from "../components/instruction/demande.tsx";
import { visibility } from "../../core/shared/visibility.ts";
import { AnnotationsForm } from "../components/instruction/annotations_form.tsx";
import { Historique } from "../components/instruction/historique.tsx";
import { DecisionPanel } from "../components/instruction/decision_panel.tsx";
import { Messagerie } from "../components/instruction/messagerie.tsx";
import { AvisPanel } from "../components/instruction/avis_panel.tsx";
import { GroupeChanger } from "../components/instruction/groupe_changer.tsx";
import { Personnes } from "../components/instruction/personnes.tsx";
import { formatDate, formatDateTime } from "../format.ts";
import { ImplicitDecisionFact } from "../components/dossier/implicit_decision.tsx";

type Dossier = Awaited<ReturnType<typeof api.instruction.dossier.query>>;
type Notice = { text: string; kind: "success" | "error" };

const TABS = [
  { id: "demande", label: "Demande" },
  { id: "annotations", label: "Annotations privées" },
  { id: "messagerie", label: "Messagerie" },
  { id: "avis", label: "Avis" },
  { id: "personnes", label: "Personnes impliquées" },
  { id: "historique", label: "Historique" },
] as const;
type TabId = typeof TABS[number]["id"];

/** Tabs as WAI-ARIA describes them: arrows move between tabs, panels stay mounted. */
function TabList(props: { current: TabId; onSelect: (id: TabId) => void }) {
  const buttons: HTMLButtonElement[] = [];
  const move = (from: number, by: number) => {
    const to = (from + by + TABS.length) % TABS.length;
    props.onSelect(TABS[to].id);
    buttons[to]?.focus();
  };
  return (
    <div class="tabs dossier-view-tabs" role="tablist" aria-label="Parties du dossier">
      <For each={TABS}>
        {(tab, i) => (
          <button
            ref={(el) => (buttons[i()] = el)}
            type="button"
            role="tab"
            id={`onglet-${tab.id}`}
            aria-controls={`panneau-${tab.id}`}
            aria-selected={props.current === tab.id}
            tabIndex={props.current === tab.id ? 0 : -1}
            class="tabs__link tabs__button"
            classList={{ "tabs__link--active": props.current === tab.id }}
            onClick={() => props.onSelect(tab.id)}
            onKeyDown={(event) => {
              if (event.key === "ArrowRight") move(i(), 1);
              else if (event.key === "ArrowLeft") move(i(), -1);
              else if (event.key === "Home") move(0, 0);
              else if (event.key === "End") move(TABS.length - 1, 0);
              else return;
              event.preventDefault();
            }}
          >
            {tab.label}
          </button>
        )}
      </For>
    </div>
  );
}

function DossierView(props: { dossier: Dossier; reload: () => Promise<unknown> }) {
  const d = () => props.dossier;
  const [tab, setTab] = createSignal<TabId>("demande");
  const [notice, setNotice] = createSignal<Notice | null>(null);
  const [annotationErrors, setAnnotationErrors] = createSignal<Record<string, string>>({});
  let flush: () => Promise<boolean> = () => Promise.resolve(true);
  let top: HTMLDivElement | undefined;
  const outer = createMemo(() => visibility(d().champs, d().values).seen);
  const navigate = useNavigate();

  const say = (text: string, kind: Notice["kind"]) => {
    setNotice({ text, kind });
    queueMicrotask(() => top?.focus());
  };
  const done = async (text: string) => {
    setAnnotationErrors({});
    await props.reload();
    say(text, "success");
  };
  const conflict = async (text: string) => {
    await props.reload();
    say(text, "error");
  };

  return (
    <Page title={`Dossier n° ${d().id}`}>
      <Breadcrumb
        trail={[
          { label: "Mes démarches à instruire", href: "/instruction" },
          { label: d().demarche.titre, href: `/instruction/demarches/${d().demarche.id}` },
          { label: `Dossier n° ${d().id}`, href: `/instruction/dossiers/${d().id}` },
        ]}
      />
      <div class="dossier-header">
        <p class="dossier-header__badges">
          <DossierStateBadge state={d().state} />
          <Show when={d().test}>
            <TestBadge />
          </Show>
          <Show when={d().archived}>
            <span class="badge dossier-archived">Archivé</span>
          </Show>
        </p>
        <ConservationNotice
          conservation={d().conservation}
          who="instructeur"
          conserve={() => api.instruction.conserver.mutate({ id: d().id })}
          onConserved={() => void props.reload()}
        />
        <dl class="summary summary--compact dossier-header__facts">
          <div>
            <dt>Démarche</dt>
            <dd>{d().demarche.titre}</dd>
          </div>
          <div>
            <dt>Usager</dt>
            <dd class="dossier-usager">
              {d().usager}
              <Show when={d().identiteVerifieePar}>
                {(provider) => (
                  <>
                    {" "}
                    <span class="state-badge state-badge--accepte identite-verifiee">
                      Identité vérifiée par {provider()}
                    </span>
                  </>
                )}
              </Show>
            </dd>
          </div>
          <div>
            <dt>Déposé le</dt>
            <dd>{formatDateTime(d().depositedAt)}</dd>
          </div>
          <ImplicitDecisionFact implicit={d().implicitDecision} />
          <Show when={d().decidedAt}>
            <div>
              <dt>Décision le</dt>
              <dd>{formatDate(d().decidedAt)}</dd>
            </div>
          </Show>
          <Show when={d().motivation}>
            <div>
              <dt>Motivation</dt>
              <dd class="dossier-motivation">{d().motivation}</dd>
            </div>
          </Show>
          <For
            each={[["Justificatif", d().justificatif], ["Attestation", d().attestation]] as const}
          >
            {([label, file]) => (
              <Show when={file}>
                {(f) => (
                  <div>
                    <dt>{label}</dt>
                    <dd>
                      <a href={`/files/${encodeURIComponent(f().id)}`} download={f().filename}>
                        {f().filename}
                      </a>
                    </dd>
                  </div>
                )}
              </Show>
            )}
          </For>
          <Show when={d().conservation.deletionAt}>
            <div>
              <dt>Suppression prévue le</dt>
              <dd>{formatDate(d().conservation.deletionAt)}</dd>
            </div>
          </Show>
          <div>
            <dt>Suivi par</dt>
            <dd>
              {d().followers.length > 0 ? d().followers.join(", ") : "Personne pour l’instant"}
            </dd>
          </div>
        </dl>
        <DossierLabels dossierId={d().id} demarcheId={d().demarche.id} />
        <DossierDownload id={d().id} />
        <div class="dossier-header__actions">
          <FollowButton
            id={d().id}
            followed={d().followed}
            onDone={(result) => {
              if ("error" in result) say(result.error, "error");
              else {
                void props.reload().then(() =>
                  say(
                    result.followed
                      ? "Vous suivez ce dossier : il est dans votre onglet « Suivis »."
                      : "Vous ne suivez plus ce dossier.",
                    "success",
                  )
                );
              }
            }}
          />
          <GroupeChanger
            dossierId={d().id}
            currentGroupeId={d().groupeId}
            onError={(text) => say(text, "error")}
            onDone={async (text) => {
              try {
                await api.instruction.dossier.query({ id: d().id });
              } catch {
                // Not in the new groupe: the dossier is no longer ours to see.
                navigate(`/instruction/demarches/${d().demarche.id}`, {
                  state: { flash: `${text} Vous n’en faites pas partie.` },
                });
                return;
              }
              await done(text);
            }}
          />
        </div>
      </div>
      <div ref={top} tabIndex={-1} class="dossier-notice">
        <Show when={notice()}>
          {(n) => (
            <p
              class="notice"
              classList={{
                "notice--success": n().kind === "success",
                "notice--error": n().kind === "error",
              }}
              role={n().kind === "error" ? "alert" : "status"}
            >
              {n().text}
            </p>
          )}
        </Show>
      </div>
      <div class="dossier-layout">
        <div class="dossier-layout__main">
          <TabList current={tab()} onSelect={setTab} />
          <div
            role="tabpanel"
            id="panneau-demande"
            aria-labelledby="onglet-demande"
            hidden={tab() !== "demande"}
            tabIndex={0}
            class="tab-panel"
          >
            <Show when={d().changedSinceDeposit.length > 0}>
              <p class="notice">
                L’usager a déposé des modifications : les champs changés sont marqués « Modifié ».
              </p>
            </Show>
            <ReadOnlyChamps
              champs={d().champs}
              values={d().values}
              changed={d().changedSinceDeposit}
              empty="Le formulaire de cette démarche n’a aucun champ."
            />
          </div>
          <div
            role="tabpanel"
            id="panneau-annotations"
            aria-labelledby="onglet-annotations"
            hidden={tab() !== "annotations"}
            class="tab-panel"
          >
            <AnnotationsForm
              dossierId={d().id}
              annotations={d().annotations}
              initial={d().annotationValues}
              revisions={d().annotationRevisions}
              outer={outer()}
              errors={annotationErrors()}
              onEdit={(id) => setAnnotationErrors(({ [id]: _, ...rest }) => rest)}
              ref={(f) => (flush = f)}
            />
          </div>
          <div
            role="tabpanel"
            id="panneau-messagerie"
            aria-labelledby="onglet-messagerie"
            hidden={tab() !== "messagerie"}
            class="tab-panel"
          >
            <Show when={tab() === "messagerie"}>
              <Messagerie dossierId={d().id} state={d().state} onCorrection={done} />
            </Show>
          </div>
          <div
            role="tabpanel"
            id="panneau-avis"
            aria-labelledby="onglet-avis"
            hidden={tab() !== "avis"}
            class="tab-panel"
          >
            <Show when={tab() === "avis"}>
              <AvisPanel dossierId={d().id} />
            </Show>
          </div>
          <div
            role="tabpanel"
            id="panneau-personnes"
            aria-labelledby="onglet-personnes"
            hidden={tab() !== "personnes"}
            tabIndex={0}
            class="tab-panel"
          >
            <Personnes people={d().people} />
          </div>
          <div
            role="tabpanel"
            id="panneau-historique"
            aria-labelledby="onglet-historique"
            hidden={tab() !== "historique"}
            tabIndex={0}
            class="tab-panel"
          >
            <Historique events={d().events} />
          </div>
        </div>
        <aside class="dossier-layout__aside" aria-label="Décision sur le dossier">
          <DecisionPanel
            dossier={d()}
            flush={() => flush()}
            onDone={done}
            onConflict={conflict}
            onBegin={() => setNotice(null)}
            onAnnotationErrors={(message, fields) => {
              setAnnotationErrors(fields);
              setTab("annotations");
              say(message, "error");
            }}
          />
        </aside>
      </div>
    </Page>
  );
}

function DossierPage() {
  const params = useParams();
  const [dossier, { refetch }] = createResource(
    () => Number(params.id),
    (id) => api.instruction.dossier.query({ id }),
  );
  return (
    <>
      <Show when={dossier.error && !dossier.latest}>
        <Page title="Dossier introuvable">
          <div class="notice notice--error" role="alert">{problemOf(dossier.error).message}</div>
        </Page>
      </Show>
      <Show
        when={dossier.latest}
        fallback={
          <Show when={!dossier.error}>
            <p class="loading" role="status">Chargement…</p>
          </Show>
        }
      >
        {(d) => <DossierView dossier={d()} reload={refetch as () => Promise<unknown>} />}
      </Show>
    </>
  );
}

export default function InstructionDossier() {
  return (
    <RequireRole role="instructeur">
      <DossierPage />
    </RequireRole>
  );
}
