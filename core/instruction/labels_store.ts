/** Queries of `dossier_labels`: the démarche's labels put on dossiers. Written only here. */
import { sql } from "kysely";
import type { Executor } from "../db/mod.ts";

/** The labels of these dossiers, in name order. */
export async function labelRows(db: Executor, dossierIds: readonly number[]) {
  return await db.selectFrom("dossier_labels")
    .innerJoin("demarche_labels", "demarche_labels.id", "dossier_labels.label_id")
    .select([
      "dossier_labels.dossier_id",
      "demarche_labels.id",
      "demarche_labels.name",
      "demarche_labels.color",
    ])
    .where("dossier_labels.dossier_id", "in", [...dossierIds])
    .orderBy("demarche_labels.name").execute();
}

/** Puts exactly `labelIds` on the dossier. */
export async function replaceDossierLabels(
  db: Executor,
  dossierId: number,
  labelIds: readonly number[],
  now: string,
): Promise<void> {
  await db.deleteFrom("dossier_labels").where("dossier_id", "=", dossierId).execute();
  if (labelIds.length) {
    await db.insertInto("dossier_labels")
      .values(labelIds.map((label_id) => ({ dossier_id: dossierId, label_id, created_at: now })))
      .execute();
  }
}

/** Puts `labelIds` on the dossier besides those it has (one already there stays as is). */
export async function addDossierLabels(
  db: Executor,
  dossierId: number,
  labelIds: readonly number[],
  now: string,
): Promise<void> {
  if (labelIds.length === 0) return;
  await db.insertInto("dossier_labels")
    .values(labelIds.map((label_id) => ({ dossier_id: dossierId, label_id, created_at: now })))
    .onConflict((oc) => oc.columns(["dossier_id", "label_id"]).doNothing())
    .execute();
}

/** Takes `labelIds` off the dossier, leaving its other labels. */
export async function removeDossierLabels(
  db: Executor,
  dossierId: number,
  labelIds: readonly number[],
): Promise<void> {
  if (labelIds.length === 0) return;
  await db.deleteFrom("dossier_labels").where("dossier_id", "=", dossierId)
    .where("label_id", "in", [...labelIds]).execute();
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
