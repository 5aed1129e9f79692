/** « Colonnes »: which answers of the form the dashboard shows, remembered per démarche. */
import { createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";
import type { Champ } from "./dashboard_filters.tsx";

const MAX = 10;

export function ColumnChooser(props: {
  demarcheId: number;
  champs: readonly Champ[];
  chosen: readonly string[];
  onSaved: () => void;
}) {
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const shown = () => props.champs.filter((c) => c.kind !== "none");

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const columns = new FormData(event.currentTarget as HTMLFormElement).getAll(
      "colonne",
    ) as string[];
    if (columns.length > MAX) {
      setError(`Choisissez au plus ${MAX} colonnes.`);
      return;
    }
    setBusy(true);
    try {
      await api.instruction.setColumns.mutate({ demarcheId: props.demarcheId, columns });
      setError(null);
      setOpen(false);
      props.onSaved();
    } catch (e) {
      setError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="column-chooser">
      <button
        type="button"
        class="button button--secondary"
        aria-expanded={open()}
        aria-controls="choix-colonnes"
        onClick={() => setOpen(!open())}
      >
        Colonnes
      </button>
      <Show when={open()}>
        <form id="choix-colonnes" class="card column-chooser__form" onSubmit={save}>
          <fieldset>
            <legend>Colonnes affichées</legend>
            <p class="hint">Au plus {MAX} réponses du formulaire, en plus du n° et de l’état.</p>
            <Show when={error()}>
              <p class="field-error" role="alert">{error()}</p>
            </Show>
            <Show
              when={shown().length > 0}
              fallback={<p class="empty">Le formulaire n’a aucun champ à afficher.</p>}
            >
              <For each={shown()}>
                {(c) => (
                  <label class="check">
                    <input
                      type="checkbox"
                      name="colonne"
                      value={c.stableId}
                      checked={props.chosen.includes(c.stableId)}
                    />{" "}
                    {c.label}
                  </label>
                )}
              </For>
            </Show>
          </fieldset>
          <div class="form__actions">
            <button type="submit" class="button button--small" disabled={busy()}>
              Enregistrer les colonnes
            </button>
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
  );
}
