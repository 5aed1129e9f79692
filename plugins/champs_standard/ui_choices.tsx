/**
 * Choice inputs: single checkbox, Oui/Non, civilité, choix simple (radios when few options,
 * a list otherwise, « Autre » with free text), choix multiple, and two linked lists.
 */
import { createSignal, For, Show } from "solid-js";
import type { ChampInputProps, ChampTypeUi, OptionsEditorProps } from "../../ui/plugin_sdk.ts";
import {
  CheckOption,
  displayWith,
  LinesOption,
  type Options,
  opts,
  stringList,
  withOption,
} from "./ui_common.tsx";

/** Up to this many options, a choix simple shows radios; beyond, a list. */
const RADIOS_UP_TO = 5;
const OTHER = "__autre__";

/**
 * Radios of a group. The form wraps them in a fieldset whose legend is the label and which
 * carries the description and error (`aria-describedby`).
 */
function Radios(
  props: ChampInputProps & { items: readonly { value: unknown; label: string }[] },
) {
  return (
    <div class="choice-list">
      <For each={props.items}>
        {(item, i) => (
          <div class="check">
            <input
              type="radio"
              id={`${props.id}-${i()}`}
              name={props.id}
              checked={props.value === item.value}
              aria-invalid={props.invalid || undefined}
              onChange={() => props.onChange(item.value)}
            />
            <label for={`${props.id}-${i()}`}>{item.label}</label>
          </div>
        )}
      </For>
    </div>
  );
}

const ouiNon = displayWith((v) => v === true ? "Oui" : v === false ? "Non" : null);
const booleanCondition = { operand: "boolean" } as const;

export const yesNoUi: ChampTypeUi = {
  labelling: "fieldset",
  Input: (props) => (
    <Radios {...props} items={[{ value: true, label: "Oui" }, { value: false, label: "Non" }]} />
  ),
  Display: ouiNon,
  condition: booleanCondition,
};

export const checkboxUi: ChampTypeUi = {
  labelling: "self",
  Input: (props) => (
    <div class="check">
      <input
        type="checkbox"
        id={props.id}
        checked={props.value === true}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        aria-required={props.mandatory || undefined}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
    </div>
  ),
  Display: ouiNon,
  condition: booleanCondition,
};

export const civiliteUi: ChampTypeUi = {
  labelling: "fieldset",
  Input: (props) => (
    <Radios
      {...props}
      items={[{ value: "Madame", label: "Madame" }, { value: "Monsieur", label: "Monsieur" }]}
    />
  ),
  Display: displayWith((v) => String(v)),
};

const choicesOf = (options: unknown) => stringList(opts(options).choices);
const asList = (options: Options) => choicesOf(options).length > RADIOS_UP_TO;

function DropDownInput(props: ChampInputProps) {
  const choices = () => choicesOf(props.options);
  const other = () => opts(props.options).other === true;
  const value = () => typeof props.value === "string" ? props.value : "";
  // « Autre » is picked when the value is free text, or was just picked with nothing typed.
  const [otherPicked, setOtherPicked] = createSignal(
    value() !== "" && !choices().includes(value()),
  );
  const isOther = () =>
    other() && (otherPicked() || (value() !== "" && !choices().includes(value())));
  const pick = (v: string) => {
    setOtherPicked(v === OTHER);
    props.onChange(v === OTHER || v === "" ? null : v);
  };
  return (
    <>
      <Show
        when={asList(opts(props.options))}
        fallback={
          <Radios
            {...props}
            value={isOther() ? OTHER : value()}
            items={[
              ...choices().map((c) => ({ value: c, label: c })),
              ...(other() ? [{ value: OTHER, label: "Autre" }] : []),
            ]}
            onChange={(v) => pick(String(v))}
          />
        }
      >
        <select
          id={props.id}
          class="champ-input"
          aria-describedby={props.describedBy}
          aria-invalid={props.invalid || undefined}
          aria-required={props.mandatory || undefined}
          onChange={(e) => pick(e.currentTarget.value)}
        >
          <option value="" selected={value() === "" && !isOther()}>Choisissez une option</option>
          <For each={choices()}>
            {(c) => <option value={c} selected={!isOther() && value() === c}>{c}</option>}
          </For>
          <Show when={other()}>
            <option value={OTHER} selected={isOther()}>Autre</option>
          </Show>
        </select>
      </Show>
      <Show when={isOther()}>
        <div class="champ-other">
          <label for={`${props.id}-autre`}>Précisez votre réponse</label>
          <input
            id={`${props.id}-autre`}
            class="champ-input"
            type="text"
            value={choices().includes(value()) ? "" : value()}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
        </div>
      </Show>
    </>
  );
}

function ChoicesOptions(props: OptionsEditorProps & { other?: boolean }) {
  return (
    <>
      <LinesOption
        id={`${props.idPrefix}-choix`}
        label="Options proposées"
        hint="Une option par ligne, dans l’ordre où elles s’affichent."
        value={props.options.choices}
        onChange={(list) => props.onChange(withOption(props.options, "choices", list))}
      />
      <Show when={props.other}>
        <CheckOption
          id={`${props.idPrefix}-autre`}
          label="Proposer « Autre », avec une réponse libre"
          checked={props.options.other === true}
          onChange={(c) => props.onChange(withOption(props.options, "other", c || undefined))}
        />
      </Show>
    </>
  );
}

