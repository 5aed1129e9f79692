/**
 * Pieces shared by the standard champ UIs: reading options loosely (the editor may hold a
 * half-made form), French numbers, and the small controls option editors are made of.
 */
import { createSignal, type JSX } from "solid-js";
import type { ChampDisplayProps } from "../../ui/plugin_sdk.ts";

export type Options = Readonly<Record<string, unknown>>;

/** The options as a record, whatever arrived. */
export function opts(options: unknown): Options {
  return options && typeof options === "object" ? options as Options : {};
}

/** A string list option (`choices`), tolerant of a half-made form. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((c): c is string => typeof c === "string") : [];
}

/** Options with `key` set, or removed when `value` is undefined. */
export function withOption(options: Options, key: string, value: unknown): Record<string, unknown> {
  const next: Record<string, unknown> = { ...options };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Reads `1 234,5` or `1234.5`; undefined when blank, NaN when not a number. */
export function parseNumber(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (compact === "") return undefined;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(compact) ? Number(compact) : NaN;
}

const NUMBER = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 10 });

export function frenchNumber(value: number): string {
  return NUMBER.format(value);
}

/** `aria-describedby` joining what is given. */
export function describedBy(...ids: (string | undefined | null | false | 0)[]): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

/** A read-only value as text; a blank value shows « Non renseigné ». */
export function TextDisplay(props: { text: string | null }) {
  return (
    <span class="champ-display">
      {props.text === null || props.text === "" ? <em>Non renseigné</em> : props.text}
    </span>
  );
}

/** A Display component from a function that writes a value as text. */
export function displayWith(toText: (value: unknown, options: Options) => string | null) {
  return (props: ChampDisplayProps) => (
    <TextDisplay
      text={props.value === null || props.value === undefined
        ? null
        : toText(props.value, opts(props.options))}
    />
  );
}

/** A number option (min, max…): blank removes it. */
export function NumberOption(
  props: {
    id: string;
    label: string;
    value: unknown;
    hint?: string;
    integer?: boolean;
    onChange(value: number | undefined): void;
  },
) {
  const [text, setText] = createSignal(
    typeof props.value === "number" ? String(props.value).replace(".", ",") : "",
  );
  const bad = () => {
    const n = parseNumber(text());
    return n !== undefined && (Number.isNaN(n) || (props.integer && !Number.isInteger(n)));
  };
  return (
    <div class="field field--compact" classList={{ "field--error": bad() }}>
      <label for={props.id}>{props.label}</label>
      {props.hint && <div class="hint" id={`${props.id}-aide`}>{props.hint}</div>}
      {bad() && (
        <p class="field-error" id={`${props.id}-erreur`}>
          {props.integer ? "Indiquez un nombre entier." : "Indiquez un nombre."}
        </p>
      )}
      <input
        id={props.id}
        type="text"
        inputmode={props.integer ? "numeric" : "decimal"}
        value={text()}
        aria-invalid={bad() || undefined}
        aria-describedby={describedBy(
          props.hint && `${props.id}-aide`,
          bad() && `${props.id}-erreur`,
        )}
        onInput={(e) => {
          setText(e.currentTarget.value);
          const n = parseNumber(e.currentTarget.value);
          if (n === undefined || !Number.isNaN(n)) props.onChange(n);
        }}
      />
    </div>
  );
}

/** A yes/no option as a checkbox with its label beside it. */
export function CheckOption(
  props: { id: string; label: string; checked: boolean; onChange(checked: boolean): void },
) {
  return (
    <div class="check">
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

/** A text (or multi-line text) option. */
export function TextOption(
  props: {
    id: string;
    label: string;
    value: unknown;
    hint?: string;
    type?: string;
    multiline?: boolean;
    onChange(value: string): void;
  },
) {
  const common = (): JSX.InputHTMLAttributes<HTMLInputElement> => ({
    id: props.id,
    "aria-describedby": props.hint ? `${props.id}-aide` : undefined,
  });
  return (
    <div class="field field--compact">
      <label for={props.id}>{props.label}</label>
      {props.hint && <div class="hint" id={`${props.id}-aide`}>{props.hint}</div>}
      {props.multiline
        ? (
          <textarea
            {...common() as JSX.TextareaHTMLAttributes<HTMLTextAreaElement>}
            rows={4}
            value={typeof props.value === "string" ? props.value : ""}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
        )
        : (
          <input
            {...common()}
            type={props.type ?? "text"}
            value={typeof props.value === "string" ? props.value : ""}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
        )}
    </div>
  );
}

/**
 * A list of options typed one per line. The text is kept as typed (blank lines included,
 * so Enter works); the list sent is trimmed, without blank lines.
 */
export function LinesOption(
  props: {
    id: string;
    label: string;
    hint?: string;
    value: unknown;
    onChange(list: string[]): void;
  },
) {
  const [text, setText] = createSignal(stringList(props.value).join("\n"));
  return (
    <div class="field field--compact">
      <label for={props.id}>{props.label}</label>
      <div class="hint" id={`${props.id}-aide`}>{props.hint ?? "Une option par ligne."}</div>
      <textarea
        id={props.id}
        rows={5}
        aria-describedby={`${props.id}-aide`}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value);
          props.onChange(
            e.currentTarget.value.split("\n").map((l) => l.trim()).filter((l) => l !== ""),
          );
        }}
      />
    </div>
  );
}
