/**
 * « Afficher ce champ si… »: rules on earlier champs, joined by « toutes » or « au moins
 * une ». Each rule picks a source among the earlier champs that can be one, an operator in
 * French, and a value (a choice, a number, Oui/Non, or a territory picked by its combobox).
 */
import { createSignal, For, Index, Match, Show, Switch } from "solid-js";
import { Dynamic } from "solid-js/web";
import type { Condition } from "../../../core/shared/conditions.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { pluginRegistry } from "../../plugin_registry.ts";
import {
  conditionOf,
  isComplete,
  type Operator,
  operatorsFor,
  type Rule,
  type Rules,
  rulesOf,
} from "./_conditions.ts";

export interface ConditionEditorProps {
  readonly idPrefix: string;
  readonly condition: Condition | null | undefined;
  /** Champs placed before this one (all of them for an annotation: public champs first). */
  readonly before: readonly ChampDescriptor[];
  onChange(condition: Condition | null, complete: boolean): void;
}

/** The earlier champs that can be a condition source, with their operators. */
export function sourcesAmong(before: readonly ChampDescriptor[]) {
  return before.flatMap((champ) => {
    const source = pluginRegistry.champType(champ.type)?.condition;
    return source ? [{ champ, operators: operatorsFor(champ, source) }] : [];
  });
}

export function ConditionEditor(props: ConditionEditorProps) {
  // Rules are kept here while incomplete; the condition sent holds the complete ones.
  const [rules, setRules] = createSignal<Rules>(
    rulesOf(props.condition) ?? { combinator: "and", rules: [] },
  );
  const advanced = rulesOf(props.condition) === null;
  const sources = () => sourcesAmong(props.before);
  const operatorsOf = (source: string): Operator[] =>
    sources().find((s) => s.champ.stableId === source)?.operators ?? [];

  const update = (next: Rules) => {
    setRules(next);
    props.onChange(conditionOf(next), next.rules.every(isComplete));
  };
  const setRule = (i: number, rule: Rule) =>
    update({ ...rules(), rules: rules().rules.map((r, j) => (j === i ? rule : r)) });

  return (
    <fieldset class="condition-editor">
      <legend>Affichage conditionnel</legend>
      <Show when={advanced}>
        <p class="hint">
          Ce champ a une condition avancée (importée) : la modifier ici la remplacera.
        </p>
      </Show>
      <Show
        when={sources().length > 0}
        fallback={
          <p class="hint">
            Aucun champ placé avant celui-ci ne peut servir de condition (Oui/Non, case à cocher,
            nombre, choix, territoire).
          </p>
        }
      >
        <Show
          when={rules().rules.length > 0}
          fallback={<p class="hint">Ce champ est toujours affiché.</p>}
        >
          <Show when={rules().rules.length > 1}>
            <div class="field field--compact">
              <label for={`${props.idPrefix}-combinaison`}>Afficher ce champ si</label>
              <select
                id={`${props.idPrefix}-combinaison`}
                onChange={(e) =>
                  update({ ...rules(), combinator: e.currentTarget.value as "and" | "or" })}
              >
                <option value="and" selected={rules().combinator === "and"}>
                  toutes les règles sont vraies
                </option>
                <option value="or" selected={rules().combinator === "or"}>
                  au moins une règle est vraie
                </option>
              </select>
            </div>
          </Show>
          <Show when={rules().rules.length === 1}>
            <p class="condition-editor__lead">Afficher ce champ si :</p>
          </Show>
          <ol class="rules">
            <Index each={rules().rules}>
              {(rule, i) => {
                const id = () => `${props.idPrefix}-regle-${i}`;
                const operator = () =>
                  operatorsOf(rule().source).find((o) => o.key === rule().operator);
                return (
                  <li class="rules__item">
                    <div class="rule" role="group" aria-label={`Règle ${i + 1}`}>
                      <div class="field field--compact">
                        <label for={`${id()}-source`}>Champ</label>
                        <select
                          id={`${id()}-source`}
                          onChange={(e) =>
                            setRule(i, {
                              source: e.currentTarget.value,
                              operator: operatorsOf(e.currentTarget.value)[0]?.key ?? "",
                              value: null,
                            })}
                        >
                          <option value="" selected={!rule().source}>Choisissez un champ</option>
                          <For each={sources()}>
                            {(s) => (
                              <option
                                value={s.champ.stableId}
                                selected={s.champ.stableId === rule().source}
                              >
                                {s.champ.label}
                              </option>
                            )}
                          </For>
                        </select>
                      </div>
                      <div class="field field--compact">
                        <label for={`${id()}-operateur`}>Opérateur</label>
                        <select
                          id={`${id()}-operateur`}
                          disabled={!rule().source}
                          onChange={(e) =>
                            setRule(i, { ...rule(), operator: e.currentTarget.value, value: null })}
                        >
                          <For each={operatorsOf(rule().source)}>
                            {(o) => (
                              <option value={o.key} selected={o.key === rule().operator}>
                                {o.label}
                              </option>
                            )}
                          </For>
                        </select>
                      </div>
                      <Show when={operator()}>
                        {(op) => (
                          <RuleValueInput
                            id={`${id()}-valeur`}
                            operator={op()}
                            value={rule().value}
                            onChange={(value) => setRule(i, { ...rule(), value })}
                          />
                        )}
                      </Show>
                      <button
                        type="button"
                        class="link-button rule__remove"
                        onClick={() =>
                          update({ ...rules(), rules: rules().rules.filter((_, j) => j !== i) })}
                      >
                        Retirer<span class="visually-hidden">la règle {i + 1}</span>
                      </button>
                      <Show when={rule().source && !isComplete(rule())}>
                        <p class="field-error rule__missing">Choisissez la valeur comparée.</p>
                      </Show>
                    </div>
                  </li>
                );
              }}
            </Index>
          </ol>
        </Show>
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() =>
            update({
              ...rules(),
              rules: [...rules().rules, { source: "", operator: "", value: null }],
            })}
        >
          {rules().rules.length === 0 ? "Ajouter une condition" : "Ajouter une règle"}
        </button>
      </Show>
    </fieldset>
  );
}

