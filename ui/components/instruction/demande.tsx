/**
 * The demande as the usager filled it, read-only: each visible champ with its type's
 * `Display`, repetition blocks row by row, and attached files as download links. Champs
 * the usager changed in their latest re-deposit carry a « Modifié » badge.
 */
import { For, type JSX, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { visibility } from "../../../core/shared/visibility.ts";
import { pluginRegistry } from "../../plugin_registry.ts";

type Values = Readonly<Record<string, unknown>>;
type Child = NonNullable<ChampDescriptor["children"]>[number];

interface AttachedFile {
  readonly fileId: string;
  readonly filename: string;
  readonly size?: number;
}

function attachedFiles(value: unknown): AttachedFile[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const ok = value.every((f) =>
    f && typeof f === "object" && typeof f.fileId === "string" && typeof f.filename === "string"
  );
  return ok ? value as AttachedFile[] : null;
}

const kilobytes = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });

/** Files the instructeur may open: `/files/:id` checks they instruct the dossier. */
function FileLinks(props: { files: readonly AttachedFile[] }) {
  return (
    <ul class="champ-files">
      <For each={props.files}>
        {(f) => (
          <li>
            <a href={`/files/${encodeURIComponent(f.fileId)}`} download={f.filename}>
              {f.filename}
            </a>
            <Show when={typeof f.size === "number"}>
              {" "}
              <span class="champ-files__size">
                ({kilobytes.format(Math.max(1, Math.round((f.size ?? 0) / 1024)))} Ko)
              </span>
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}

function Blank() {
  return <em class="champ-blank">Non renseigné</em>;
}

/** One value with its type's Display; a type without a UI shows the value as text. */
export function ChampValue(props: { champ: Child; value: unknown }): JSX.Element {
  const ui = () => pluginRegistry.champType(props.champ.type);
  const files = () => attachedFiles(props.value);
  return (
    <Show when={!files()} fallback={<FileLinks files={files()!} />}>
      <Show
        when={ui()?.Display}
        fallback={props.value === null || props.value === undefined || props.value === ""
          ? <Blank />
          : <span class="champ-display">{String(props.value)}</span>}
      >
        {(Display) => (
          <Dynamic
            component={Display()}
            value={props.value ?? null}
            options={props.champ.options ?? {}}
            label={props.champ.label}
            description={props.champ.description}
          />
        )}
      </Show>
    </Show>
  );
}

function Item(props: { champ: Child; value: unknown; changed?: boolean }) {
  const ui = () => pluginRegistry.champType(props.champ.type);
  return (
    <Show
      when={ui()?.fillable !== false}
      fallback={<ChampValue champ={props.champ} value={null} />}
    >
      <div class="champ-read">
        <p class="champ-read__label">
          {props.champ.label}
          <Show when={props.changed}>
            {" "}
            <span class="badge badge--modele">
              Modifié<span class="visually-hidden">
                {" "}lors du dernier dépôt de modifications
              </span>
            </span>
          </Show>
        </p>
        <div class="champ-read__value">
          <ChampValue champ={props.champ} value={props.value} />
        </div>
      </div>
    </Show>
  );
}

function Repetition(props: { champ: ChampDescriptor; value: unknown; outer: Values }) {
  const rows = () => Array.isArray(props.value) ? props.value as Values[] : [];
  const children = () => props.champ.children ?? [];
  return (
    <section class="champ-repetition" aria-label={props.champ.label}>
      <p class="champ-read__label">{props.champ.label}</p>
      <Show when={rows().length > 0} fallback={<Blank />}>
        <ol class="champ-repetition__rows">
          <For each={rows()}>
            {(row, i) => {
              const shown = () => visibility(children(), row, props.outer).visible;
              return (
                <li class="champ-repetition__row">
                  <p class="champ-repetition__title">Ligne {i() + 1}</p>
                  <For each={children().filter((c) => shown().has(c.stableId))}>
                    {(child) => <Item champ={child} value={row[child.stableId]} />}
                  </For>
                </li>
              );
            }}
          </For>
        </ol>
      </Show>
    </section>
  );
}

/** Every visible champ of `champs`, read-only; those in `changed` marked « Modifié ». */
export function ReadOnlyChamps(
  props: {
    champs: readonly ChampDescriptor[];
    values: Values;
    empty: string;
    changed?: readonly string[];
  },
) {
  const state = () => visibility(props.champs, props.values);
  return (
    <Show when={props.champs.length > 0} fallback={<p class="empty">{props.empty}</p>}>
      <div class="champs-read">
        <For each={props.champs.filter((c) => state().visible.has(c.stableId))}>
          {(champ) => (
            <Show
              when={pluginRegistry.champType(champ.type)?.container}
              fallback={
                <Item
                  champ={champ}
                  value={props.values[champ.stableId]}
                  changed={props.changed?.includes(champ.stableId)}
                />
              }
            >
              <Repetition
                champ={champ}
                value={props.values[champ.stableId]}
                outer={state().seen}
              />
            </Show>
          )}
        </For>
      </div>
    </Show>
  );
}
