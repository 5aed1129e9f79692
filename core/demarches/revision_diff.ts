/**
 * What changed between the published form and the draft, champ by champ (by stable id),
 * shown to the administrator before publishing a new revision.
 */
import type { ChampDescriptor } from "../shared/form.ts";

export type ChampChange =
  | { readonly kind: "added"; readonly stableId: string; readonly label: string }
  | { readonly kind: "removed"; readonly stableId: string; readonly label: string }
  | {
    readonly kind: "moved";
    readonly stableId: string;
    readonly label: string;
    readonly from: number;
    readonly to: number;
  }
  | {
    readonly kind: "modified";
    readonly stableId: string;
    readonly label: string;
    readonly attributes: readonly ModifiedAttribute[];
  };

export type ModifiedAttribute =
  | "label"
  | "description"
  | "mandatory"
  | "type"
  | "options"
  | "condition"
  | "children";

const json = (value: unknown) => JSON.stringify(value ?? null);

function modified(a: ChampDescriptor, b: ChampDescriptor): ModifiedAttribute[] {
  const out: ModifiedAttribute[] = [];
  if (a.label !== b.label) out.push("label");
  if (a.description !== b.description) out.push("description");
  if (a.mandatory !== b.mandatory) out.push("mandatory");
  if (a.type !== b.type) out.push("type");
  if (json(a.options) !== json(b.options)) out.push("options");
  if (json(a.condition) !== json(b.condition)) out.push("condition");
  if (json(a.children) !== json(b.children)) out.push("children");
  return out;
}

/**
 * The changes from `before` to `after`. A champ counts as moved when its position among
 * the champs both versions share changed, so inserting one champ does not "move" the rest.
 */
export function diffChamps(
  before: readonly ChampDescriptor[],
  after: readonly ChampDescriptor[],
): ChampChange[] {
  const oldById = new Map(before.map((d) => [d.stableId, d]));
  const newIds = new Set(after.map((d) => d.stableId));
  const changes: ChampChange[] = [];
  const keptOld = before.filter((d) => newIds.has(d.stableId)).map((d) => d.stableId);
  const keptNew = after.filter((d) => oldById.has(d.stableId)).map((d) => d.stableId);
  for (const d of after) {
    const old = oldById.get(d.stableId);
    if (!old) {
      changes.push({ kind: "added", stableId: d.stableId, label: d.label });
      continue;
    }
    const from = keptOld.indexOf(d.stableId);
    const to = keptNew.indexOf(d.stableId);
    if (from !== to) {
      changes.push({ kind: "moved", stableId: d.stableId, label: d.label, from, to });
    }
    const attributes = modified(old, d);
    if (attributes.length) {
      changes.push({ kind: "modified", stableId: d.stableId, label: d.label, attributes });
    }
  }
  for (const d of before) {
    if (!newIds.has(d.stableId)) {
      changes.push({ kind: "removed", stableId: d.stableId, label: d.label });
    }
  }
  return changes;
}
