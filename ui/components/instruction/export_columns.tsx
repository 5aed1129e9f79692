/**
 * The columns of an export: every column, or the ones the instructeur ticks — the dossier's
 * facts, the form's answers, the annotations privées — written in the order listed. The
 * server remembers the last choice and offers it again.
 */
import { createMemo, createSignal, For, Show } from "solid-js";
import { api } from "../../api.ts";

type Offered = Awaited<ReturnType<typeof api.instruction.exports.columns.query>>;

const GROUPS = [
  ["dossier", "Le dossier"],
  ["champ", "Le formulaire"],
  ["annotation", "Les annotations privées"],
] as const;

/** The choice made so far: null for every column. */
export interface ColumnsChoice {
  readonly chosen: () => string[] | null;
}

export function ExportColumns(props: { offered: Offered; ref: (choice: ColumnsChoice) => void }) {
  const [choose, setChoose] = createSignal(props.offered.chosen !== null);
  const [ticked, setTicked] = createSignal(
    new Set(props.offered.chosen ?? props.offered.columns.map((c) => c.id)),
  );
  const count = createMemo(() => ticked().size);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(ticked());
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };
  const setGroup = (group: string, on: boolean) => {
    const next = new Set(ticked());
    for (const c of props.offered.columns) {
      if (c.group === group) on ? next.add(c.id) : next.delete(c.id);
    }
    setTicked(next);
  };
  props.ref({
    chosen: () =>
      choose() ? props.offered.columns.map((c) => c.id).filter((id) => ticked().has(id)) : null,
  });

  return (
    <fieldset class="export-columns">
      <legend>Colonnes</legend>
      <label class="check">
        <input
          type="radio"
          name="colonnes"
          value="toutes"
          checked={!choose()}
          onChange={() => setChoose(false)}
        />{" "}
        Toutes les colonnes ({props.offered.columns.length})
      </label>
      <label class="check">
        <input
          type="radio"
          name="colonnes"
          value="choisir"
          checked={choose()}
          onChange={() => setChoose(true)}
        />{" "}
        Choisir les colonnes
      </label>
      <Show when={choose()}>
        <p class="hint" aria-live="polite">
          {count()} colonne{count() === 1 ? "" : "s"} sur{" "}
          {props.offered.columns.length}, dans l’ordre de la liste.
        </p>
        <For each={GROUPS}>
          {([group, title]) => {
            const columns = props.offered.columns.filter((c) => c.group === group);
            return (
              <Show when={columns.length > 0}>
                <fieldset class="export-columns__group">
                  <legend>{title}</legend>
                  <p class="export-columns__all">
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => setGroup(group, true)}
                    >
                      Tout cocher<span class="visually-hidden">{` : ${title}`}</span>
                    </button>
                    <button
                      type="button"
                      class="link-button"
                      onClick={() => setGroup(group, false)}
                    >
                      Tout décocher<span class="visually-hidden">{` : ${title}`}</span>
                    </button>
                  </p>
                  <For each={columns}>
                    {(c) => (
                      <label class="check">
                        <input
                          type="checkbox"
                          name="colonne"
                          value={c.id}
                          checked={ticked().has(c.id)}
                          onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                        />{" "}
                        {group === "annotation" ? c.label.replace(/^Annotation : /, "") : c.label}
                      </label>
                    )}
                  </For>
                </fieldset>
              </Show>
            );
          }}
        </For>
      </Show>
    </fieldset>
  );
}
