/**
 * One champ of a form as the usager sees it: label (or legend), description, error, and the
 * champ type's `Input`; structure champs show their `Display`. Fields are required unless
 * their label says « (facultatif) », as everywhere in Guichet.
 */
import { type JSX, Match, Show, Switch } from "solid-js";
import { Dynamic } from "solid-js/web";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { type ChampTypeUi, type Labelling, pluginRegistry } from "../../plugin_registry.ts";

export interface ChampFieldProps {
  readonly champ: ChampDescriptor;
  readonly id: string;
  readonly value: unknown;
  readonly error?: string;
  onChange(value: unknown): void;
}

/** The type's UI; a type without one gets a plain text input, so every champ can be filled. */
export function uiOf(type: string): ChampTypeUi {
  return pluginRegistry.champType(type) ?? {};
}

function labellingOf(ui: ChampTypeUi, options: Readonly<Record<string, unknown>>): Labelling {
  const l = ui.labelling;
  return typeof l === "function" ? l(options) : l ?? "label";
}

function FallbackInput(props: { id: string; value: unknown; onChange(v: unknown): void }) {
  return (
    <input
      id={props.id}
      class="champ-input"
      type="text"
      value={typeof props.value === "string" ? props.value : ""}
      onInput={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}

export function ChampField(props: ChampFieldProps) {
  const ui = () => uiOf(props.champ.type);
  const options = () => props.champ.options ?? {};
  const label = () => `${props.champ.label}${props.champ.mandatory ? "" : " (facultatif)"}`;
  const descId = () => props.champ.description ? `${props.id}-description` : undefined;
  const errId = () => props.error ? `${props.id}-erreur` : undefined;
  const describedBy = () => [descId(), errId()].filter(Boolean).join(" ") || undefined;
  const extras = (): JSX.Element => (
    <>
      <Show when={props.champ.description}>
        <p class="hint champ-description" id={descId()}>{props.champ.description}</p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={errId()}>{props.error}</p>
      </Show>
    </>
  );
  const input = (withLabel: boolean) => (
    <Dynamic
      component={ui().Input ?? FallbackInput}
      id={props.id}
      stableId={props.champ.stableId}
      value={props.value}
      options={options()}
      label={withLabel ? label() : undefined}
      describedBy={describedBy()}
      invalid={!!props.error}
      mandatory={props.champ.mandatory}
      onChange={props.onChange}
    />
  );
  return (
    <Switch>
      <Match when={ui().fillable === false}>
        <Show
          when={ui().Display}
          fallback={<p class="champ-explication__title">{props.champ.label}</p>}
        >
          {(Display) => (
            <Dynamic
              component={Display()}
              value={null}
              options={options()}
              label={props.champ.label}
              description={props.champ.description}
            />
          )}
        </Show>
      </Match>
      <Match when={labellingOf(ui(), options()) === "fieldset"}>
        <fieldset
          class="field champ-fieldset"
          classList={{ "field--error": !!props.error }}
          aria-describedby={describedBy()}
        >
          <legend>{label()}</legend>
          {extras()}
          {input(false)}
        </fieldset>
      </Match>
      <Match when={labellingOf(ui(), options()) === "self"}>
        <div class="field" classList={{ "field--error": !!props.error }}>
          {extras()}
          {input(true)}
        </div>
      </Match>
      <Match when>
        <div class="field" classList={{ "field--error": !!props.error }}>
          <label for={props.id}>{label()}</label>
          {extras()}
          {input(false)}
        </div>
      </Match>
    </Switch>
  );
}
