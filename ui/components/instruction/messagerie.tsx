/**
 * The dossier's messagerie as an instructeur sees it: the thread, oldest first, with its
 * authors, dates, attachments and demandes de correction; a message to write (with an
 * optional file); « Demander une correction », which sends a dossier en instruction back
 * en construction for the usager to fix.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf, type UploadedFile, uploadSoundFile } from "../../api.ts";
import { formatDateTime } from "../../format.ts";

const REASONS = [
  { id: "incorrect", label: "Une information est erronée" },
  { id: "incomplete", label: "Il manque une information ou une pièce" },
  { id: "outdated", label: "Une pièce n’est plus valable" },
] as const;
type Reason = typeof REASONS[number]["id"];

export function Messagerie(props: {
  dossierId: number;
  state: string;
  /** After a demande de correction: the dossier changed state. */
  onCorrection: (text: string) => Promise<void>;
}) {
  const [thread, { refetch }] = createResource(
    () => props.dossierId,
    (dossierId) => api.messagerie.list.query({ dossierId }),
  );
  const [mode, setMode] = createSignal<"message" | "correction">("message");
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [status, setStatus] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [file, setFile] = createSignal<UploadedFile | null>(null);
  const [progress, setProgress] = createSignal<number | null>(null);
  const [checking, setChecking] = createSignal(false);
  let form: HTMLFormElement | undefined;
  let fileInput: HTMLInputElement | undefined;

  const pick = async (chosen: File | undefined) => {
    setFile(null);
    if (!chosen) return;
    setErrors(({ fichier: _, ...rest }) => rest);
    try {
      // Sent once the antivirus has found it sound: the server takes no other.
      setFile(
        await uploadSoundFile(chosen, {
          onProgress: setProgress,
          onChecking: () => setChecking(true),
        }),
      );
    } catch (e) {
      setErrors({ ...errors(), fichier: problemOf(e).message });
      if (fileInput) fileInput.value = "";
    } finally {
      setProgress(null);
      setChecking(false);
    }
  };

  const send = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const body = ((data.get("message") as string | null) ?? "").trim();
    const found: Record<string, string> = {};
    if (!body) found.message = "Écrivez votre message.";
    if (mode() === "correction" && !data.get("raison")) {
      found.raison = "Choisissez la raison de la demande de correction.";
    }
    if (Object.keys(found).length) {
      setErrors(found);
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      if (mode() === "correction") {
        await api.messagerie.requestCorrection.mutate({
          dossierId: props.dossierId,
          body,
          reason: data.get("raison") as Reason,
        });
      } else {
        await api.messagerie.post.mutate({
          dossierId: props.dossierId,
          body,
          fileId: file()?.fileId,
        });
      }
      const wasCorrection = mode() === "correction";
      form?.reset();
      setFile(null);
      setErrors({});
      setMode("message");
      await refetch();
      if (wasCorrection) {
        await props.onCorrection(
          "La demande de correction est envoyée : l’usager peut de nouveau modifier son dossier.",
        );
      } else setStatus("Message envoyé : l’usager est prévenu par e-mail.");
    } catch (e) {
      const p = problemOf(e);
      setErrors({
        message: p.fields.body ?? p.message,
        ...(p.fields.reason ? { raison: p.fields.reason } : {}),
      });
    } finally {
      setBusy(false);
    }
  };

  const canCorrect = () => props.state === "en_construction" || props.state === "en_instruction";

  return (
    <div class="messagerie">
      <Show when={thread.error}>
        <p class="notice notice--error" role="alert">{problemOf(thread.error).message}</p>
      </Show>
      <Show when={thread()} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(t) => (
          <>
            <Show
              when={t().messages.length > 0}
              fallback={<p class="empty">Aucun message pour l’instant.</p>}
            >
              <ol class="thread" aria-label="Messages, du plus ancien au plus récent">
                <For each={t().messages}>
                  {(m) => (
                    <li
                      class="message"
                      classList={{
                        "message--instructeur": m.fromInstructeur,
                        "message--correction": !!m.correction,
                      }}
                    >
                      <p class="message__meta">
                        <strong class="message__author">{m.author}</strong>
                        <time datetime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
                        <Show when={m.unread}>
                          <span class="badge message__new">Nouveau</span>
                        </Show>
                      </p>
                      <Show when={m.correction}>
                        {(c) => (
                          <p class="message__correction">
                            <span class="badge correction-badge">Demande de correction</span>{" "}
                            {c().label}
                            {c().resolved ? " — corrigée" : " — en attente"}
                          </p>
                        )}
                      </Show>
                      <p class="message__body">{m.body}</p>
                      <Show when={m.file}>
                        {(f) => (
                          <p class="message__file">
                            Pièce jointe :{" "}
                            <a
                              href={`/files/${encodeURIComponent(f().id)}`}
                              download={f().filename}
                            >
                              {f().filename}
                            </a>
                          </p>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <div role="status" class="messagerie__status">
              <Show when={status()}>
                <p class="notice notice--success">{status()}</p>
              </Show>
            </div>
            <Show
              when={t().open}
              fallback={
                <p class="notice">La messagerie est close : le dossier a reçu sa décision.</p>
              }
            >
              <form ref={form} class="message-form" onSubmit={send} novalidate>
                <h2 class="message-form__title">
                  {mode() === "correction" ? "Demander une correction" : "Écrire à l’usager"}
                </h2>
                <Show when={mode() === "correction"}>
                  <p class="hint">
                    {props.state === "en_instruction"
                      ? "Le dossier repasse en construction : l’usager peut le modifier puis le déposer de nouveau."
                      : "L’usager est invité à modifier son dossier."}
                  </p>
                  <div class="field" classList={{ "field--error": !!errors().raison }}>
                    <label for="correction-raison">Raison</label>
                    <Show when={errors().raison}>
                      <p class="field-error" id="correction-raison-erreur">{errors().raison}</p>
                    </Show>
                    <select
                      id="correction-raison"
                      name="raison"
                      aria-invalid={errors().raison ? true : undefined}
                      aria-describedby={errors().raison ? "correction-raison-erreur" : undefined}
                    >
                      <option value="">Choisissez une raison</option>
                      <For each={REASONS}>{(r) => <option value={r.id}>{r.label}</option>}</For>
                    </select>
                  </div>
                </Show>
                <div class="field" classList={{ "field--error": !!errors().message }}>
                  <label for="message-texte">
                    {mode() === "correction" ? "Ce que l’usager doit corriger" : "Message"}
                  </label>
                  <Show when={errors().message}>
                    <p class="field-error" id="message-texte-erreur">{errors().message}</p>
                  </Show>
                  <textarea
                    id="message-texte"
                    name="message"
                    rows={5}
                    aria-invalid={errors().message ? true : undefined}
                    aria-describedby={errors().message ? "message-texte-erreur" : undefined}
                  />
                </div>
                <Show when={mode() === "message"}>
                  <div class="field" classList={{ "field--error": !!errors().fichier }}>
                    <label for="message-fichier">Pièce jointe (facultatif)</label>
                    <Show when={errors().fichier}>
                      <p class="field-error" id="message-fichier-erreur">{errors().fichier}</p>
                    </Show>
                    <input
                      ref={fileInput}
                      id="message-fichier"
                      name="fichier"
                      type="file"
                      aria-invalid={errors().fichier ? true : undefined}
                      aria-describedby={errors().fichier ? "message-fichier-erreur" : undefined}
                      onChange={(e) => void pick(e.currentTarget.files?.[0])}
                    />
                    <Show when={progress() !== null && !checking()}>
                      <p class="hint">Envoi… {Math.round((progress() ?? 0) * 100)} %</p>
                    </Show>
                    <Show when={checking()}>
                      <p class="hint" role="status">
                        Pièce jointe en cours de vérification par l’antivirus…
                      </p>
                    </Show>
                  </div>
                </Show>
                <div class="form__actions">
                  <button type="submit" class="button" disabled={busy() || progress() !== null}>
                    {mode() === "correction"
                      ? "Envoyer la demande de correction"
                      : "Envoyer le message"}
                  </button>
                  <Show when={canCorrect()}>
                    <button
                      type="button"
                      class="button button--secondary"
                      onClick={() => {
                        setErrors({});
                        setMode(mode() === "correction" ? "message" : "correction");
                      }}
                    >
                      {mode() === "correction"
                        ? "Écrire un simple message"
                        : "Demander une correction"}
                    </button>
                  </Show>
                </div>
              </form>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
