/**
 * `/avis/:id`: one request for an avis as the expert sees it: what the instructeur asks,
 * the dossier read-only (no annotations privées), the other experts' answers that are not
 * confidential, and the answer form (text, oui/non when a question was asked, a file).
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { useParams } from "@solidjs/router";
import { api, problemOf, type UploadedFile, uploadSoundFile } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";
import { ReadOnlyChamps } from "../components/instruction/demande.tsx";
import { DossierStateBadge } from "../components/instruction/dossier_state.tsx";
import { AvisAnswer } from "../components/instruction/avis_panel.tsx";
import { formatDay } from "../components/instruction/avis_due.tsx";
import { formatDate, formatDateTime } from "../format.ts";

type Read = Awaited<ReturnType<typeof api.expert.read.query>>;

function AnswerForm(props: { avis: Read["avis"]; onDone: () => Promise<unknown> }) {
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  const [file, setFile] = createSignal<UploadedFile | null>(null);
  const [uploading, setUploading] = createSignal(false);
  const [checking, setChecking] = createSignal(false);

  const pick = async (input: HTMLInputElement) => {
    setFile(null);
    const chosen = input.files?.[0];
    if (!chosen) return;
    setUploading(true);
    try {
      setFile(await uploadSoundFile(chosen, { onChecking: () => setChecking(true) }));
      setErrors(({ fichier: _, ...rest }) => rest);
    } catch (e) {
      setErrors({ ...errors(), fichier: problemOf(e).message });
      input.value = "";
    } finally {
      setUploading(false);
      setChecking(false);
    }
  };

  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const answer = ((data.get("avis") as string) ?? "").trim();
    const yes = data.get("reponse");
    const found: Record<string, string> = {};
    if (!answer) found.answer = "Écrivez votre avis.";
    if (props.avis.question && yes === null) found.yes = "Répondez par oui ou par non.";
    if (Object.keys(found).length) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      await api.expert.answer.mutate({
        avisId: props.avis.id,
        answer,
        yes: yes === null ? null : yes === "oui",
        fileId: file()?.fileId,
      });
      setErrors({});
      await props.onDone();
    } catch (e) {
      const p = problemOf(e);
      setErrors(Object.keys(p.fields).length ? { ...p.fields } : { form: p.message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="avis-form card" onSubmit={send} novalidate>
      <h2 class="avis-form__title">Votre avis</h2>
      <Show when={errors().form}>
        <p class="notice notice--error" role="alert">{errors().form}</p>
      </Show>
      <Show when={props.avis.question}>
        {(q) => (
          <fieldset
            class="field avis-form__yes"
            classList={{ "field--error": !!errors().yes }}
            aria-describedby={errors().yes ? "reponse-erreur" : undefined}
          >
            <legend>{q()}</legend>
            <Show when={errors().yes}>
              <p class="field-error" id="reponse-erreur">{errors().yes}</p>
            </Show>
            <div class="check">
              <input id="reponse-oui" type="radio" name="reponse" value="oui" />
              <label for="reponse-oui">Oui</label>
            </div>
            <div class="check">
              <input id="reponse-non" type="radio" name="reponse" value="non" />
              <label for="reponse-non">Non</label>
            </div>
          </fieldset>
        )}
      </Show>
      <div class="field" classList={{ "field--error": !!errors().answer }}>
        <label for="avis-texte">Votre avis</label>
        <p class="hint" id="avis-texte-aide">
          Il est transmis aux instructeurs du dossier
          {props.avis.confidentiel ? " seulement." : " et aux autres experts consultés."}
        </p>
        <Show when={errors().answer}>
          <p class="field-error" id="avis-texte-erreur">{errors().answer}</p>
        </Show>
        <textarea
          id="avis-texte"
          name="avis"
          rows={6}
          aria-invalid={errors().answer ? true : undefined}
          aria-describedby={errors().answer
            ? "avis-texte-aide avis-texte-erreur"
            : "avis-texte-aide"}
        />
      </div>
      <div class="field" classList={{ "field--error": !!errors().fichier }}>
        <label for="avis-fichier">Pièce jointe (facultatif)</label>
        <Show when={errors().fichier}>
          <p class="field-error" id="avis-fichier-erreur">{errors().fichier}</p>
        </Show>
        <input
          id="avis-fichier"
          type="file"
          aria-invalid={errors().fichier ? true : undefined}
          aria-describedby={errors().fichier ? "avis-fichier-erreur" : undefined}
          onChange={(e) => void pick(e.currentTarget)}
        />
        <Show when={uploading()}>
          <p class="hint" role="status">
            {checking() ? "Fichier en cours de vérification par l’antivirus…" : "Envoi du fichier…"}
          </p>
        </Show>
      </div>
      <div class="form__actions">
        <button type="submit" class="button" disabled={busy() || uploading()}>
          Envoyer mon avis
        </button>
      </div>
    </form>
  );
}

function AvisView(props: { read: Read; reload: () => Promise<unknown> }) {
  const r = () => props.read;
  const [sent, setSent] = createSignal(false);
  return (
    <Page title={`Avis sur le dossier n° ${r().dossier.id}`}>
      <Breadcrumb
        trail={[
          { label: "Avis demandés", href: "/avis" },
          { label: `Dossier n° ${r().dossier.id}`, href: `/avis/${r().avis.id}` },
        ]}
      />
      <div class="dossier-header">
        <p class="dossier-header__badges">
          <DossierStateBadge state={r().dossier.state} />
          <Show when={r().avis.confidentiel}>
            <span class="badge avis-confidentiel">Avis confidentiel</span>
          </Show>
        </p>
        <dl class="summary summary--compact dossier-header__facts">
          <div>
            <dt>Démarche</dt>
            <dd>{r().dossier.demarche}</dd>
          </div>
          <div>
            <dt>Demandé le</dt>
            <dd>{formatDate(r().avis.askedAt)}</dd>
          </div>
          <Show when={r().avis.dueOn}>
            {(day) => (
              <div>
                <dt>Réponse attendue avant le</dt>
                <dd>
                  {formatDay(day())}
                  <Show when={r().avis.late}>
                    {" "}
                    <span class="badge avis-status--late">Date dépassée</span>
                  </Show>
                </dd>
              </div>
            )}
          </Show>
        </dl>
      </div>
      <section class="card avis-demande" aria-labelledby="demande-titre">
        <h2 id="demande-titre" class="avis-form__title">La demande de l’instructeur</h2>
        <p class="avis-item__intro">{r().avis.introduction}</p>
        <Show when={r().avis.question}>
          {(q) => <p>Question : « {q()} »</p>}
        </Show>
      </section>
      <div role="status">
        <Show when={sent()}>
          <p class="notice notice--success">
            Votre avis est envoyé : l’instructeur qui l’a demandé est prévenu.
          </p>
        </Show>
      </div>
      <Show
        when={r().avis.answeredAt}
        fallback={
          <AnswerForm
            avis={r().avis}
            onDone={async () => {
              await props.reload();
              setSent(true);
            }}
          />
        }
      >
        {(at) => (
          <section class="avis-given" aria-labelledby="avis-donne-titre">
            <h2 id="avis-donne-titre" class="avis-form__title">
              Votre avis, donné le {formatDateTime(at())}
            </h2>
            <AvisAnswer avis={r().avis} />
          </section>
        )}
      </Show>
      <section class="avis-dossier" aria-labelledby="dossier-titre">
        <h2 id="dossier-titre">Le dossier</h2>
        <ReadOnlyChamps
          champs={r().dossier.champs}
          values={r().dossier.values}
          empty="Le formulaire de cette démarche n’a aucun champ."
        />
      </section>
      <Show when={r().otherAvis.length > 0}>
        <section class="avis-others" aria-labelledby="autres-titre">
          <h2 id="autres-titre">Les avis des autres experts</h2>
          <ul class="avis-list">
            <For each={r().otherAvis}>
              {(a) => (
                <li class="card avis-item">
                  <p class="avis-item__head">
                    <strong class="avis-item__expert">{a.expert}</strong>
                    <Show when={a.answeredAt}>
                      {(at) => <span class="aside">le {formatDate(at())}</span>}
                    </Show>
                  </p>
                  <AvisAnswer avis={a} />
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
    </Page>
  );
}

function AvisPage() {
  const params = useParams();
  const [read, { refetch }] = createResource(
    () => Number(params.id),
    (avisId) => api.expert.read.query({ avisId }),
  );
  return (
    <>
      <Show when={read.error && !read.latest}>
        <Page title="Demande d’avis introuvable">
          <div class="notice notice--error" role="alert">{problemOf(read.error).message}</div>
        </Page>
      </Show>
      <Show
        when={read.latest}
        fallback={
          <Show when={!read.error}>
            <p class="loading" role="status">Chargement…</p>
          </Show>
        }
      >
        {(r) => <AvisView read={r()} reload={refetch as () => Promise<unknown>} />}
      </Show>
    </>
  );
}

export default function AvisDemande() {
  return (
    <RequireRole role="expert">
      <AvisPage />
    </RequireRole>
  );
}
