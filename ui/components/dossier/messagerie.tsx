/**
 * The messagerie of a dossier, usager side: the thread (« Vous » or « Administration »,
 * dates in Europe/Paris, demandes de correction marked, attachments, new messages marked)
 * and a form to write, with an optional attachment. Once the dossier is decided the thread
 * stays readable and the form gives way to a closed notice.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, type Problem, problemOf, uploadSoundFile } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import { FormAlert } from "../form_alert.tsx";

export function Messagerie(
  props: {
    dossierId: number;
    /** Changes when the dossier does (a deposit resolves a correction): the thread reloads. */
    version: number;
  },
) {
  const [thread, { refetch }] = createResource(
    () => ({ dossierId: props.dossierId, version: props.version }),
    ({ dossierId }) => api.messagerie.list.query({ dossierId }),
  );
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);
  const [sent, setSent] = createSignal(false);
  const [checking, setChecking] = createSignal(false);
  let textarea!: HTMLTextAreaElement;
  let fileInput!: HTMLInputElement;

  async function send(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    setPending(true);
    setProblem(null);
    setSent(false);
    try {
      const file = fileInput.files?.[0];
      // The message leaves once the antivirus has found its file sound.
      const fileId = file
        ? (await uploadSoundFile(file, { onChecking: () => setChecking(true) })).fileId
        : undefined;
      setChecking(false);
      await api.messagerie.post.mutate({
        dossierId: props.dossierId,
        body: textarea.value,
        fileId,
      });
      textarea.value = "";
      fileInput.value = "";
      await refetch();
      setSent(true);
    } catch (e) {
      setProblem(
        e && typeof e === "object" && "fields" in e ? e as Problem : problemOf(e),
      );
    } finally {
      setPending(false);
      setChecking(false);
    }
  }
  const bodyError = () => problem()?.fields.body;

  return (
    <section class="dossier-section messagerie" aria-labelledby="messagerie-titre">
      <h2 id="messagerie-titre">Messagerie</h2>
      <Show when={thread.error}>
        <div class="notice notice--error" role="alert">{problemOf(thread.error).message}</div>
      </Show>
      <Show when={thread.latest}>
        {(t) => (
          <>
            <Show
              when={t().messages.length > 0}
              fallback={
                <p class="hint">
                  {t().open
                    ? "Aucun message pour l’instant. Écrivez à l’administration si vous avez une question sur ce dossier."
                    : "Aucun message n’a été échangé sur ce dossier."}
                </p>
              }
            >
              <ol class="messagerie__thread">
                <For each={t().messages}>
                  {(m) => (
                    <li
                      class="message"
                      classList={{
                        "message--mine": !m.fromInstructeur,
                        "message--admin": m.fromInstructeur,
                        "message--correction": !!m.correction,
                      }}
                    >
                      <p class="message__meta">
                        <strong class="message__author">{m.author}</strong>
                        <span class="message__date">{formatDateTime(m.createdAt)}</span>
                        <Show when={m.unread}>
                          <span class="message__new">Nouveau</span>
                        </Show>
                      </p>
                      <Show when={m.correction}>
                        {(c) => (
                          <p class="message__correction">
                            Demande de correction : {c().label}{" "}
                            <span
                              class="message__correction-state"
                              classList={{ "message__correction-state--done": c().resolved }}
                            >
                              {c().resolved ? "résolue" : "en attente de vos modifications"}
                            </span>
                          </p>
                        )}
                      </Show>
                      <p class="message__body pre-line">{m.body}</p>
                      <Show when={m.file}>
                        {(f) => (
                          <p class="message__file">
                            Pièce jointe : <a href={`/files/${f().id}`}>{f().filename}</a>
                          </p>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <Show
              when={t().open}
              fallback={
                <p class="notice notice--test">
                  La messagerie est close : le dossier a reçu sa décision. Les échanges restent
                  consultables ici.
                </p>
              }
            >
              <form class="messagerie__form" onSubmit={send} novalidate>
                <FormAlert problem={problem()} />
                <Show when={sent()}>
                  <p class="notice notice--success" role="status">
                    Votre message est envoyé à l’administration.
                  </p>
                </Show>
                <div class="field" classList={{ "field--error": !!bodyError() }}>
                  <label for="message-corps">Votre message</label>
                  <Show when={bodyError()}>
                    <p class="field-error" id="message-corps-erreur">{bodyError()}</p>
                  </Show>
                  <textarea
                    ref={textarea}
                    id="message-corps"
                    name="body"
                    rows={5}
                    maxLength={10000}
                    aria-describedby={bodyError() ? "message-corps-erreur" : undefined}
                    aria-invalid={bodyError() ? true : undefined}
                  />
                </div>
                <div class="field">
                  <label for="message-piece">Pièce jointe (facultatif)</label>
                  <p class="hint" id="message-piece-aide">
                    Un seul fichier, de 200 Mo au plus.
                  </p>
                  <input
                    ref={fileInput}
                    id="message-piece"
                    type="file"
                    aria-describedby="message-piece-aide"
                  />
                </div>
                <Show when={checking()}>
                  <p class="hint" role="status">
                    La pièce jointe est en cours de vérification par l’antivirus : le message part
                    dès qu’elle est vérifiée.
                  </p>
                </Show>
                <div class="form__actions">
                  <button type="submit" class="button" disabled={pending()}>
                    {pending() ? "Envoi…" : "Envoyer le message"}
                  </button>
                </div>
              </form>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
