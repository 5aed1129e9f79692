/**
 * A labelled input with its hint and its error message, both tied to it by
 * `aria-describedby`. Inputs stay uncontrolled: forms read them with `FormData`. Fields are
 * required unless their label says "(facultatif)", so no asterisk is needed.
 */
import { type JSX, Show, splitProps } from "solid-js";

export interface FieldProps extends JSX.InputHTMLAttributes<HTMLInputElement> {
  readonly name: string;
  readonly label: string;
  readonly hint?: JSX.Element;
  readonly error?: string;
  /** Renders a `<textarea>` instead of an `<input>`. */
  readonly multiline?: boolean;
}

export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ["label", "hint", "error", "multiline", "id", "class"]);
  const id = () => own.id ?? `champ-${props.name}`;
  const describedBy = () =>
    [own.hint ? `${id()}-aide` : "", own.error ? `${id()}-erreur` : ""].filter(Boolean).join(" ") ||
    undefined;
  const shared = () => ({
    id: id(),
    "aria-describedby": describedBy(),
    "aria-invalid": own.error ? true : undefined,
  });
  return (
    <div class="field" classList={{ "field--error": !!own.error }}>
      <label for={id()}>{own.label}</label>
      <Show when={own.hint}>
        <div class="hint" id={`${id()}-aide`}>{own.hint}</div>
      </Show>
      <Show when={own.error}>
        <p class="field-error" id={`${id()}-erreur`}>{own.error}</p>
      </Show>
      <Show
        when={own.multiline}
        fallback={<input {...input} {...shared()} />}
      >
        <textarea
          {...(input as JSX.TextareaHTMLAttributes<HTMLTextAreaElement>)}
          {...shared()}
          rows={5}
        />
      </Show>
    </div>
  );
}
