/**
 * « Étiquettes »: a démarche's labels — « Pièce manquante », « Urgent », « Visite à prévoir » —
 * set by its administrators, put on dossiers by the instructeurs to sort their work, shown on
 * the dashboard's rows and the dossier's page, and filtered on. The usager never sees them.
 */
import * as v from "valibot";
import { sql } from "kysely";
import type { Deps } from "../deps.ts";
import type { Executor } from "../db/mod.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize } from "../policy/mod.ts";
import { administered } from "../demarches/_access.ts";
import { instructed, myGroupes } from "./service.ts";

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

const id = v.pipe(v.number("Identifiant inconnu."), v.integer(), v.minValue(1));
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
};

const notFound = () => new AppError("NOT_FOUND", "Cette étiquette n’existe pas.");

async function labelsOf(db: Executor, demarcheId: number) {
  const rows = await db.selectFrom("demarche_labels").select(["id", "name", "color"])
    .where("demarche_id", "=", demarcheId).orderBy("name").execute();
  return rows.map((r) => ({ id: r.id, name: r.name, color: r.color as LabelColor }));
}

/** The démarche's labels, for its administrators. */
export async function adminLabels(deps: Deps, actor: Actor | null, input: { demarcheId: number }) {
  await administered(deps, actor, input.demarcheId);
  return await labelsOf(deps.db, input.demarcheId);
}

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
    const { id } = await trx.insertInto("demarche_labels").values({
      demarche_id: input.demarcheId,
      name: input.name,
      color: input.color,
      created_at: deps.clock().toISOString(),
    }).returning("id").executeTakeFirstOrThrow();
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
    await trx.updateTable("demarche_labels").set({ name: input.name, color: input.color })
      .where("id", "=", input.labelId).execute();
  });
}

/** Deletes a label; the dossiers that carried it lose it. */
export async function removeLabel(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; labelId: number },
) {
  await administered(deps, actor, input.demarcheId);
  const r = await deps.db.deleteFrom("demarche_labels").where("id", "=", input.labelId)
    .where("demarche_id", "=", input.demarcheId).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound();
}

/** Names compared as people read them: « urgent » is « Urgent ». */
const same = (a: string, b: string) => a.localeCompare(b, "fr", { sensitivity: "base" }) === 0;

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
    await trx.deleteFrom("dossier_labels").where("dossier_id", "=", dossier.id).execute();
    if (wanted.length) {
      const now = deps.clock().toISOString();
      await trx.insertInto("dossier_labels")
        .values(wanted.map((label_id) => ({ dossier_id: dossier.id, label_id, created_at: now })))
        .execute();
    }
  });
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
  const rows = await db.selectFrom("dossier_labels")
    .innerJoin("demarche_labels", "demarche_labels.id", "dossier_labels.label_id")
    .select([
      "dossier_labels.dossier_id",
      "demarche_labels.id",
      "demarche_labels.name",
      "demarche_labels.color",
    ])
    .where("dossier_labels.dossier_id", "in", [...dossierIds])
    .orderBy("demarche_labels.name").execute();
  for (const r of rows) {
    const list = out.get(r.dossier_id) ?? [];
    list.push({ id: r.id, name: r.name, color: r.color as LabelColor });
    out.set(r.dossier_id, list);
  }
  return out;
}

/** Up to this many dossiers, a label is read as a set; past it, probed per dossier walked. */
const FEW_LABELLED = 1000;

/** The dossiers carrying `labelId`, as a condition on `dossiers`. */
export async function labelCondition(db: Executor, labelId: number, few = FEW_LABELLED) {
  const carriers = db.selectFrom("dossier_labels as lb").select("lb.dossier_id")
    .where("lb.label_id", "=", labelId);
  const { n } = await db.selectFrom(carriers.limit(few + 1).as("m"))
    .select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  if (n <= few) return sql<boolean>`dossiers.id in (${carriers})`;
  return sql<boolean>`exists (select 1 from dossier_labels lp
    where lp.dossier_id = dossiers.id and lp.label_id = ${labelId})`;
}
