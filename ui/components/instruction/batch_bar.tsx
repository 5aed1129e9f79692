/**
 * The action bar over the selected dossiers: one action for all, each dossier done on its
 * own; the result lists, per dossier, whether it was done or why not.
 */
import { createSignal, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../../api.ts";

type Action = Parameters<typeof api.instruction.batch.mutate>[0]["action"];
export type BatchResult = Awaited<ReturnType<typeof api.instruction.batch.mutate>>;

/** `done` completes « 2 dossiers sur 3 … »: the participle, agreed with « dossier(s) ». */
const ACTIONS: readonly { id: Action; label: string; done: string; motive?: string }[] = [
  { id: "follow", label: "Suivre", done: "suivi(s)" },
  { id: "passer_en_instruction", label: "Passer en instruction", done: "passé(s) en instruction" },
  { id: "accepter", label: "Accepter", done: "accepté(s)" },
  { id: "refuser", label: "Refuser", done: "refusé(s)", motive: "Motif du refus" },
  {
    id: "classer_sans_suite",
    label: "Classer sans suite",
    done: "classé(s) sans suite",
    motive: "Motif du classement sans suite",
  },
  { id: "archive", label: "Archiver", done: "archivé(s)" },
];

export function BatchBar(props: {
  ids: readonly number[];
  onDone: (results: BatchResult, label: string) => void;
}) {
  const [action, setAction] = createSignal<Action | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const chosen = () => ACTIONS.find((a) => a.id === action());
  const n = () => props.ids.length;

  const run = async (event: SubmitEvent) => {
    event.preventDefault();
    const a = chosen();
    if (!a) return;
    const motivation = (new FormData(event.currentTarget as HTMLFormElement).get("motif") as
      | string
      | null) ?? "";
    if (a.motive && !motivation.trim()) {
      setError(`Indiquez le motif : il est envoyé à chaque usager.`);
      return;
    }
    setBusy(true);
    try {
      const results = await api.instruction.batch.mutate({
        ids: [...props.ids],
        action: a.id,
        motivation,
      });
      setAction(null);
      setError(null);
      props.onDone(results, a.done);
    } catch (e) {
      setError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="batch-bar" aria-labelledby="batch-bar-titre">
      <h2 id="batch-bar-titre" class="batch-bar__title">
        {n()} dossier{n() > 1 ? "s" : ""} sélectionné{n() > 1 ? "s" : ""}
      </h2>
      <ul class="batch-bar__actions">
        <For each={ACTIONS}>
          {(a) => (
            <li>
              <button
                type="button"
                class="button button--small"
                classList={{ "button--secondary": action() !== a.id }}
                aria-pressed={action() === a.id}
                onClick={() => {
                  setError(null);
                  setAction(action() === a.id ? null : a.id);
                }}
              >
                {a.label}…
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={chosen()}>
        {(a) => (
          <form class="batch-bar__confirm" onSubmit={run}>
            <Show when={a().motive}>
              {(label) => (
                <div class="field" classList={{ "field--error": !!error() }}>
                  <label for="batch-motif">{label()}</label>
                  <p class="hint" id="batch-motif-aide">
                    Le même motif est envoyé à chaque usager.
                  </p>
                  <Show when={error()}>
                    <p class="field-error" id="batch-motif-erreur">{error()}</p>
                  </Show>
                  <textarea
                    id="batch-motif"
                    name="motif"
                    rows={3}
                    aria-invalid={error() ? true : undefined}
                    aria-describedby={error()
                      ? "batch-motif-aide batch-motif-erreur"
                      : "batch-motif-aide"}
                  />
                </div>
              )}
            </Show>
            <Show when={error() && !a().motive}>
              <p class="notice notice--error" role="alert">{error()}</p>
            </Show>
            <div class="form__actions">
              <button type="submit" class="button" disabled={busy()}>
                {a().label} {n()} dossier{n() > 1 ? "s" : ""}
              </button>
              <button
                type="button"
                class="button button--secondary"
                onClick={() => setAction(null)}
              >
                Annuler
              </button>
            </div>
          </form>
        )}
      </Show>
    </section>
  );
}

/** What a batch did, dossier by dossier. */
export function BatchResults(props: { results: BatchResult; done: string; onClose: () => void }) {
  const ok = () => props.results.filter((r) => r.ok).length;
  const failed = () => props.results.filter((r) => !r.ok);
  return (
    <div
      class="notice batch-results"
      classList={{ "notice--success": failed().length === 0, "notice--error": failed().length > 0 }}
    >
      <p>
        <strong>
          {ok()} dossier{ok() > 1 ? "s" : ""} sur {props.results.length}{" "}
          {props.done.replace("(s)", ok() > 1 ? "s" : "")}.
        </strong>
      </p>
      <ul class="batch-results__list">
        <For each={props.results}>
          {(r) => (
            <li>
              <A href={`/instruction/dossiers/${r.id}`}>Dossier n° {r.id}</A> :{" "}
              {r.ok ? "fait." : r.message}
            </li>
          )}
        </For>
      </ul>
      <button type="button" class="link-button" onClick={props.onClose}>
        Fermer ce compte rendu
      </button>
    </div>
  );
}
