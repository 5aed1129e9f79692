/**
 * `/admin/demarches/:id/emails`: the e-mails the démarche's usagers receive (the guide's
 * step 5), one card each; « Modifier » opens an editor with the tags to insert and a live
 * preview on an example dossier.
 */
import { createEffect, createResource, createSignal, For, Index, onCleanup, Show } from "solid-js";
import { api, type Problem, problemOf } from "../api.ts";
import { Field } from "../components/field.tsx";
import { FormAlert } from "../components/form_alert.tsx";
import { type FormState, useForm } from "../components/use_form.ts";
import { type Demarche, DemarcheFrame } from "../components/admin/demarche_frame.tsx";

type Mails = Awaited<ReturnType<typeof api.admin.demarches.mails.get.query>>;
type Mail = Mails["mails"][number];
type Tag = Mails["tags"][number];
type Target = "subject" | "body";

/** Time without typing before the preview is asked again. */
const PREVIEW_PAUSE_MS = 400;

const EMPTY_LINE_HINT =
  "Une ligne dont une balise est vide n’est pas envoyée (par exemple « Motif : » sans motif). Le lien vers le dossier est ajouté s’il manque.";

const TARGET_LABELS: Readonly<Record<Target, string>> = {
  subject: "dans l’objet",
  body: "dans le texte",
};

/** The preview of the text being written, asked again after each pause in typing. */
function usePreview(
  demarcheId: number,
  kind: Mail["kind"],
  subject: () => string,
  body: () => string,
) {
  const [preview, setPreview] = createSignal<{ subject: string; text: string } | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  let wait = 0; // the first preview is asked at once
  createEffect(() => {
    const input = { id: demarcheId, kind, subject: subject(), body: body() };
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const rendered = await api.admin.demarches.mails.preview.query(input);
        if (mine !== asked) return;
        setPreview(rendered);
        setProblem(null);
      } catch (error) {
        if (mine === asked) setProblem(problemOf(error).message);
      }
    }, wait);
    wait = PREVIEW_PAUSE_MS;
  });
  onCleanup(() => clearTimeout(timer));
  return { preview, problem };
}

