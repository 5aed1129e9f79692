/**
 * A brouillon's form: each champ through `ChampField` (label, description, error, the
 * type's Input), conditional champs shown as values change (the server's own rule,
 * `visibility`), repetition blocks with rows to add and remove, and an anchor before
 * each section title for the table of contents. Values and errors come from the page;
 * every change goes back through `onChange` with the whole top-level value.
 */
import { For, Index, type JSX, Show } from "solid-js";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { visibility } from "../../../core/shared/visibility.ts";
import { ChampField, uiOf } from "../editor/champ_field.tsx";
import { DossierView } from "./dossier_view.tsx";

type Values = Readonly<Record<string, unknown>>;
type Row = Record<string, unknown>;

/** The element id of a champ's input, from its error key (`bloc.0.child` in blocks). */
export const champElementId = (key: string) => `champ-${key.replaceAll(".", "-")}`;

/** The anchor of a section title, for the table of contents. */
export const sectionAnchor = (stableId: string) => `section-${stableId}`;

export interface DossierFormProps {
  readonly champs: readonly ChampDescriptor[];
  readonly values: Values;
  error(key: string): string | undefined;
  onChange(key: string, value: unknown): void;
  /** Champs shown with their value but not editable (an invité's view of the rest). */
  readonly readOnly?: ReadonlySet<string>;
  /** Why a read-only champ cannot be changed (« Fournie par FranceConnect »); none: no note. */
  readOnlyNote?(stableId: string): string | undefined;
  /** Shown under a top-level champ (someone else changed it meanwhile…). */
  notice?(champ: ChampDescriptor): JSX.Element;
}

const rowsIn = (value: unknown): Row[] =>
  Array.isArray(value) ? value.map((r) => (r && typeof r === "object" ? r as Row : {})) : [];

function Block(props: DossierFormProps & { champ: ChampDescriptor; outer: Values }) {
  const key = () => props.champ.stableId;
  const rows = () => rowsIn(props.values[key()]);
  const children = () => props.champ.children ?? [];
  const maxRows = () => {
    const m = props.champ.options?.maxRows;
    return typeof m === "number" ? m : Infinity;
  };
  const setRows = (next: Row[]) => props.onChange(key(), next);
  const setCell = (i: number, child: string, value: unknown) =>
    setRows(rows().map((r, j) => (j === i ? { ...r, [child]: value } : r)));
  let addButton!: HTMLButtonElement;
  const remove = (i: number) => {
    setRows(rows().filter((_, j) => j !== i));
    addButton.focus();
  };
  const add = () => {
    setRows([...rows(), {}]);
    // The new row's first input takes focus, so the person types where they expect.
    queueMicrotask(() => {
      const row = document.getElementById(`${champElementId(key())}-ligne-${rows().length - 1}`);
      row?.querySelector<HTMLElement>("input, select, textarea")?.focus();
    });
  };
  return (
    <fieldset
      id={champElementId(key())}
      tabIndex={-1}
      class="field dossier-block"
      classList={{ "field--error": !!props.error(key()) }}
    >
      <legend>{props.champ.label}{props.champ.mandatory ? "" : " (facultatif)"}</legend>
      <Show when={props.champ.description}>
        <p class="hint champ-description">{props.champ.description}</p>
      </Show>
      <Show when={props.error(key())}>
        <p class="field-error">{props.error(key())}</p>
      </Show>
      {props.notice?.(props.champ)}
      <Index each={rows()}>
        {(row, i) => {
          const shown = () => visibility(children(), row(), props.outer).visible;
          return (
            <div
              id={`${champElementId(key())}-ligne-${i}`}
              class="dossier-block__row"
              role="group"
              aria-label={`${props.champ.label}, ligne ${i + 1}`}
            >
              <p class="dossier-block__title" aria-hidden="true">Ligne {i + 1}</p>
              <For each={children().filter((c) => shown().has(c.stableId))}>
                {(child) => (
                  <ChampField
                    champ={child}
                    id={champElementId(`${key()}.${i}.${child.stableId}`)}
                    value={row()[child.stableId] ?? null}
                    error={props.error(`${key()}.${i}.${child.stableId}`)}
                    onChange={(v) => setCell(i, child.stableId, v)}
                  />
                )}
              </For>
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => remove(i)}
              >
                Supprimer la ligne {i + 1}
              </button>
            </div>
          );
        }}
      </Index>
      <Show when={rows().length < maxRows()}>
        <button
          ref={addButton}
          type="button"
          class="button button--secondary button--small"
          onClick={add}
        >
          Ajouter une ligne<span class="visually-hidden">à « {props.champ.label} »</span>
        </button>
      </Show>
    </fieldset>
  );
}

export function DossierForm(props: DossierFormProps) {
  const state = () => visibility(props.champs, props.values);
  const visible = () => state().visible;
  // Values of the champs shown: what a block's rows and a read-only champ's condition read.
  const outer = () => state().seen;
  return (
    <div class="dossier-form">
      <For each={props.champs.filter((c) => visible().has(c.stableId))}>
        {(champ) => (
          <Show
            when={!props.readOnly?.has(champ.stableId) || champ.type === "header_section" ||
              uiOf(champ.type).fillable === false}
            fallback={
              <div
                class="dossier-form__champ dossier-form__champ--read"
                id={champElementId(champ.stableId)}
              >
                <DossierView champs={[champ]} values={props.values} outer={outer()} />
                <Show when={props.readOnlyNote?.(champ.stableId)}>
                  {(note) => <p class="hint read-only-note">{note()}</p>}
                </Show>
              </div>
            }
          >
            <Show
              when={uiOf(champ.type).container}
              fallback={
                <div
                  class="dossier-form__champ"
                  id={champ.type === "header_section" ? sectionAnchor(champ.stableId) : undefined}
                  tabIndex={champ.type === "header_section" ? -1 : undefined}
                >
                  <ChampField
                    champ={champ}
                    id={champElementId(champ.stableId)}
                    value={props.values[champ.stableId] ?? null}
                    error={props.error(champ.stableId)}
                    onChange={(v) => props.onChange(champ.stableId, v)}
                  />
                  {props.notice?.(champ)}
                </div>
              }
            >
              <Block {...props} champ={champ} outer={outer()} />
            </Show>
          </Show>
        )}
      </For>
    </div>
  );
}

/** Moves focus to the input a champ key names (the first radio of a group, a block…). */
export function focusChamp(key: string): void {
  const id = champElementId(key);
  const target = document.getElementById(id) ?? document.getElementById(`${id}-0`);
  if (!target) return;
  const focusable = target.matches("input, select, textarea, button")
    ? target
    : target.querySelector<HTMLElement>("input, select, textarea, button") ?? target;
  focusable.scrollIntoView({ block: "center" });
  focusable.focus();
}
