/** Inputs typed as text: short and long text, e-mail, phone, IBAN, SIRET, formatted, numbers. */
import { createSignal, type JSX, Show } from "solid-js";
import type { ChampInputProps, ChampTypeUi, OptionsEditorProps } from "../../ui/plugin_sdk.ts";
import {
  CheckOption,
  describedBy,
  displayWith,
  frenchNumber,
  NumberOption,
  opts,
  parseNumber,
  TextOption,
  withOption,
} from "./ui_common.tsx";

const str = (value: unknown) => typeof value === "string" ? value : "";

/** A one-line input whose value is the text typed. */
function lineInput(attrs: JSX.InputHTMLAttributes<HTMLInputElement> = {}) {
  return (props: ChampInputProps) => (
    <input
      {...attrs}
      id={props.id}
      class="champ-input"
      value={str(props.value)}
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid || undefined}
      aria-required={props.mandatory || undefined}
      onInput={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}

const asText = displayWith((value) => String(value));

export const textUi: ChampTypeUi = { Input: lineInput({ type: "text" }), Display: asText };

function TextareaInput(props: ChampInputProps) {
  const max = () => {
    const m = opts(props.options).maxLength;
    return typeof m === "number" ? m : undefined;
  };
  const count = () => str(props.value).length;
  return (
    <>
      <textarea
        id={props.id}
        class="champ-input"
        rows={5}
        value={str(props.value)}
        aria-describedby={describedBy(props.describedBy, max() && `${props.id}-compteur`)}
        aria-invalid={props.invalid || (max() !== undefined && count() > max()!) || undefined}
        aria-required={props.mandatory || undefined}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <Show when={max()}>
        {(m) => (
          <p
            id={`${props.id}-compteur`}
            class="champ-counter"
            classList={{ "champ-counter--over": count() > m() }}
          >
            {count() > m()
              ? `${frenchNumber(count() - m())} caractère(s) en trop (maximum ${frenchNumber(m())})`
              : `${frenchNumber(count())} / ${frenchNumber(m())} caractères`}
          </p>
        )}
      </Show>
    </>
  );
}

export const textareaUi: ChampTypeUi = {
  Input: TextareaInput,
  Display: (props) => <p class="champ-display champ-display--multiline">{str(props.value)}</p>,
  OptionsEditor: (props: OptionsEditorProps) => (
    <NumberOption
      id={`${props.idPrefix}-max`}
      label="Nombre maximal de caractères (facultatif)"
      integer
      value={props.options.maxLength}
      onChange={(n) => props.onChange(withOption(props.options, "maxLength", n))}
    />
  ),
};

export const emailUi: ChampTypeUi = {
  Input: lineInput({ type: "email", autocomplete: "email", spellcheck: false }),
  Display: asText,
};

export const phoneUi: ChampTypeUi = {
  Input: lineInput({ type: "tel", autocomplete: "tel" }),
  Display: asText,
};

export const ibanUi: ChampTypeUi = {
  Input: lineInput({ type: "text", spellcheck: false, autocomplete: "off" }),
  Display: displayWith((v) => String(v).replace(/(.{4})(?=.)/g, "$1 ")),
};

export const siretUi: ChampTypeUi = {
  Input: lineInput({ type: "text", inputmode: "numeric", autocomplete: "off" }),
  Display: asText,
};

export const dossierLinkUi: ChampTypeUi = {
  Input: lineInput({ type: "text", inputmode: "numeric", autocomplete: "off" }),
  Display: displayWith((v) => `Dossier n° ${v}`),
};

/** The example a regex-mode formatted champ shows, under the input. */
function FormattedInput(props: ChampInputProps) {
  const example = () => {
    const o = opts(props.options);
    return o.mode === "regex" && typeof o.example === "string" && o.example ? o.example : null;
  };
  const Line = lineInput({ type: "text" });
  return (
    <>
      <Show when={example()}>
        <p class="hint" id={`${props.id}-exemple`}>Exemple : {example()}</p>
      </Show>
      <Line
        {...props}
        describedBy={describedBy(props.describedBy, example() && `${props.id}-exemple`)}
      />
    </>
  );
}

function FormattedOptions(props: OptionsEditorProps) {
  const mode = () => props.options.mode === "regex" ? "regex" : "simple";
  const flag = (key: string) => props.options[key] !== false;
  const set = (key: string, value: unknown) =>
    props.onChange(withOption(props.options, key, value));
  return (
    <>
      <fieldset class="choice-group">
        <legend>Format attendu</legend>
        <div class="check">
          <input
            type="radio"
            id={`${props.idPrefix}-simple`}
            name={`${props.idPrefix}-mode`}
            checked={mode() === "simple"}
            onChange={() => props.onChange({ mode: "simple" })}
          />
          <label for={`${props.idPrefix}-simple`}>Simple (sortes de caractères, longueur)</label>
        </div>
        <div class="check">
          <input
            type="radio"
            id={`${props.idPrefix}-regex`}
            name={`${props.idPrefix}-mode`}
            checked={mode() === "regex"}
            onChange={() => props.onChange({ mode: "regex", pattern: "", example: "" })}
          />
          <label for={`${props.idPrefix}-regex`}>Expression régulière</label>
        </div>
      </fieldset>
      <Show
        when={mode() === "regex"}
        fallback={
          <>
            <fieldset class="choice-group">
              <legend>Caractères acceptés</legend>
              <CheckOption
                id={`${props.idPrefix}-lettres`}
                label="Lettres"
                checked={flag("letters")}
                onChange={(c) => set("letters", c)}
              />
              <CheckOption
                id={`${props.idPrefix}-chiffres`}
                label="Chiffres"
                checked={flag("digits")}
                onChange={(c) => set("digits", c)}
              />
              <CheckOption
                id={`${props.idPrefix}-speciaux`}
                label="Caractères spéciaux (- / @ …)"
                checked={flag("special")}
                onChange={(c) => set("special", c)}
              />
            </fieldset>
            <div class="option-row">
              <NumberOption
                id={`${props.idPrefix}-min`}
                label="Longueur minimale (facultatif)"
                integer
                value={props.options.minLength}
                onChange={(n) => set("minLength", n)}
              />
              <NumberOption
                id={`${props.idPrefix}-max`}
                label="Longueur maximale (facultatif)"
                integer
                value={props.options.maxLength}
                onChange={(n) => set("maxLength", n)}
              />
            </div>
          </>
        }
      >
        <TextOption
          id={`${props.idPrefix}-motif`}
          label="Expression régulière"
          hint="Par exemple [0-9]{5} pour cinq chiffres. La valeur entière doit correspondre. Syntaxe RE2 : ni références arrière (\1) ni assertions (?=…)."
          value={props.options.pattern}
          onChange={(s) => set("pattern", s)}
        />
        <TextOption
          id={`${props.idPrefix}-exemple`}
          label="Exemple de valeur attendue"
          value={props.options.example}
          onChange={(s) => set("example", s)}
        />
        <TextOption
          id={`${props.idPrefix}-message`}
          label="Message si la valeur ne convient pas (facultatif)"
          value={props.options.message}
          onChange={(s) => set("message", s)}
        />
      </Show>
    </>
  );
}

export const formattedUi: ChampTypeUi = {
  Input: FormattedInput,
  Display: asText,
  OptionsEditor: FormattedOptions,
};

/**
 * A number typed the French way. The value sent is a number once the text reads as one
 * (so conditions compare numbers), the raw text otherwise (so the check can say why).
 */
function numberInput(integer: boolean) {
  return (props: ChampInputProps) => {
    const initial = typeof props.value === "number"
      ? String(props.value).replace(".", ",")
      : str(props.value);
    const [text, setText] = createSignal(initial);
    return (
      <input
        id={props.id}
        class="champ-input champ-input--short"
        type="text"
        inputmode={integer ? "numeric" : "decimal"}
        value={text()}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        aria-required={props.mandatory || undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          const n = parseNumber(e.currentTarget.value);
          props.onChange(n === undefined ? null : Number.isNaN(n) ? e.currentTarget.value : n);
        }}
      />
    );
  };
}

