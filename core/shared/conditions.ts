/**
 * Conditions: JSON expressions over earlier champs, used for conditional display, routing
 * rules and eligibility. Pure: evaluation and validation take the values and descriptors
 * as arguments.
 *
 * A comparison names its source champ by stable id, optionally with a sub-value path
 * (`"k3x9p2.departement"`), which is how territory champs offer « dans le département ».
 */
import * as v from "valibot";

export const COMPARISON_OPS = ["eq", "neq", "lt", "lte", "gt", "gte", "includes"] as const;
export type ComparisonOp = typeof COMPARISON_OPS[number];

export type Condition =
  | { readonly op: ComparisonOp; readonly champ: string; readonly value: string | number | boolean }
  | { readonly op: "empty"; readonly champ: string }
  | { readonly op: "and" | "or"; readonly conditions: readonly Condition[] };

const champRef = v.pipe(
  v.string("La condition doit désigner un champ."),
  v.regex(/^[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_]{1,64})?$/, "La condition désigne un champ inconnu."),
);

export const conditionSchema: v.GenericSchema<unknown, Condition> = v.lazy(() =>
  v.variant(
    "op",
    [
      v.object({
        op: v.picklist(COMPARISON_OPS),
        champ: champRef,
        value: v.union(
          [v.pipe(v.string(), v.maxLength(500)), v.number(), v.boolean()],
          "La valeur comparée doit être un texte, un nombre ou oui/non.",
        ),
      }),
      v.object({ op: v.literal("empty"), champ: champRef }),
      v.object({
        op: v.picklist(["and", "or"]),
        conditions: v.pipe(
          v.array(conditionSchema),
          v.minLength(1, "Une condition « et » / « ou » doit en réunir au moins une."),
          v.maxLength(50, "Une condition ne peut pas en réunir plus de 50."),
        ),
      }),
    ],
    "Opérateur de condition inconnu : utilisez eq, neq, lt, lte, gt, gte, empty, includes, and ou or.",
  )
);

/** Value of a reference (`stableId` or `stableId.path`) among the champ values. */
function lookup(values: Readonly<Record<string, unknown>>, ref: string): unknown {
  const dot = ref.indexOf(".");
  if (dot < 0) return values[ref];
  const base = values[ref.slice(0, dot)];
  return base && typeof base === "object"
    ? (base as Record<string, unknown>)[ref.slice(dot + 1)]
    : undefined;
}

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === "" ||
    (Array.isArray(value) && value.length === 0);
}

function compare(op: ComparisonOp, actual: unknown, expected: string | number | boolean): boolean {
  if (op === "includes") return Array.isArray(actual) && actual.includes(expected);
  if (op === "eq") return actual === expected;
  if (op === "neq") return actual !== expected;
  const a = typeof actual === "string" && typeof expected === "string" ? actual : Number(actual);
  const b = typeof actual === "string" && typeof expected === "string"
    ? expected
    : Number(expected);
  if (typeof a === "number" && (Number.isNaN(a) || Number.isNaN(b as number))) return false;
  switch (op) {
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
    case "gt":
      return a > b;
    default:
      return a >= b;
  }
}

/**
 * Whether the condition holds. A blank or hidden source makes every comparison false and
 * `empty` true: a champ shown "if X equals 3" stays hidden while X is unanswered.
 *
 * @example
 * ```ts
 * evaluate({ op: "gt", champ: "longueur", value: 12 }, { longueur: 14.5 }); // true
 * ```
 */
export function evaluate(condition: Condition, values: Readonly<Record<string, unknown>>): boolean {
  switch (condition.op) {
    case "and":
      return condition.conditions.every((c) => evaluate(c, values));
    case "or":
      return condition.conditions.some((c) => evaluate(c, values));
    case "empty":
      return isBlank(lookup(values, condition.champ));
    default: {
      const actual = lookup(values, condition.champ);
      return !isBlank(actual) && compare(condition.op, actual, condition.value);
    }
  }
}

/** Every stable id a condition reads (without sub-value paths). */
export function sourcesOf(condition: Condition): string[] {
  if ("conditions" in condition) {
    return condition.conditions.flatMap(sourcesOf);
  }
  return [condition.champ.split(".")[0]];
}

/** Every comparison of a condition tree, flattened. */
export function comparisonsOf(
  condition: Condition,
): Exclude<Condition, { op: "and" | "or" }>[] {
  if ("conditions" in condition) {
    return condition.conditions.flatMap(comparisonsOf);
  }
  return [condition];
}
