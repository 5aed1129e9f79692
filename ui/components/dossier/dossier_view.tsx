/**
 * A dossier read-only: each visible champ with the type's `Display` (section titles as
 * headings, repetition blocks row by row). Explanations are for filling, so they are left out.
 */
import { For, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { visibility } from "../../../core/shared/visibility.ts";
import { uiOf } from "../editor/champ_field.tsx";

type Values = Readonly<Record<string, unknown>>;

/** One champ's value as the type displays it, or « Non renseigné ». */
export function ChampValue(props: { champ: ChampDescriptor; value: unknown }) {
  const ui = () => uiOf(props.champ.type);
  const empty = () =>
    props.value === null || props.value === undefined || props.value === "" ||
    (Array.isArray(props.value) && props.value.length === 0);
  return (
    <Show when={!empty()} fallback={<em class="hint">Non renseigné</em>}>
      <Show
        when={ui().Display}
        fallback={<span class="pre-line">{String(props.value)}</span>}
      >
        {(Display) => (
          <Dynamic
            component={Display()}
            value={props.value}
            options={props.champ.options ?? {}}
            label={props.champ.label}
          />
        )}
      </Show>
    </Show>
  );
}

function Champs(props: { champs: readonly ChampDescriptor[]; values: Values }) {
  return (
    <dl class="dossier-values">
      <For each={props.champs}>
        {(champ) => (
          <div class="dossier-values__item">
            <dt>{champ.label}</dt>
            <dd>
              <ChampValue champ={champ} value={props.values[champ.stableId]} />
            </dd>
          </div>
        )}
      </For>
    </dl>
  );
}

export function DossierView(
  props: {
    champs: readonly ChampDescriptor[];
    values: Values;
    /** Values shown before these champs, when they are part of a form (what conditions read). */
    outer?: Values;
  },
) {
  const state = () => visibility(props.champs, props.values, props.outer);
  const shown = () =>
    props.champs.filter((c) =>
      state().visible.has(c.stableId) &&
      (uiOf(c.type).fillable !== false || c.type === "header_section")
    );
  const rowChamps = (block: ChampDescriptor, row: Values) => {
    const visible = visibility(block.children ?? [], row, state().seen).visible;
    return (block.children ?? []).filter((c) => visible.has(c.stableId));
  };
  // Consecutive ordinary champs share one list; titles and blocks break it.
  const groups = () => {
    const out: (ChampDescriptor | ChampDescriptor[])[] = [];
    for (const c of shown()) {
      const alone = c.type === "header_section" || uiOf(c.type).container;
      const last = out[out.length - 1];
      if (alone) out.push(c);
      else if (Array.isArray(last)) last.push(c);
      else out.push([c]);
    }
    return out;
  };
  return (
    <div class="dossier-view">
      <For each={groups()}>
        {(g) =>
          Array.isArray(g) ? <Champs champs={g} values={props.values} /> : g.type ===
              "header_section"
            ? <h3 class="dossier-view__section">{g.label}</h3>
            : (
              <section class="dossier-view__block" aria-label={g.label}>
                <h4>{g.label}</h4>
                <Show
                  when={Array.isArray(props.values[g.stableId]) &&
                    (props.values[g.stableId] as unknown[]).length > 0}
                  fallback={<p class="hint">Aucune ligne.</p>}
                >
                  <For each={props.values[g.stableId] as Values[]}>
                    {(row, i) => (
                      <div class="dossier-view__row">
                        <p class="dossier-block__title">Ligne {i() + 1}</p>
                        <Champs champs={rowChamps(g, row ?? {})} values={row ?? {}} />
                      </div>
                    )}
                  </For>
                </Show>
              </section>
            )}
      </For>
    </div>
  );
}
