/** Routing: a deposited dossier goes to the first groupe whose rule holds, else the default one. */
import { type Condition, evaluate } from "../shared/conditions.ts";

export interface RoutableGroupe {
  readonly id: number;
  readonly isDefault: boolean;
  readonly rule: Condition | null;
}

/** The groupe for these values; `groupes` in routing order. */
export function routeDossier(
  groupes: readonly RoutableGroupe[],
  values: Readonly<Record<string, unknown>>,
): number | null {
  const match = groupes.find((g) => !g.isDefault && g.rule && evaluate(g.rule, values));
  return match?.id ?? groupes.find((g) => g.isDefault)?.id ?? null;
}
