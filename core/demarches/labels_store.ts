/** Queries of `demarche_labels`: a démarche's « étiquettes ». Written only here. */
import type { Executor } from "../db/mod.ts";

/** The démarche's labels, in name order. */
export async function labelsOf(db: Executor, demarcheId: number) {
  return await db.selectFrom("demarche_labels").select(["id", "name", "color"])
    .where("demarche_id", "=", demarcheId).orderBy("name").execute();
}

export async function insertLabel(
  db: Executor,
  l: { demarcheId: number; name: string; color: string; now: string },
): Promise<number> {
  const { id } = await db.insertInto("demarche_labels").values({
    demarche_id: l.demarcheId,
    name: l.name,
    color: l.color,
    created_at: l.now,
  }).returning("id").executeTakeFirstOrThrow();
  return id;
}

export async function updateLabel(db: Executor, labelId: number, name: string, color: string) {
  await db.updateTable("demarche_labels").set({ name, color }).where("id", "=", labelId)
    .execute();
}

/** Deletes a label of the démarche (its dossiers lose it); false when there was none. */
export async function deleteLabel(
  db: Executor,
  demarcheId: number,
  labelId: number,
): Promise<boolean> {
  const r = await db.deleteFrom("demarche_labels").where("id", "=", labelId)
    .where("demarche_id", "=", demarcheId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
