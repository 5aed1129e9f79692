/**
 * `/admin/demarches/:id`: one démarche at a glance — state, public link, what stops
 * publication, a card per section, and the actions on the whole démarche.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Checklist } from "../components/admin/checklist.tsx";
import { DemarcheContents, formCounts } from "../components/admin/demarche_contents.tsx";
import { ConfirmAction } from "../components/admin/confirm_action.tsx";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";
import {
  modeLabel,
  publicPath,
  publicUrl,
  StateBadge,
} from "../components/admin/demarche_state.tsx";
import { formatDate } from "../format.ts";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function sectionsOf(d: Demarche) {
  const base = `/admin/demarches/${d.id}`;
  const counts = formCounts(d);
  return [
    {
      href: `${base}/parametres`,
      label: "Paramètres",
      summary: `${modeLabel(d.mode)}. ${d.service?.organisme || "Service à renseigner"}.`,
    },
    {
      href: `${base}/formulaire`,
      label: "Formulaire",
      summary: `${plural(counts.asked, "champ", "champs")}${
        counts.pieces > 0 ? ` et ${plural(counts.pieces, "pièce jointe", "pièces jointes")}` : ""
      } à remplir par l’usager.`,
    },
    {
      href: `${base}/annotations`,
      label: "Annotations privées",
      summary: counts.annotations === 0
        ? "Aucune annotation : les champs que seuls les instructeurs remplissent."
        : `${plural(counts.annotations, "annotation", "annotations")}, réservée${
          counts.annotations > 1 ? "s" : ""
        } aux instructeurs.`,
    },
    {
      href: `${base}/instructeurs`,
      label: "Instructeurs",
      summary: "Les groupes qui reçoivent les dossiers, et leurs règles de routage.",
    },
    {
      href: `${base}/administrateurs`,
      label: "Administrateurs",
      summary: "Les personnes qui gèrent cette démarche avec vous.",
    },
    {
      href: `${base}/fonctionnalites`,
      label: "Fonctionnalités",
      summary:
        "L’attestation PDF, l’invitation à co-construire, les exports… : activées ou non, et leurs réglages.",
    },
    {
      href: `${base}/etiquettes`,
      label: "Étiquettes",
      summary: "Les étiquettes que les instructeurs posent sur les dossiers.",
    },
    {
      href: `${base}/emails`,
      label: "E-mails",
      summary: "Les e-mails que reçoivent les usagers à chaque étape de leur dossier.",
    },
    {
      href: `${base}/publication`,
      label: "Publication",
      summary: d.state === "publiee"
        ? "L’adresse publique et les modifications à publier."
        : "Choisir l’adresse et publier la démarche.",
    },
  ];
}

/** Saves the definition as a JSON file, made in the browser from `exportDefinition`. */
async function download(d: Demarche) {
  const definition = await api.admin.demarches.exportDefinition.query({ id: d.id });
  const blob = new Blob([JSON.stringify(definition, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${d.path ?? "demarche"}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Overview(props: { demarche: Demarche; reload: () => Promise<unknown> }) {
  const navigate = useNavigate();
  const d = () => props.demarche;
  const [status, { refetch }] = createResource(
    () => d().id,
    (id) => api.admin.demarches.publicationStatus.query({ id }),
  );
  const [message, setMessage] = createSignal<string | null>(null);
  const [exportError, setExportError] = createSignal<string | null>(null);
  const path = () => publicPath(d().state, d().path);
  const pending = () => {
    const c = status()?.changes;
    return c ? c.champs.length + c.annotations.length : 0;
  };
  const after = async (text: string) => {
    setMessage(text);
    await Promise.all([props.reload(), refetch()]);
  };
  return (
    <>
      <div class="demarche-header">
        <StateBadge state={d().state} />
        <Show when={d().publishedAt}>
          <span class="aside">Publiée le {formatDate(d().publishedAt)}</span>
        </Show>
      </div>
      <Show when={message()}>
        <p class="notice notice--success" role="status">{message()}</p>
      </Show>
      <Show when={path()}>
        {(p) => (
          <p>
            {d().state === "publiee" ? "Adresse publique : " : "Lien de test : "}
            <a class="public-link" href={p()}>{publicUrl(p())}</a>
            <Show when={d().state === "brouillon"}>
              <br />
              <span class="aside">
                Partagez-le avec vos instructeurs pour essayer la démarche : les dossiers déposés en
                test seront supprimés à la publication.
              </span>
            </Show>
          </p>
        )}
      </Show>
      <Show when={d().state === "close" || d().state === "depubliee"}>
        <p>
          {d().state === "close"
            ? "La démarche est close : aucun nouveau dossier ne peut être déposé."
            : "La démarche est dépubliée : sa page n’est plus accessible, les brouillons déjà commencés peuvent encore être déposés."}
        </p>
      </Show>
      <div class="page-actions">
        <A href={`/admin/demarches/${d().id}/publication`} class="button">
          {d().state === "publiee" ? "Publier une nouvelle version…" : "Publier…"}
        </A>
        <button
          type="button"
          class="button button--secondary"
          onClick={() => {
            setExportError(null);
            download(d()).catch((e) => setExportError(problemOf(e).message));
          }}
        >
          Exporter la définition
        </button>
      </div>
      <Show when={exportError()}>
        <div class="notice notice--error" role="alert">{exportError()}</div>
      </Show>
      <Show when={status.error}>
        <div class="notice notice--error" role="alert">{problemOf(status.error).message}</div>
      </Show>
      <Show when={status()}>
        {(s) => (
          <Show when={s().missing.length > 0 || d().state === "brouillon"}>
            <Checklist demarcheId={d().id} missing={s().missing} id="avant-de-publier" />
          </Show>
        )}
      </Show>
      <Show when={d().state === "publiee" && pending() > 0}>
        <p class="notice">
          {plural(
            pending(),
            "modification du formulaire n’est",
            "modifications du formulaire ne sont",
          )} pas encore publiée{pending() > 1 ? "s" : ""}.{" "}
          <A href={`/admin/demarches/${d().id}/publication`}>Voir et publier</A>
        </p>
      </Show>
      <DemarcheContents demarche={d()} />
      <h2 class="section-title">Configurer la démarche</h2>
      <ul class="section-cards">
        <For each={sectionsOf(d())}>
          {(section) => (
            <li class="card section-card">
              <h3 class="card__title">
                <A href={section.href}>{section.label}</A>
              </h3>
              <p>{section.summary}</p>
            </li>
          )}
        </For>
      </ul>
      <section aria-labelledby="gerer">
        <h2 id="gerer">Gérer la démarche</h2>
        <div class="actions">
          <Show when={d().state === "publiee"}>
            <ConfirmAction
              label="Clore"
              question="Une fois close, plus aucun dossier ne peut être déposé. Les dossiers en cours restent instruits. Vous pourrez la publier de nouveau."
              confirmLabel="Clore la démarche"
              danger
              action={async () => {
                await api.admin.demarches.close.mutate({ id: d().id });
                await after("La démarche est close.");
              }}
            />
            <ConfirmAction
              label="Dépublier"
              question="Sa page ne sera plus accessible ; les brouillons déjà commencés pourront encore être déposés. Vous pourrez la publier de nouveau."
              confirmLabel="Dépublier la démarche"
              danger
              action={async () => {
                await api.admin.demarches.unpublish.mutate({ id: d().id });
                await after("La démarche est dépubliée.");
              }}
            />
          </Show>
          <Show when={d().state === "brouillon"}>
            <ConfirmAction
              label="Supprimer"
              question={`La démarche « ${d().titre} » et ses dossiers de test seront supprimés définitivement.`}
              confirmLabel="Supprimer définitivement"
              danger
              action={async () => {
                await api.admin.demarches.delete.mutate({ id: d().id });
                navigate("/admin", {
                  state: { flash: `La démarche « ${d().titre} » est supprimée.` },
                });
              }}
            />
          </Show>
        </div>
        <Show when={d().state !== "brouillon"}>
          <p class="aside">Une démarche déjà publiée ne se supprime pas : elle se clôt.</p>
        </Show>
      </section>
    </>
  );
}

export default function AdminDemarche() {
  return (
    <DemarcheFrame title={(d) => d.titre} nested={false}>
      {({ demarche, reload }) => <Overview demarche={demarche()} reload={reload} />}
    </DemarcheFrame>
  );
}
