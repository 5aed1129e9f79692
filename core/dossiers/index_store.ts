/**
 * Queries of `dossier_champ_index`: the deposited values the dashboards filter and sort on.
 * Written only here (core/dossiers/index_values.ts computes the rows).
 */
import { dialectOf, type Executor } from "../db/mod.ts";
import { reusableQuery } from "../db/reusable_query.ts";

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

const COLUMNS = [
  "dossier_id",
  "demarche_id",
  "stable_id",
  "value_text",
  "value_num",
  "display",
  "item",
  "sort_text",
] as const;

const deleteRows = reusableQuery((db, dossierId: number) =>
  db.deleteFrom("dossier_champ_index").where("dossier_id", "=", dossierId)
);

/**
 * The insert of `count` rows, compiled once per count: a deposit writes a row per champ (a
 * form's few dozen), and building that insert's tree cost a tenth of a deposit.
 */
const inserts = new Map<number, (db: Executor, ...values: unknown[]) => Promise<unknown[]>>();

function insertOf(count: number) {
  let insert = inserts.get(count);
  if (insert === undefined) {
    insert = reusableQuery((db, ...values: unknown[]) =>
      db.insertInto("dossier_champ_index").values(
        Array.from(
          { length: count },
          (_, r) =>
            Object.fromEntries(
              COLUMNS.map((c, i) => [c, values[r * COLUMNS.length + i]]),
            ) as unknown as IndexRow,
        ),
      )
    );
    // Forms have at most 500 champs; lists add rows: a bound on what is kept all the same.
    if (inserts.size >= 64) inserts.clear();
    inserts.set(count, insert);
  }
  return insert;
}

/** At most this many rows per insert (8 parameters each, PostgreSQL allows 65,535). */
const ROWS_PER_INSERT = 500;

/** One row (SQLite): its columns in `COLUMNS` order. */
const insertRow = insertOf(1);

/**
 * The dossier's index rows become `rows`.
 *
 * On SQLite, one row per statement. A statement of many rows inside a transaction keeps a
 * journal of its own of every page it changes, to undo just itself if it fails; with five
 * indexes, a deposit's rows change a few hundred kilobytes of pages, and past 64 KiB SQLite
 * writes that journal to a temporary file: 30 rows under five indexes took 0.8 ms in one
 * statement and 0.2 ms one by one (2.4 and 0.5 ms in the 1,000,000-dossier bench file); a
 * deposit, 2.6–3.0 ms of CPU before, 2.1–2.4 after (`deno task bench deposit`). On
 * PostgreSQL each statement is a round trip: rows go by 500.
 */
export async function replaceIndexRows(
  db: Executor,
  dossierId: number,
  rows: readonly IndexRow[],
): Promise<void> {
  await deleteRows(db, dossierId);
  if (dialectOf(db) === "sqlite") {
    for (const row of rows) await insertRow(db, ...COLUMNS.map((c) => row[c]));
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await insertOf(chunk.length)(db, ...chunk.flatMap((row) => COLUMNS.map((c) => row[c])));
  }
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
