/**
 * Which champs a person sees: the one rule every page and every server answer applies —
 * the usager's form and récapitulatif, the invité's, the instructeur's, the expert's, the
 * editor's preview, the checks at deposit, the PDF and the API. Pure.
 *
 * A champ is shown when it has no condition or its condition holds over the champs shown
 * before it; a champ hidden by its condition counts as blank for those after it. In a
 * repetition block, a row's champs read the earlier champs of their row and the champs
 * shown before the block.
 */
import { type Condition, evaluate } from "./conditions.ts";
import type { ChampDescriptor } from "./form.ts";

type Values = Readonly<Record<string, unknown>>;
type Child = NonNullable<ChampDescriptor["children"]>[number];

/** The champs shown, and the values their successors' conditions may read. */
export interface Visibility {
  /** Stable ids of the champs shown. */
  readonly visible: Set<string>;
  /** `outer` with the values of the champs shown: what a later condition reads. */
  readonly seen: Record<string, unknown>;
}

/**
 * Visibility of `champs` (a form's, or a block's children in one row) given their values
 * and, for a row, the values seen before the block.
 *
 * @example
 * ```ts
 * const { visible, seen } = visibility(form.champs, values);
 * const rowShown = visibility(block.children ?? [], row, seen).visible;
 * ```
 */
export function visibility(
  champs: readonly Child[],
  values: Values,
  outer: Values = {},
): Visibility {
  const seen: Record<string, unknown> = { ...outer };
  const visible = new Set<string>();
  for (const champ of champs) {
    if (!champ.condition || evaluate(champ.condition, seen)) {
      visible.add(champ.stableId);
      seen[champ.stableId] = values[champ.stableId];
    }
  }
  return { visible, seen };
}

/** A condition that always holds, and one that never does (results decided beforehand). */
const ALWAYS: Condition = { op: "and", conditions: [] };
const NEVER: Condition = { op: "or", conditions: [] };

/** `condition` with each comparison on a champ outside `known` replaced by its result. */
function decided(
  condition: Condition,
  known: (stableId: string) => boolean,
  seen: Values,
): Condition {
  if ("conditions" in condition) {
    return { ...condition, conditions: condition.conditions.map((c) => decided(c, known, seen)) };
  }
  if (known(condition.champ.split(".")[0])) return condition;
  return evaluate(condition, seen) ? ALWAYS : NEVER;
}

/**
 * The champs for a reader who may see only some of them (an invité limited to sections),
 * shown exactly as to everyone else: what a condition reads from champs kept from them is
 * judged here, with every value, and only its result goes with the champ. The values of the
 * champs they may not see are left out.
 */
export function restrictedTo(
  champs: readonly ChampDescriptor[],
  values: Values,
  maySee: (stableId: string) => boolean,
): { champs: ChampDescriptor[]; values: Record<string, unknown> } {
  const { seen } = visibility(champs, values);
  const out: ChampDescriptor[] = [];
  for (const champ of champs) {
    if (!maySee(champ.stableId)) continue;
    const siblings = new Set((champ.children ?? []).map((c) => c.stableId));
    out.push({
      ...champ,
      condition: champ.condition ? decided(champ.condition, maySee, seen) : null,
      ...(champ.children
        ? {
          children: champ.children.map((child) => ({
            ...child,
            condition: child.condition
              ? decided(child.condition, (id) => siblings.has(id) || maySee(id), seen)
              : null,
          })),
        }
        : {}),
    });
  }
  return {
    champs: out,
    values: Object.fromEntries(Object.entries(values).filter(([k]) => maySee(k))),
  };
}

/**
 * Stable ids of the champs a person sees, given the values: a champ is hidden when its
 * condition is false, judged with hidden champs counted as blank (`visibility`).
 */
export function visibleChamps(
  champs: readonly ChampDescriptor[],
  values: Readonly<Record<string, unknown>>,
): Set<string> {
  return visibility(champs, values).visible;
}