function RuleValueInput(
  props: {
    id: string;
    operator: Operator;
    value: unknown;
    onChange(v: string | number | boolean | null): void;
  },
) {
  const kind = () => props.operator.value;
  return (
    <Switch>
      <Match when={kind().kind === "boolean"}>
        <div class="field field--compact">
          <label for={props.id}>Valeur</label>
          <select
            id={props.id}
            onChange={(e) =>
              props.onChange(e.currentTarget.value === "" ? null : e.currentTarget.value === "oui")}
          >
            <option value="" selected={props.value === null}>Choisissez</option>
            <option value="oui" selected={props.value === true}>Oui</option>
            <option value="non" selected={props.value === false}>Non</option>
          </select>
        </div>
      </Match>
      <Match when={kind().kind === "number"}>
        <div class="field field--compact">
          <label for={props.id}>Valeur</label>
          <input
            id={props.id}
            type="text"
            inputmode="decimal"
            value={typeof props.value === "number" ? String(props.value).replace(".", ",") : ""}
            onInput={(e) => {
              const t = e.currentTarget.value.replace(/\s/g, "").replace(",", ".");
              props.onChange(t === "" || Number.isNaN(Number(t)) ? null : Number(t));
            }}
          />
        </div>
      </Match>
      <Match when={kind().kind === "choice" && kind() as { choices: readonly string[] }}>
        {(k) => (
          <div class="field field--compact">
            <label for={props.id}>Valeur</label>
            <select
              id={props.id}
              onChange={(e) => props.onChange(e.currentTarget.value || null)}
            >
              <option value="" selected={!props.value}>Choisissez</option>
              <For each={k().choices}>
                {(c) => <option value={c} selected={c === props.value}>{c}</option>}
              </For>
            </select>
          </div>
        )}
      </Match>
      <Match
        when={kind().kind === "type" &&
          pluginRegistry.champType((kind() as { type: string }).type)?.Input}
      >
        {(Input) => (
          <div class="field field--compact">
            <label for={props.id}>Valeur</label>
            <Dynamic
              component={Input()}
              id={props.id}
              value={props.value}
              options={{}}
              onChange={(v: unknown) => props.onChange(typeof v === "string" ? v : null)}
            />
          </div>
        )}
      </Match>
    </Switch>
  );
}