function NumberOptions(props: OptionsEditorProps) {
  const set = (key: string, value: unknown) =>
    props.onChange(withOption(props.options, key, value));
  return (
    <>
      <div class="option-row">
        <NumberOption
          id={`${props.idPrefix}-min`}
          label="Minimum (facultatif)"
          value={props.options.min}
          onChange={(n) => set("min", n)}
        />
        <NumberOption
          id={`${props.idPrefix}-max`}
          label="Maximum (facultatif)"
          value={props.options.max}
          onChange={(n) => set("max", n)}
        />
      </div>
      <CheckOption
        id={`${props.idPrefix}-positif`}
        label="Refuser les nombres négatifs"
        checked={props.options.positive === true}
        onChange={(c) => set("positive", c || undefined)}
      />
    </>
  );
}

const numberDisplay = displayWith((v) => typeof v === "number" ? frenchNumber(v) : String(v));
const numberCondition = { operand: "number" } as const;

export const integerNumberUi: ChampTypeUi = {
  Input: numberInput(true),
  Display: numberDisplay,
  OptionsEditor: NumberOptions,
  condition: numberCondition,
};

export const decimalNumberUi: ChampTypeUi = {
  Input: numberInput(false),
  Display: numberDisplay,
  OptionsEditor: NumberOptions,
  condition: numberCondition,
};