function MailEditor(props: {
  demarcheId: number;
  mail: Mail;
  tags: readonly Tag[];
  reload: () => Promise<unknown>;
  /** Closes the editor, with what happened (nothing when cancelled). */
  done: (message: string | null) => void;
}) {
  const m = props.mail;
  const id = (part: string) => `mail-${m.kind}-${part}`;
  const [subject, setSubject] = createSignal(m.subject);
  const [body, setBody] = createSignal(m.body);
  const [target, setTarget] = createSignal<Target>("body");
  const [resetting, setResetting] = createSignal(false);
  const [resetProblem, setResetProblem] = createSignal<Problem | null>(null);
  const { preview, problem: previewProblem } = usePreview(props.demarcheId, m.kind, subject, body);
  const fields: Partial<Record<Target, HTMLInputElement | HTMLTextAreaElement>> = {};

  const insert = (tag: string) => {
    const field = fields[target()];
    if (!field) return;
    let start = field.selectionStart ?? field.value.length;
    let end = field.selectionEnd ?? start;
    // Tabbing into an input selects all of it: a tag then goes at the end, not in its place.
    if (start === 0 && end === field.value.length) start = end = field.value.length;
    field.setRangeText(tag, start, end, "end");
    (target() === "subject" ? setSubject : setBody)(field.value);
    field.focus();
  };

  const form: FormState = useForm(async () => {
    setResetProblem(null);
    try {
      await api.admin.demarches.mails.save.mutate({
        id: props.demarcheId,
        kind: m.kind,
        subject: subject(),
        body: body(),
      });
    } catch (error) {
      const problem = problemOf(error);
      if (Object.keys(problem.fields).length === 0) throw error;
      // The precise message is beside its field; the alert only says where to look.
      form.fail("L’e-mail n’est pas enregistré : corrigez ce qui est signalé ci-dessous.", {
        ...problem.fields,
      });
      return;
    }
    await props.reload();
    props.done(`L’e-mail « ${m.label} » est enregistré : les usagers recevront ce texte.`);
  });

  const reset = async () => {
    setResetting(true);
    setResetProblem(null);
    try {
      await api.admin.demarches.mails.reset.mutate({ id: props.demarcheId, kind: m.kind });
      await props.reload();
      props.done(`L’e-mail « ${m.label} » reprend le texte de Guichet.`);
    } catch (error) {
      setResetProblem(problemOf(error));
    } finally {
      setResetting(false);
    }
  };

  return (
    <form
      class="mail-editor"
      onSubmit={form.onSubmit}
      novalidate
      aria-label={`Modifier l’e-mail « ${m.label} »`}
    >
      <FormAlert problem={form.problem() ?? resetProblem()} />
      <div class="mail-editor__grid">
        <div class="mail-editor__fields">
          <Field
            name="subject"
            id={id("objet")}
            label="Objet"
            maxLength={200}
            value={subject()}
            ref={(el: HTMLInputElement) => (fields.subject = el)}
            onFocus={() => setTarget("subject")}
            onInput={(e) => setSubject(e.currentTarget.value)}
            error={form.error("subject")}
          />
          <Field
            name="body"
            id={id("texte")}
            label="Texte"
            multiline
            hint={EMPTY_LINE_HINT}
            value={body()}
            ref={(el: HTMLInputElement) => (fields.body = el)}
            onFocus={() => setTarget("body")}
            onInput={(e) => setBody(e.currentTarget.value)}
            error={form.error("body")}
          />
        </div>
        <section class="mail-tags" aria-labelledby={id("balises")}>
          <h3 id={id("balises")}>Balises</h3>
          <p class="hint">
            Chaque balise est remplacée par l’information du dossier. « Insérer » la place à
            l’endroit du curseur.
          </p>
          <fieldset class="mail-tags__target">
            <legend>Insérer les balises</legend>
            <For each={["subject", "body"] as const}>
              {(t) => (
                <label>
                  <input
                    type="radio"
                    name={id("cible")}
                    value={t}
                    checked={target() === t}
                    onChange={() => setTarget(t)}
                  />
                  {TARGET_LABELS[t]}
                </label>
              )}
            </For>
          </fieldset>
          <ul class="mail-tags__list">
            <For each={props.tags}>
              {(tag) => (
                <li>
                  <div>
                    <code>{tag.tag}</code>
                    <span class="mail-tags__description">{tag.description}</span>
                  </div>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    onClick={() => insert(tag.tag)}
                  >
                    Insérer<span class="visually-hidden">{` ${tag.tag}`}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </section>
        <section class="mail-preview" aria-labelledby={id("apercu")}>
          <h3 id={id("apercu")}>Aperçu</h3>
          <p class="hint">Tel que l’usager le lira, sur un dossier d’exemple (n°&nbsp;1234).</p>
          <Show when={previewProblem()}>
            <p class="notice notice--error">
              L’aperçu n’est pas disponible : {previewProblem()}
            </p>
          </Show>
          <Show when={preview()} fallback={<p class="loading">Préparation de l’aperçu…</p>}>
            {(p) => (
              <div class="mail-preview__message">
                <p class="mail-preview__subject">
                  <span class="aside">Objet :</span> {p().subject}
                </p>
                <div class="mail-preview__text">{p().text}</div>
              </div>
            )}
          </Show>
        </section>
      </div>
      <div class="form__actions">
        <button type="submit" class="button" disabled={form.pending() || resetting()}>
          Enregistrer
        </button>
        <Show when={m.custom}>
          <button
            type="button"
            class="button button--secondary"
            disabled={form.pending() || resetting()}
            onClick={reset}
          >
            Rétablir le texte de Guichet
          </button>
        </Show>
        <button type="button" class="button button--secondary" onClick={() => props.done(null)}>
          Annuler
        </button>
      </div>
    </form>
  );
}

function MailCard(props: {
  demarcheId: number;
  mail: Mail;
  tags: readonly Tag[];
  reload: () => Promise<unknown>;
}) {
  const m = () => props.mail;
  const [editing, setEditing] = createSignal(false);
  const [message, setMessage] = createSignal<string | null>(null);
  let opener: HTMLButtonElement | undefined;
  let editor: HTMLDivElement | undefined;
  const open = () => {
    setMessage(null);
    setEditing(true);
    editor?.querySelector("input")?.focus();
  };
  const done = (text: string | null) => {
    setEditing(false);
    setMessage(text);
    opener?.focus();
  };
  return (
    <li
      class="card mail-card"
      classList={{ "mail-card--open": editing() }}
      aria-labelledby={`mail-${m().kind}`}
    >
      <div class="mail-card__head">
        <h2 id={`mail-${m().kind}`} class="card__title">{m().label}</h2>
        <Show when={m().custom}>
          <span class="badge badge--personnalise">Personnalisé</span>
        </Show>
      </div>
      <p class="aside">{m().when}</p>
      <Show
        when={editing()}
        fallback={
          <div class="mail-card__current">
            <p class="mail-card__subject">
              <span class="aside">Objet :</span> {m().subject}
            </p>
            <button ref={opener} type="button" class="button button--secondary" onClick={open}>
              Modifier<span class="visually-hidden">{` l’e-mail « ${m().label} »`}</span>
            </button>
          </div>
        }
      >
        <div ref={editor}>
          <MailEditor
            demarcheId={props.demarcheId}
            mail={m()}
            tags={props.tags}
            reload={props.reload}
            done={done}
          />
        </div>
      </Show>
      <div role="status">
        <Show when={message()}>
          <p class="notice notice--success">{message()}</p>
        </Show>
      </div>
    </li>
  );
}

function Emails(props: { demarche: Demarche }) {
  const [mails, { refetch }] = createResource(
    () => props.demarche.id,
    (id) => api.admin.demarches.mails.get.query({ id }),
  );
  return (
    <>
      <Show when={mails.error}>
        <div class="notice notice--error" role="alert">{problemOf(mails.error).message}</div>
      </Show>
      <Show when={mails.latest} fallback={<p class="loading">Chargement…</p>}>
        {(list) => (
          <ul class="list mail-list" aria-label="E-mails">
            {/* By position, so a reload keeps each card (and its message) in place. */}
            <Index each={list().mails}>
              {(mail) => (
                <MailCard
                  demarcheId={props.demarche.id}
                  mail={mail()}
                  tags={list().tags}
                  reload={async () => await refetch()}
                />
              )}
            </Index>
          </ul>
        )}
      </Show>
    </>
  );
}

export default function AdminEmails() {
  return (
    <DemarcheFrame
      title={() => "E-mails envoyés aux usagers"}
      intro={
        <p>
          Guichet écrit à l’usager à chaque étape de son dossier. Vous pouvez adapter chacun de ces
          e-mails à votre démarche ; tant que vous ne le modifiez pas, le texte de Guichet est
          envoyé.
        </p>
      }
    >
      {({ demarche }) => <Emails demarche={demarche()} />}
    </DemarcheFrame>
  );
}
