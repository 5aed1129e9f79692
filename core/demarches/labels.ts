/**
 * « Étiquettes »: a démarche's labels — « Pièce manquante », « Urgent », « Visite à prévoir » —
 * set by its administrators here; the instructeurs put them on dossiers
 * (core/instruction/labels.ts). The usager never sees them.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "../policy/mod.ts";
import { administered } from "./_access.ts";
import * as store from "./labels_store.ts";

/** The colours a label may take; the stylesheet gives each a readable pair. */
export const LABEL_COLORS = [
  "bleu",
  "vert",
  "jaune",
  "orange",
  "rouge",
  "violet",
  "rose",
  "gris",
] as const;
export type LabelColor = typeof LABEL_COLORS[number];

/** A démarche has at most this many labels (a palette, not a taxonomy). */
export const MAX_LABELS = 30;

const id = rowId("Identifiant inconnu.");
const name = v.pipe(
  v.string("Indiquez le nom de l’étiquette."),
  v.trim(),
  v.nonEmpty("Indiquez le nom de l’étiquette."),
  v.maxLength(40, "Le nom d’une étiquette ne doit pas dépasser 40 caractères."),
);
const color = v.picklist(LABEL_COLORS, "Choisissez une couleur de la liste.");

export const labelInputs = {
  demarche: v.object({ demarcheId: id }),
  dossier: v.object({ dossierId: id }),
  create: v.object({ demarcheId: id, name, color }),
  update: v.object({ demarcheId: id, labelId: id, name, color }),
  remove: v.object({ demarcheId: id, labelId: id }),
  set: v.object({
    dossierId: id,
    labelIds: v.pipe(v.array(id, "Étiquettes mal formées."), v.maxLength(MAX_LABELS)),
  }),
  change: v.object({
    dossierId: id,
    add: v.pipe(v.array(id, "Étiquettes mal formées."), v.maxLength(MAX_LABELS)),
    remove: v.pipe(v.array(id, "Étiquettes mal formées."), v.maxLength(MAX_LABELS)),
  }),
};

const notFound = () => new AppError("NOT_FOUND", "Cette étiquette n’existe pas.");

/** The démarche's labels, in name order. */
export async function labelsOf(db: Executor, demarcheId: number) {
  const rows = await store.labelsOf(db, demarcheId);
  return rows.map((r) => ({ id: r.id, name: r.name, color: r.color as LabelColor }));
}

/** The démarche's labels, for its administrators. */
export async function adminLabels(deps: Deps, actor: Actor | null, input: { demarcheId: number }) {
  await administered(deps, actor, input.demarcheId);
  return await labelsOf(deps.db, input.demarcheId);
}

const taken = (name: string) =>
  new AppError("CONFLICT", `Une étiquette s’appelle déjà « ${name} » sur cette démarche.`);

export async function createLabel(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; name: string; color: LabelColor },
) {
  await administered(deps, actor, input.demarcheId);
  return await deps.db.transaction().execute(async (trx) => {
    const labels = await labelsOf(trx, input.demarcheId);
    if (labels.length >= MAX_LABELS) {
      throw new AppError("CONFLICT", `Une démarche compte au plus ${MAX_LABELS} étiquettes.`);
    }
    if (labels.some((l) => same(l.name, input.name))) throw taken(input.name);
    const id = await store.insertLabel(trx, {
      demarcheId: input.demarcheId,
      name: input.name,
      color: input.color,
      now: deps.clock().toISOString(),
    });
    return { id };
  });
}

export async function updateLabel(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; labelId: number; name: string; color: LabelColor },
) {
  await administered(deps, actor, input.demarcheId);
  await deps.db.transaction().execute(async (trx) => {
    const labels = await labelsOf(trx, input.demarcheId);
    if (!labels.some((l) => l.id === input.labelId)) throw notFound();
    if (labels.some((l) => l.id !== input.labelId && same(l.name, input.name))) {
      throw taken(input.name);
    }
    await store.updateLabel(trx, input.labelId, input.name, input.color);
  });
}

/** Deletes a label; the dossiers that carried it lose it. */
export async function removeLabel(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; labelId: number },
) {
  await administered(deps, actor, input.demarcheId);
  if (!(await store.deleteLabel(deps.db, input.demarcheId, input.labelId))) throw notFound();
}

/** Names compared as people read them: « urgent » is « Urgent ». */
const same = (a: string, b: string) => a.localeCompare(b, "fr", { sensitivity: "base" }) === 0;
