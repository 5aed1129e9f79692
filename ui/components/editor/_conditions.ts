/**
 * The condition editor's model: a condition read as a flat list of rules joined by « toutes »
 * (and) or « au moins une » (or), the French operators each source offers, and summaries.
 * Pure: the champ types' condition descriptions are passed in.
 */
import type { Condition } from "../../../core/shared/conditions.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import type { ConditionSourceUi } from "../../plugin_registry.ts";

export type RuleValue = string | number | boolean | null;

/** One line of « Afficher ce champ si… »; blank parts are still to be chosen. */
export interface Rule {
  readonly source: string;
  /** An operator key: `eq`, `lt`, `eq:departement`… */
  readonly operator: string;
  readonly value: RuleValue;
}

export interface Rules {
  readonly combinator: "and" | "or";
  readonly rules: readonly Rule[];
}

/** How the compared value is picked. */
export type ValueKind =
  | { readonly kind: "none" }
  | { readonly kind: "boolean" }
  | { readonly kind: "number" }
  | { readonly kind: "choice"; readonly choices: readonly string[] }
  | { readonly kind: "type"; readonly type: string };

export interface Operator {
  readonly key: string;
  readonly label: string;
  readonly op: Condition["op"];
  readonly path?: string;
  readonly value: ValueKind;
}

const NONE = { kind: "none" } as const;
const empty = (label = "est vide"): Operator => ({ key: "empty", label, op: "empty", value: NONE });

/** The operators a source offers, in French, as démarches-simplifiées names them. */
export function operatorsFor(champ: ChampDescriptor, source: ConditionSourceUi): Operator[] {
  const ops: Operator[] = [];
  const choices = source.choices?.(champ.options ?? {});
  const picked: ValueKind = choices
    ? { kind: "choice", choices }
    : source.valueType
    ? { kind: "type", type: source.valueType }
    : { kind: "none" };
  switch (source.operand) {
    case "boolean":
      ops.push({ key: "eq", label: "est", op: "eq", value: { kind: "boolean" } });
      ops.push(empty("n’est pas renseigné"));
      break;
    case "number": {
      const number = { kind: "number" } as const;
      ops.push(
        { key: "eq", label: "est égal à", op: "eq", value: number },
        { key: "neq", label: "est différent de", op: "neq", value: number },
        { key: "lt", label: "est inférieur à", op: "lt", value: number },
        { key: "lte", label: "est inférieur ou égal à", op: "lte", value: number },
        { key: "gt", label: "est supérieur à", op: "gt", value: number },
        { key: "gte", label: "est supérieur ou égal à", op: "gte", value: number },
        empty(),
      );
      break;
    }
    case "enum":
      ops.push(
        { key: "eq", label: "est", op: "eq", value: picked },
        { key: "neq", label: "n’est pas", op: "neq", value: picked },
      );
      if (!source.paths) ops.push(empty());
      break;
    case "enums":
      ops.push({ key: "includes", label: "contient", op: "includes", value: picked }, empty());
      break;
  }
  for (const p of source.paths ?? []) {
    const value = { kind: "type", type: p.valueType } as const;
    ops.push(
      { key: `eq:${p.path}`, label: `est ${p.label}`, op: "eq", path: p.path, value },
      { key: `neq:${p.path}`, label: `n’est pas ${p.label}`, op: "neq", path: p.path, value },
    );
  }
  if (source.paths) ops.push(empty());
  return ops;
}

/** The rules of a condition, or null when it is nested deeper than the editor shows. */
export function rulesOf(condition: Condition | null | undefined): Rules | null {
  if (!condition) return { combinator: "and", rules: [] };
  const flat = "conditions" in condition ? condition.conditions : [condition];
  const rules: Rule[] = [];
  for (const c of flat) {
    if ("conditions" in c) return null;
    const [source, path] = c.champ.split(".");
    rules.push({
      source,
      operator: c.op === "empty" ? "empty" : path ? `${c.op}:${path}` : c.op,
      value: c.op === "empty" ? null : c.value,
    });
  }
  return { combinator: condition.op === "or" ? "or" : "and", rules };
}

/** Whether a rule has its source, operator and value. */
export function isComplete(rule: Rule): boolean {
  if (!rule.source || !rule.operator) return false;
  if (rule.operator === "empty") return true;
  if (typeof rule.value === "number") return Number.isFinite(rule.value);
  return rule.value !== null && rule.value !== "";
}

/** The condition of complete rules; null when there is none. */
export function conditionOf(rules: Rules): Condition | null {
  const parts: Condition[] = rules.rules.filter(isComplete).map((r) => {
    const [op, path] = r.operator.split(":");
    const champ = path ? `${r.source}.${path}` : r.source;
    return op === "empty"
      ? { op: "empty", champ }
      : { op: op as Exclude<Condition["op"], "empty" | "and" | "or">, champ, value: r.value! };
  });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : { op: rules.combinator, conditions: parts };
}

/** How a compared value reads in a summary. */
export function valueText(value: RuleValue): string {
  if (value === true) return "Oui";
  if (value === false) return "Non";
  return typeof value === "number" ? String(value).replace(".", ",") : `« ${value ?? ""} »`;
}

/**
 * « Affiché si « Âge » est supérieur à 18 et « Nationalité » est « FR » ». Unknown sources
 * and operators read as they are stored, so nothing is hidden from the administrator.
 */
export function summary(
  condition: Condition | null | undefined,
  labelOf: (stableId: string) => string | undefined,
  operatorLabel: (source: string, key: string) => string | undefined,
): string | null {
  const rules = rulesOf(condition);
  if (!condition) return null;
  if (!rules) return "Affiché selon une condition avancée";
  const parts = rules.rules.map((r) => {
    const label = labelOf(r.source) ?? r.source;
    const op = operatorLabel(r.source, r.operator) ?? r.operator;
    return r.operator === "empty"
      ? `« ${label} » ${op}`
      : `« ${label} » ${op} ${valueText(r.value)}`;
  });
  return `Affiché si ${parts.join(rules.combinator === "and" ? " et " : " ou ")}`;
}
