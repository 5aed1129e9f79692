/**
 * The avis externes of a dossier: the requests with their status and answers (confidential
 * ones marked), « Relancer » and « Retirer » on those awaited, and the form asking experts.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";
import { formatDate, formatDateTime } from "../../format.ts";
import { AvisDueField, AvisDueInfo, ChangeAvisDue } from "./avis_due.tsx";

type Avis = Awaited<ReturnType<typeof api.instruction.avis.list.query>>[number];

function AvisStatus(props: { avis: Avis }) {
  return (
    <Show
      when={!props.avis.revoked}
      fallback={<span class="badge avis-status--revoked">Retiré</span>}
    >
      <span
        class="badge"
        classList={{
          "avis-status--answered": !!props.avis.answeredAt,
          "avis-status--waiting": !props.avis.answeredAt,
        }}
      >
        {props.avis.answeredAt ? "Avis donné" : "Avis attendu"}
      </span>
    </Show>
  );
}

export function AvisAnswer(props: { avis: Avis }) {
  return (
    <div class="avis-answer">
      <Show when={props.avis.question}>
        {(q) => (
          <p class="avis-answer__question">
            <span class="visually-hidden">Question :</span> « {q()} » :{" "}
            <strong>
              {props.avis.yes === null ? "sans réponse" : props.avis.yes ? "Oui" : "Non"}
            </strong>
          </p>
        )}
      </Show>
      <p class="avis-answer__text">{props.avis.answer}</p>
      <Show when={props.avis.answerFileId}>
        {(id) => (
          <p>
            <a href={`/files/${encodeURIComponent(id())}`}>Pièce jointe à l’avis</a>
          </p>
        )}
      </Show>
    </div>
  );
}

export function AvisPanel(props: { dossierId: number }) {
  const [list, { refetch }] = createResource(
    () => props.dossierId,
    (dossierId) => api.instruction.avis.list.query({ dossierId }),
  );
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [notice, setNotice] = createSignal<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  const act = async (what: () => Promise<unknown>, text: string) => {
    try {
      await what();
      await refetch();
      setNotice({ text });
    } catch (e) {
      setNotice({ text: problemOf(e).message, error: true });
    }
  };

  const ask = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const emails = ((data.get("experts") as string) ?? "").split(/[\s,;]+/).filter(Boolean);
    const introduction = ((data.get("introduction") as string) ?? "").trim();
    const found: Record<string, string> = {};
    if (emails.length === 0) found.emails = "Indiquez l’adresse e-mail d’au moins un expert.";
    if (!introduction) found.introduction = "Écrivez l’introduction de votre demande.";
    if (Object.keys(found).length) {
      setErrors(found);
      return;
    }
    setBusy(true);
    try {
      await api.instruction.avis.ask.mutate({
        dossierId: props.dossierId,
        emails,
        introduction,
        question: ((data.get("question") as string) ?? "").trim() || null,
        confidentiel: data.get("confidentiel") === "on",
        dueOn: (data.get("dueOn") as string) || null,
      });
      form?.reset();
      setErrors({});
      await refetch();
      setNotice({
        text: emails.length > 1
          ? `La demande d’avis est envoyée aux ${emails.length} experts.`
          : `La demande d’avis est envoyée à ${emails[0]}.`,
      });
    } catch (e) {
      const p = problemOf(e);
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(p.fields)) {
        fields[k.startsWith("emails") ? "emails" : k] = v;
      }
      setErrors(
        Object.keys(fields).length
          ? { ...fields, emails: fields.emails ?? p.message }
          : { form: p.message },
      );
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string) => ({
    "aria-invalid": errors()[name] ? true : undefined,
    "aria-describedby": errors()[name] ? `avis-${name}-erreur` : undefined,
  });
  const error = (name: string) => (
    <Show when={errors()[name]}>
      <p class="field-error" id={`avis-${name}-erreur`}>{errors()[name]}</p>
    </Show>
  );

  return (
    <div class="avis-panel">
      <div role="status" class="avis-panel__status">
        <Show when={notice()}>
          {(n) => (
            <p
              class="notice"
              classList={{ "notice--error": n().error, "notice--success": !n().error }}
            >
              {n().text}
            </p>
          )}
        </Show>
      </div>
      <Show when={list.error}>
        <p class="notice notice--error" role="alert">{problemOf(list.error).message}</p>
      </Show>
      <Show when={list()} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(items) => (
          <Show
            when={items().length > 0}
            fallback={<p class="empty">Aucun avis demandé pour ce dossier.</p>}
          >
            <ul class="avis-list" aria-label="Avis demandés">
              <For each={items()}>
                {(a) => (
                  <li class="card avis-item">
                    <p class="avis-item__head">
                      <strong class="avis-item__expert">{a.expert}</strong>
                      <AvisStatus avis={a} />
                      <Show when={a.confidentiel}>
                        <span class="badge avis-confidentiel">Confidentiel</span>
                      </Show>
                    </p>
                    <p class="aside">
                      Demandé le {formatDate(a.askedAt)}
                      <Show when={a.answeredAt}>
                        {(at) => <>, donné le {formatDateTime(at())}</>}
                      </Show>
                    </p>
                    <AvisDueInfo avis={a} />
                    <details class="avis-item__request">
                      <summary>Votre demande</summary>
                      <p class="avis-item__intro">{a.introduction}</p>
                      <Show when={a.question}>
                        {(q) => <p>Question : « {q()} »</p>}
                      </Show>
                    </details>
                    <Show when={a.answeredAt}>
                      <AvisAnswer avis={a} />
                    </Show>
                    <Show when={!a.answeredAt && !a.revoked}>
                      <div class="avis-item__actions">
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          aria-label={`Relancer ${a.expert}`}
                          onClick={() =>
                            void act(
                              () => api.instruction.avis.remind.mutate({ avisId: a.id }),
                              `${a.expert} est relancé par e-mail.`,
                            )}
                        >
                          Relancer
                        </button>
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          aria-label={`Retirer la demande faite à ${a.expert}`}
                          onClick={() =>
                            void act(
                              () => api.instruction.avis.revoke.mutate({ avisId: a.id }),
                              `La demande faite à ${a.expert} est retirée : il n’a plus accès au dossier.`,
                            )}
                        >
                          Retirer
                        </button>
                        <ChangeAvisDue
                          avis={a}
                          onDone={async (text, error) => {
                            if (!error) await refetch();
                            setNotice({ text, error });
                          }}
                        />
                      </div>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <form ref={form} class="avis-form card" onSubmit={ask} novalidate>
        <h2 class="avis-form__title">Demander un avis</h2>
        <Show when={errors().form}>
          <p class="notice notice--error" role="alert">{errors().form}</p>
        </Show>
        <div class="field" classList={{ "field--error": !!errors().emails }}>
          <label for="avis-experts">Adresses e-mail des experts</label>
          <p class="hint" id="avis-experts-aide">
            Une adresse par ligne. Chaque expert reçoit un e-mail pour lire le dossier (sans les
            annotations privées) et donner son avis.
          </p>
          {error("emails")}
          <textarea
            id="avis-experts"
            name="experts"
            rows={2}
            {...field("emails")}
            aria-describedby={errors().emails
              ? "avis-experts-aide avis-emails-erreur"
              : "avis-experts-aide"}
          />
        </div>
        <div class="field" classList={{ "field--error": !!errors().introduction }}>
          <label for="avis-introduction">Introduction</label>
          {error("introduction")}
          <textarea
            id="avis-introduction"
            name="introduction"
            rows={4}
            {...field("introduction")}
          />
        </div>
        <div class="field">
          <label for="avis-question">Question appelant oui ou non (facultatif)</label>
          <p class="hint" id="avis-question-aide">
            Par exemple : « Le bateau est-il apte à naviguer ? » L’expert y répond par oui ou par
            non.
          </p>
          <input
            id="avis-question"
            name="question"
            type="text"
            aria-describedby="avis-question-aide"
          />
        </div>
        <AvisDueField error={errors().dueOn} />
        <div class="check">
          <input id="avis-confidentiel" name="confidentiel" type="checkbox" />
          <label for="avis-confidentiel">
            Confidentiel : les autres experts du dossier ne verront pas cet avis
          </label>
        </div>
        <div class="form__actions">
          <button type="submit" class="button" disabled={busy()}>Envoyer la demande d’avis</button>
        </div>
      </form>
    </div>
  );
}
