/**
 * « Étiquettes » on dossiers: the instructeurs put the démarche's labels (set by its
 * administrators, core/demarches/labels.ts) on dossiers to sort their work; shown on the
 * dashboard's rows and the dossier's page, and filtered on. The usager never sees them.
 */
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { writeTransaction } from "../db/transaction.ts";
import { lockDossier } from "../dossiers/lock_store.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { type LabelColor, labelsOf } from "../demarches/labels.ts";
import { instructed } from "./service.ts";
import * as store from "./labels_store.ts";
import { myGroupes } from "./service.ts";

export { labelCondition } from "./labels_store.ts";
export { labelInputs } from "../demarches/labels.ts";

const notFound = () => new AppError("NOT_FOUND", "Cette étiquette n’existe pas.");

/** The démarche's labels, for its instructeurs (the filter's list, the dossier's choices). */
export async function instructeurLabels(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
) {
  const me = authorize(actor, "compte.lire");
  if ((await myGroupes(deps.db, me.userId, input.demarcheId)).length === 0) {
    throw new AppError("NOT_FOUND", "Vous n’instruisez pas cette démarche.");
  }
  return await labelsOf(deps.db, input.demarcheId);
}

/** Puts exactly `labelIds` on the dossier (each one of its démarche's labels). */
export async function setDossierLabels(
  deps: Deps,
  actor: Actor | null,
  input: { dossierId: number; labelIds: number[] },
) {
  const { dossier } = await instructed(deps, actor, input.dossierId);
  const wanted = [...new Set(input.labelIds)];
  await deps.db.transaction().execute(async (trx) => {
    const known = new Set((await labelsOf(trx, dossier.demarche_id)).map((l) => l.id));
    if (wanted.some((l) => !known.has(l))) throw notFound();
    await store.replaceDossierLabels(trx, dossier.id, wanted, deps.clock().toISOString());
  });
  return await dossierLabels(deps.db, [dossier.id]).then((m) => m.get(dossier.id) ?? []);
}

/**
 * Puts `add` on the dossier and takes `remove` off (each one of its démarche's labels; one in
 * both ends off), leaving its other labels as they are, in one write transaction: two changes
 * made at once both count, where reading the labels and writing them back would lose one.
 * `within` runs first in that transaction (what must be written with the change, or not at all).
 *
 * @example
 * ```ts
 * await changeDossierLabels(deps, actor, { dossierId: 12, add: [3], remove: [] });
 * ```
 */
export async function changeDossierLabels(
  deps: Deps,
  actor: Actor | null,
  input: {
    dossierId: number;
    add: readonly number[];
    remove: readonly number[];
    within?: (trx: Executor) => Promise<void>;
  },
) {
  const { dossier } = await instructed(deps, actor, input.dossierId);
  const remove = new Set(input.remove);
  const add = [...new Set(input.add)].filter((l) => !remove.has(l));
  await writeTransaction(deps.db, async (trx) => {
    await input.within?.(trx);
    const known = new Set((await labelsOf(trx, dossier.demarche_id)).map((l) => l.id));
    if ([...add, ...remove].some((l) => !known.has(l))) throw notFound();
    await store.addDossierLabels(trx, dossier.id, add, deps.clock().toISOString());
    await store.removeDossierLabels(trx, dossier.id, [...remove]);
  }, { lock: (trx) => lockDossier(trx, dossier.id) });
  return await dossierLabels(deps.db, [dossier.id]).then((m) => m.get(dossier.id) ?? []);
}

/** The labels of one dossier, for its instructeurs. */
export async function labelsOfDossier(
  deps: Deps,
  actor: Actor | null,
  input: { dossierId: number },
) {
  const { dossier } = await instructed(deps, actor, input.dossierId);
  return (await dossierLabels(deps.db, [dossier.id])).get(dossier.id) ?? [];
}

/** The labels of these dossiers, by dossier, in name order. */
export async function dossierLabels(db: Executor, dossierIds: readonly number[]) {
  const out = new Map<number, { id: number; name: string; color: LabelColor }[]>();
  if (dossierIds.length === 0) return out;
  const rows = await store.labelRows(db, dossierIds);
  for (const r of rows) {
    const list = out.get(r.dossier_id) ?? [];
    list.push({ id: r.id, name: r.name, color: r.color as LabelColor });
    out.set(r.dossier_id, list);
  }
  return out;
}
