/**
 * The form as the usager will see it, live: the champ types' inputs, conditions applied as
 * values change (with `visibility` from the core, the rule every page applies), sections, and repetition
 * blocks whose rows can be added and removed. Nothing is sent anywhere.
 */
import { For, Index, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { visibility } from "../../../core/shared/visibility.ts";
import { ChampField, uiOf } from "./champ_field.tsx";

type Values = Record<string, unknown>;
type Row = Values;

export function FormPreview(
  props: { champs: readonly ChampDescriptor[]; idPrefix: string; empty: string },
) {
  const [values, setValues] = createStore<Values>({});
  const state = () => visibility(props.champs, values);
  const rowsOf = (id: string): Row[] => Array.isArray(values[id]) ? values[id] as Row[] : [];

  const Block = (p: { champ: ChampDescriptor }) => {
    const children = () => p.champ.children ?? [];
    const addRow = () => setValues(p.champ.stableId, [...rowsOf(p.champ.stableId), {}]);
    const removeRow = (i: number) =>
      setValues(p.champ.stableId, rowsOf(p.champ.stableId).filter((_, j) => j !== i));
    return (
      <fieldset class="field preview-block">
        <legend>{p.champ.label}{p.champ.mandatory ? "" : " (facultatif)"}</legend>
        <Show when={p.champ.description}>
          <p class="hint champ-description">{p.champ.description}</p>
        </Show>
        <Index each={rowsOf(p.champ.stableId)}>
          {(row, i) => {
            const shown = () => visibility(children(), row(), state().seen).visible;
            return (
              <div
                class="preview-block__row"
                role="group"
                aria-label={`${p.champ.label}, ligne ${i + 1}`}
              >
                <For each={children().filter((c) => shown().has(c.stableId))}>
                  {(child) => (
                    <ChampField
                      champ={child}
                      id={`${props.idPrefix}-${p.champ.stableId}-${i}-${child.stableId}`}
                      value={row()[child.stableId] ?? null}
                      onChange={(v) =>
                        setValues(
                          p.champ.stableId,
                          i as never,
                          child.stableId as never,
                          v as never,
                        )}
                    />
                  )}
                </For>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  onClick={() => removeRow(i)}
                >
                  Supprimer la ligne {i + 1}
                </button>
              </div>
            );
          }}
        </Index>
        <Show when={children().length === 0}>
          <p class="hint">Ce bloc n’a pas encore de champ.</p>
        </Show>
        <button type="button" class="button button--secondary button--small" onClick={addRow}>
          Ajouter une ligne<span class="visually-hidden">à « {p.champ.label} »</span>
        </button>
      </fieldset>
    );
  };

  return (
    <form class="preview-form" onSubmit={(e) => e.preventDefault()} novalidate>
      <Show when={props.champs.length > 0} fallback={<p class="hint">{props.empty}</p>}>
        <For each={props.champs.filter((c) => state().visible.has(c.stableId))}>
          {(champ) => (
            <Show
              when={uiOf(champ.type).container}
              fallback={
                <ChampField
                  champ={champ}
                  id={`${props.idPrefix}-${champ.stableId}`}
                  value={values[champ.stableId] ?? null}
                  onChange={(v) => setValues(champ.stableId, v as never)}
                />
              }
            >
              <Block champ={champ} />
            </Show>
          )}
        </For>
      </Show>
    </form>
  );
}
