/**
 * The two field kinds `Field` does not cover: a `<select>`, and a group of radio buttons
 * each explained by a hint. Same conventions: label, hint and error tied to the input,
 * uncontrolled (read with `FormData`).
 */
import { For, type JSX, Show, splitProps } from "solid-js";

export interface Option {
  readonly value: string;
  readonly label: string;
  readonly explanation?: string;
}

export interface SelectFieldProps extends JSX.SelectHTMLAttributes<HTMLSelectElement> {
  readonly name: string;
  readonly label: string;
  readonly options: readonly Option[];
  readonly hint?: JSX.Element;
  readonly error?: string;
}

export function SelectField(props: SelectFieldProps) {
  const [own, select] = splitProps(props, ["label", "options", "hint", "error", "id", "value"]);
  const id = () => own.id ?? `champ-${props.name}`;
  const describedBy = () =>
    [own.hint ? `${id()}-aide` : "", own.error ? `${id()}-erreur` : ""].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div class="field" classList={{ "field--error": !!own.error }}>
      <label for={id()}>{own.label}</label>
      <Show when={own.hint}>
        <div class="hint" id={`${id()}-aide`}>{own.hint}</div>
      </Show>
      <Show when={own.error}>
        <p class="field-error" id={`${id()}-erreur`}>{own.error}</p>
      </Show>
      <select
        {...select}
        id={id()}
        aria-describedby={describedBy()}
        aria-invalid={own.error ? true : undefined}
      >
        <For each={own.options}>
          {(o) => <option value={o.value} selected={o.value === own.value}>{o.label}</option>}
        </For>
      </select>
    </div>
  );
}

export function RadioGroup(props: {
  name: string;
  legend: string;
  options: readonly Option[];
  value: string;
  hint?: JSX.Element;
  error?: string;
}) {
  const id = (value: string) => `champ-${props.name}-${value}`;
  return (
    <fieldset
      class="fieldset"
      classList={{ "field--error": !!props.error }}
      aria-describedby={[
        props.hint ? `champ-${props.name}-aide` : "",
        props.error ? `champ-${props.name}-erreur` : "",
      ]
        .filter(Boolean).join(" ") || undefined}
    >
      <legend>{props.legend}</legend>
      <Show when={props.hint}>
        <div class="hint" id={`champ-${props.name}-aide`}>{props.hint}</div>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`champ-${props.name}-erreur`}>{props.error}</p>
      </Show>
      <For each={props.options}>
        {(o) => (
          <div class="choice">
            <input
              type="radio"
              id={id(o.value)}
              name={props.name}
              value={o.value}
              checked={o.value === props.value}
              aria-describedby={o.explanation ? `${id(o.value)}-aide` : undefined}
            />
            <label for={id(o.value)}>{o.label}</label>
            <Show when={o.explanation}>
              <p class="hint" id={`${id(o.value)}-aide`}>{o.explanation}</p>
            </Show>
          </div>
        )}
      </For>
    </fieldset>
  );
}
