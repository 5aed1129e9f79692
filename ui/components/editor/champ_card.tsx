/**
 * One champ in the editor: its summary (label, type, « Obligatoire », condition, problems),
 * its actions (Modifier, Monter, Descendre, Dupliquer, Supprimer) and, opened, its settings:
 * label, description, mandatory, the type's options editor and the condition editor. A
 * repetition block lists its children inside, edited the same way.
 */
import { For, type JSX, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { ConditionEditor } from "./condition_editor.tsx";
import { uiOf } from "./champ_field.tsx";
import type { EditorApi } from "./form_editor.tsx";

export interface ChampCardProps {
  readonly champ: ChampDescriptor;
  readonly index: number;
  readonly count: number;
  /** The repetition block holding it, if any. */
  readonly parent: string | null;
  /** Champs placed before it: the sources its condition may use. */
  readonly before: readonly ChampDescriptor[];
  readonly editor: EditorApi;
  /** The children's list, for a repetition block. */
  readonly nested?: JSX.Element;
}

export function ChampCard(props: ChampCardProps) {
  const id = () => props.champ.stableId;
  const p = () => `champ-${id()}`;
  const ed = () => props.editor;
  const ui = () => uiOf(props.champ.type);
  const open = () => ed().isOpen(id());
  const problems = () => ed().problemsOf(id());
  const named = (verb: string) => (
    <>
      {verb}
      <span class="visually-hidden">« {props.champ.label || "sans libellé"} »</span>
    </>
  );
  const set = (patch: Partial<ChampDescriptor>) => ed().update(id(), props.parent, patch);
  return (
    <li
      class="champ-card"
      classList={{
        "champ-card--open": open(),
        "champ-card--problem": problems().length > 0,
        "champ-card--section": props.champ.type === "header_section",
      }}
      id={p()}
    >
      <div class="champ-card__head">
        <span class="champ-card__number" aria-hidden="true">{props.index + 1}</span>
        <div class="champ-card__title">
          <p class="champ-card__label">
            {props.champ.label || <em>Sans libellé</em>}
          </p>
          <p class="champ-card__meta">
            <span class="champ-card__type">{ed().typeLabel(props.champ.type)}</span>
            <Show when={props.champ.mandatory}>
              <span class="badge badge--mandatory">Obligatoire</span>
            </Show>
            <Show when={ui().container}>
              <span class="champ-card__type">
                {props.champ.children?.length ?? 0} champ(s) dans le bloc
              </span>
            </Show>
          </p>
          <Show when={ed().conditionSummary(props.champ)}>
            {(text) => <p class="champ-card__condition">{text()}</p>}
          </Show>
        </div>
        <div class="champ-card__actions">
          <button
            type="button"
            class="button button--small"
            classList={{ "button--secondary": !open() }}
            aria-expanded={open()}
            aria-controls={`${p()}-reglages`}
            id={`${p()}-modifier`}
            onClick={() => ed().toggle(id())}
          >
            {named(open() ? "Fermer" : "Modifier")}
          </button>
          <button
            type="button"
            class="button button--secondary button--small"
            id={`${p()}-monter`}
            disabled={props.index === 0}
            onClick={() => ed().move(id(), props.parent, -1)}
          >
            {named("Monter")}
          </button>
          <button
            type="button"
            class="button button--secondary button--small"
            id={`${p()}-descendre`}
            disabled={props.index === props.count - 1}
            onClick={() => ed().move(id(), props.parent, 1)}
          >
            {named("Descendre")}
          </button>
          <button
            type="button"
            class="button button--secondary button--small"
            onClick={() => ed().duplicate(id(), props.parent)}
          >
            {named("Dupliquer")}
          </button>
          <button
            type="button"
            class="button button--secondary button--small button--danger-text"
            onClick={() => ed().remove(id(), props.parent)}
          >
            {named("Supprimer")}
          </button>
        </div>
      </div>
      <Show when={problems().length > 0}>
        <ul class="champ-card__problems" id={`${p()}-problemes`}>
          <For each={problems()}>{(message) => <li>{message}</li>}</For>
        </ul>
      </Show>
      <Show when={open()}>
        <div class="champ-card__panel" id={`${p()}-reglages`}>
          <div class="field field--compact">
            <label for={`${p()}-libelle`}>Libellé</label>
            <input
              id={`${p()}-libelle`}
              type="text"
              value={props.champ.label}
              aria-invalid={props.champ.label.trim() === "" || undefined}
              onInput={(e) => set({ label: e.currentTarget.value })}
            />
          </div>
          <div class="field field--compact">
            <label for={`${p()}-description`}>Description (facultatif)</label>
            <div class="hint" id={`${p()}-description-aide`}>
              Affichée sous le libellé : précisez ce qui est attendu.
            </div>
            <textarea
              id={`${p()}-description`}
              rows={2}
              aria-describedby={`${p()}-description-aide`}
              value={props.champ.description ?? ""}
              onInput={(e) => set({ description: e.currentTarget.value })}
            />
          </div>
          <Show when={ui().fillable !== false}>
            <div class="check">
              <input
                id={`${p()}-obligatoire`}
                type="checkbox"
                checked={props.champ.mandatory}
                onChange={(e) => set({ mandatory: e.currentTarget.checked })}
              />
              <label for={`${p()}-obligatoire`}>Champ obligatoire</label>
            </div>
          </Show>
          <fieldset class="options-editor">
            <legend>Options : {ed().typeLabel(props.champ.type)}</legend>
            <Show
              when={ui().OptionsEditor}
              fallback={<p class="hint">Ce type de champ n’a pas d’option à régler.</p>}
            >
              {(Editor) => (
                <Dynamic
                  component={Editor()}
                  options={props.champ.options ?? {}}
                  idPrefix={`${p()}-options`}
                  onChange={(options: Record<string, unknown>) => set({ options })}
                />
              )}
            </Show>
          </fieldset>
          <ConditionEditor
            idPrefix={`${p()}-condition`}
            condition={props.champ.condition}
            before={props.before}
            onChange={(condition, complete) => {
              set({ condition });
              ed().setIncomplete(id(), !complete);
            }}
          />
        </div>
      </Show>
      <Show when={props.nested}>
        <div class="champ-card__children">{props.nested}</div>
      </Show>
    </li>
  );
}
