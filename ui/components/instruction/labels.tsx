/**
 * « Étiquettes » on the instructeur's side: the chips a dossier's row, card and page show,
 * and the control that puts the démarche's labels on a dossier.
 */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";

export interface Label {
  readonly id: number;
  readonly name: string;
  readonly color: string;
}

/** The labels as small coloured chips (nothing when there are none). */
export function LabelChips(props: { labels: readonly Label[] }) {
  return (
    <Show when={props.labels.length > 0}>
      <span class="labels">
        <For each={props.labels}>
          {(l) => <span class={`label label--${l.color}`}>{l.name}</span>}
        </For>
      </span>
    </Show>
  );
}

/** The dossier's labels, and « Modifier les étiquettes » to tick the démarche's. */
export function DossierLabels(props: { dossierId: number; demarcheId: number }) {
  const [current, { mutate }] = createResource(
    () => props.dossierId,
    (dossierId) => api.instruction.labels.forDossier.query({ dossierId }),
  );
  const [offered] = createResource(
    () => props.demarcheId,
    (demarcheId) => api.instruction.labels.list.query({ demarcheId }),
  );
  const [open, setOpen] = createSignal(false);
  const [status, setStatus] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  // What the form showed ticked when it opened: saving sends only what the instructeur changed
  // since, so labels another instructeur put or took off meanwhile stay as they are.
  let shown = new Set<number>();
  const toggle = () => {
    shown = new Set((current() ?? []).map((l) => l.id));
    setOpen(!open());
    setStatus(null);
  };
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const ticked = new Set(
      new FormData(event.currentTarget as HTMLFormElement).getAll("etiquette").map(Number),
    );
    try {
      const labels = await api.instruction.labels.change.mutate({
        dossierId: props.dossierId,
        add: [...ticked].filter((l) => !shown.has(l)),
        remove: [...shown].filter((l) => !ticked.has(l)),
      });
      mutate(labels);
      setError(null);
      setStatus(labels.length ? "Étiquettes enregistrées." : "Le dossier n’a plus d’étiquette.");
      setOpen(false);
    } catch (e) {
      setError(problemOf(e).message);
    }
  };
  return (
    <Show when={(offered() ?? []).length > 0}>
      <div class="dossier-labels">
        <span class="dossier-labels__title">Étiquettes :</span>{" "}
        <Show when={(current() ?? []).length > 0} fallback={<span class="aside">aucune</span>}>
          <LabelChips labels={current() ?? []} />
        </Show>{" "}
        <button
          type="button"
          class="link-button"
          aria-expanded={open()}
          aria-controls="choix-etiquettes"
          onClick={toggle}
        >
          Modifier les étiquettes
        </button>
        <p class="dossier-labels__status" role="status">{status()}</p>
        <Show when={open()}>
          <form id="choix-etiquettes" class="card dossier-labels__form" onSubmit={save}>
            <fieldset>
              <legend>Étiquettes du dossier</legend>
              <For each={offered()}>
                {(l) => (
                  <label class="check">
                    <input
                      type="checkbox"
                      name="etiquette"
                      value={l.id}
                      checked={(current() ?? []).some((c) => c.id === l.id)}
                    />{" "}
                    <span class={`label label--${l.color}`}>{l.name}</span>
                  </label>
                )}
              </For>
            </fieldset>
            <Show when={error()}>
              <p class="field-error" role="alert">{error()}</p>
            </Show>
            <div class="form__actions">
              <button type="submit" class="button button--small">Enregistrer</button>
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => setOpen(false)}
              >
                Annuler
              </button>
            </div>
          </form>
        </Show>
      </div>
    </Show>
  );
}
