/**
 * Queries of `dossier_champ_index`: the deposited values the dashboards filter and sort on.
 * Written only here (core/dossiers/index_values.ts computes the rows).
 */
import type { Executor } from "../db/mod.ts";

export interface IndexRow {
  dossier_id: number;
  demarche_id: number;
  stable_id: string;
  value_text: string | null;
  value_num: number | null;
  display: string;
  item: number;
  sort_text: string;
}

/** The dossier's index rows become `rows`. */
export async function replaceIndexRows(
  db: Executor,
  dossierId: number,
  rows: readonly IndexRow[],
): Promise<void> {
  await db.deleteFrom("dossier_champ_index").where("dossier_id", "=", dossierId).execute();
  await db.insertInto("dossier_champ_index").values([...rows]).execute();
}

/** Sets the usager pseudo-champ `stableId` of every dossier of `ownerId`. */
export async function setOwnerColumn(
  db: Executor,
  ownerId: number,
  stableId: string,
  value: { text: string; sortText: string },
): Promise<void> {
  await db.updateTable("dossier_champ_index")
    .set({ value_text: value.text, display: value.text, sort_text: value.sortText })
    .where("stable_id", "=", stableId)
    .where(
      "dossier_id",
      "in",
      (eb) => eb.selectFrom("dossiers").select("id").where("owner_id", "=", ownerId),
    )
    .execute();
}
