/**
 * A démarche's form checked against the installed champ types: validateForm and the routing
 * rules. The descriptors themselves are core/shared/form.ts. Pure: the registry is passed in.
 */
import * as v from "valibot";
import type { ChampType, ConditionOperand } from "../plugin_sdk/types.ts";
import type { Registry } from "../plugin_host/host.ts";
import { comparisonsOf, type Condition } from "../shared/conditions.ts";
import type { ChampDescriptor, Form, FormIssue } from "../shared/form.ts";

const OPS_FOR: Record<ConditionOperand, readonly string[]> = {
  boolean: ["eq", "neq", "empty"],
  number: ["eq", "neq", "lt", "lte", "gt", "gte", "empty"],
  enum: ["eq", "neq", "empty"],
  enums: ["includes", "empty"],
  text: ["eq", "neq", "empty"],
  date: ["eq", "neq", "lt", "lte", "gt", "gte", "empty"],
};

interface Known {
  readonly descriptor: ChampDescriptor;
  readonly type: ChampType | undefined;
}

function checkCondition(
  condition: Condition,
  before: ReadonlyMap<string, Known>,
): string | null {
  for (const c of comparisonsOf(condition)) {
    const [id, path] = c.champ.split(".");
    const source = before.get(id);
    if (!source) {
      return "La condition porte sur un champ qui n’est pas placé avant celui-ci.";
    }
    const kind = source.type?.conditionSource;
    if (!kind && !(path && source.type?.tags)) {
      return `Le champ « ${source.descriptor.label} » ne peut pas servir de condition.`;
    }
    if (kind && !path && !OPS_FOR[kind].includes(c.op)) {
      return `L’opérateur « ${c.op} » ne s’applique pas au champ « ${source.descriptor.label} ».`;
    }
    if (
      c.op !== "empty" && (kind === "enum" || kind === "enums") && !path && source.type?.choices
    ) {
      const choices = source.type.choices(source.descriptor.options);
      if (!choices.includes(String(c.value))) {
        return `« ${c.value} » n’est pas une option du champ « ${source.descriptor.label} ».`;
      }
    }
    if (c.op !== "empty" && kind === "number" && !path && typeof c.value !== "number") {
      return `La condition sur « ${source.descriptor.label} » doit comparer à un nombre.`;
    }
  }
  return null;
}

/**
 * Every problem of a form: unknown or switched-off types, bad options, duplicate ids,
 * children outside a repetition block, conditions on later or unsuitable champs.
 * Annotations privées may use public champs in their conditions.
 */
export function validateForm(
  form: Form,
  champTypes: Registry<ChampType>,
  opts: { isTypeAllowed?: (type: string) => boolean } = {},
): FormIssue[] {
  const issues: FormIssue[] = [];
  const seen = new Set<string>();
  const issue = (d: { stableId: string; label: string }, message: string) =>
    issues.push({ stableId: d.stableId, label: d.label, message });

  const checkOne = (
    d: ChampDescriptor,
    before: Map<string, Known>,
    nested: boolean,
  ) => {
    if (seen.has(d.stableId)) issue(d, "Deux champs ont le même identifiant.");
    seen.add(d.stableId);
    const type = champTypes.get(d.type);
    if (!type) {
      issue(d, `Type de champ inconnu : « ${d.type} ».`);
    } else {
      if (opts.isTypeAllowed && !opts.isTypeAllowed(d.type)) {
        issue(
          d,
          `Le type « ${type.label} » vient d’une fonctionnalité désactivée pour cette démarche.`,
        );
      }
      const parsed = v.safeParse(type.options, d.options);
      if (!parsed.success) issue(d, `Options non valides : ${parsed.issues[0].message}`);
      if (type.container && nested) issue(d, "Un bloc répétable ne peut pas en contenir un autre.");
      if (!type.container && d.children?.length) {
        issue(d, "Seul un bloc répétable peut contenir des champs.");
      }
    }
    if (d.condition) {
      const problem = checkCondition(d.condition, before);
      if (problem) issue(d, problem);
    }
    if (d.children) {
      const inner = new Map(before);
      for (const child of d.children) {
        checkOne({ ...child, children: undefined }, inner, true);
        inner.set(child.stableId, { descriptor: child, type: champTypes.get(child.type) });
      }
    }
    before.set(d.stableId, { descriptor: d, type });
  };

  const publicBefore = new Map<string, Known>();
  for (const d of form.champs) checkOne(d, publicBefore, false);
  const annotationsBefore = new Map(publicBefore);
  for (const d of form.annotations) checkOne(d, annotationsBefore, false);
  return issues;
}

/** Champ types a routing rule may use: choices and territories. */
const ROUTABLE = new Set<ConditionOperand>(["enum", "enums"]);

/**
 * Problems of a groupe's routing rule: it must read champs of the form that are choices
 * or territory champs (by a sub-value such as `.departement`).
 */
export function validateRoutingRule(
  rule: Condition,
  champs: readonly ChampDescriptor[],
  champTypes: Registry<ChampType>,
): string | null {
  const known = new Map<string, Known>(
    champs.map((d) => [d.stableId, { descriptor: d, type: champTypes.get(d.type) }]),
  );
  for (const c of comparisonsOf(rule)) {
    const [id, path] = c.champ.split(".");
    const source = known.get(id);
    if (!source) return "La règle porte sur un champ qui n’est pas dans le formulaire.";
    const kind = source.type?.conditionSource;
    if (!path && !(kind && ROUTABLE.has(kind))) {
      return `Le champ « ${source.descriptor.label} » ne peut pas servir au routage : choisissez une liste de choix ou un champ de territoire.`;
    }
  }
  return checkCondition(rule, known);
}