export const dropDownListUi: ChampTypeUi = {
  labelling: (options) => asList(options) ? "label" : "fieldset",
  Input: DropDownInput,
  Display: displayWith((v) => String(v)),
  OptionsEditor: (props) => <ChoicesOptions {...props} other />,
  condition: { operand: "enum", choices: (options) => choicesOf(options) },
};

export const multipleDropDownListUi: ChampTypeUi = {
  labelling: "fieldset",
  Input: (props) => {
    const picked = () => stringList(props.value);
    const toggle = (c: string, on: boolean) => {
      const next = on ? [...picked(), c] : picked().filter((p) => p !== c);
      props.onChange(choicesOf(props.options).filter((x) => next.includes(x)));
    };
    return (
      <div class="choice-list">
        <For each={choicesOf(props.options)}>
          {(c, i) => (
            <div class="check">
              <input
                type="checkbox"
                id={`${props.id}-${i()}`}
                checked={picked().includes(c)}
                aria-invalid={props.invalid || undefined}
                onChange={(e) => toggle(c, e.currentTarget.checked)}
              />
              <label for={`${props.id}-${i()}`}>{c}</label>
            </div>
          )}
        </For>
      </div>
    );
  },
  Display: displayWith((v) => stringList(v).join(", ") || null),
  OptionsEditor: ChoicesOptions,
  condition: { operand: "enums", choices: (options) => choicesOf(options) },
};

interface Pair {
  primary: string;
  secondary: string[];
}

function pairsOf(options: unknown): Pair[] {
  const list = opts(options).choices;
  return Array.isArray(list)
    ? list.filter((p) => p && typeof p === "object").map((p) => ({
      primary: String((p as Pair).primary ?? ""),
      secondary: stringList((p as Pair).secondary),
    }))
    : [];
}

function LinkedInput(props: ChampInputProps) {
  const value = () => {
    const v = props.value as { primary?: string; secondary?: string } | null;
    return { primary: v?.primary ?? "", secondary: v?.secondary ?? "" };
  };
  const secondaries = () =>
    pairsOf(props.options).find((p) => p.primary === value().primary)?.secondary ?? [];
  return (
    <div class="option-row">
      <div class="field field--compact">
        <label for={props.id}>Premier choix</label>
        <select
          id={props.id}
          class="champ-input"
          aria-invalid={props.invalid || undefined}
          onChange={(e) =>
            props.onChange(
              e.currentTarget.value ? { primary: e.currentTarget.value, secondary: "" } : null,
            )}
        >
          <option value="">Choisissez une option</option>
          <For each={pairsOf(props.options)}>
            {(p) => (
              <option value={p.primary} selected={p.primary === value().primary}>
                {p.primary}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show when={secondaries().length > 0}>
        <div class="field field--compact">
          <label for={`${props.id}-second`}>Second choix</label>
          <select
            id={`${props.id}-second`}
            class="champ-input"
            aria-invalid={props.invalid || undefined}
            onChange={(e) =>
              props.onChange({ primary: value().primary, secondary: e.currentTarget.value })}
          >
            <option value="">Choisissez une option</option>
            <For each={secondaries()}>
              {(s) => <option value={s} selected={s === value().secondary}>{s}</option>}
            </For>
          </select>
        </div>
      </Show>
    </div>
  );
}

/** `Région` then, indented, its `Département`s: one block per primary option. */
function LinkedOptions(props: OptionsEditorProps) {
  const toText = (pairs: Pair[]) =>
    pairs.map((p) => [p.primary, ...p.secondary.map((s) => `  ${s}`)].join("\n")).join("\n");
  const [text, setText] = createSignal(toText(pairsOf(props.options)));
  const parse = (t: string): Pair[] => {
    const pairs: Pair[] = [];
    for (const line of t.split("\n")) {
      if (line.trim() === "") continue;
      if (/^\s/.test(line) && pairs.length > 0) pairs.at(-1)!.secondary.push(line.trim());
      else pairs.push({ primary: line.trim(), secondary: [] });
    }
    return pairs;
  };
  const id = `${props.idPrefix}-paires`;
  return (
    <div class="field field--compact">
      <label for={id}>Options des deux listes</label>
      <div class="hint" id={`${id}-aide`}>
        Une option de la première liste par ligne ; en dessous, ses options de la seconde liste,
        chacune précédée d’une espace.
      </div>
      <textarea
        id={id}
        rows={7}
        class="mono"
        aria-describedby={`${id}-aide`}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value);
          props.onChange(withOption(props.options, "choices", parse(e.currentTarget.value)));
        }}
      />
    </div>
  );
}

export const linkedDropDownListUi: ChampTypeUi = {
  labelling: "fieldset",
  Input: LinkedInput,
  Display: displayWith((v) => {
    const p = v as { primary?: string; secondary?: string };
    return p.secondary ? `${p.primary} / ${p.secondary}` : p.primary ?? null;
  }),
  OptionsEditor: LinkedOptions,
};
