/**
 * Rows for an export format, written in tests as objects by column id (they read best so),
 * given to the format as the host gives them: as their cells in column order to a format of
 * cells (`cells: true`), as they are to any other.
 */
import type {
  ExportCells,
  ExportColumn,
  ExportFile,
  ExportFormat,
  ExportRow,
  ExportSink,
} from "../../core/plugin_sdk/mod.ts";

/** A row's cells in the order of `columns`; a missing value is empty. */
export function cellsOf(columns: readonly ExportColumn[], row: ExportRow): ExportCells {
  return columns.map((c) => Object.hasOwn(row, c.id) ? row[c.id] : null);
}

/** Runs `format.write` on `rows` as the host would. */
export async function writeRows(
  format: ExportFormat,
  columns: readonly ExportColumn[],
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  sink: ExportSink,
  files?: (row: ExportRow) => AsyncIterable<ExportFile>,
): Promise<void> {
  if (!format.cells) {
    return await format.write(columns, toAsync(rows), sink, files);
  }
  // Each row's cells keep their row, for `files`.
  const rowOf = new WeakMap<ExportCells, ExportRow>();
  async function* cells() {
    for await (const row of rows) {
      const out = cellsOf(columns, row);
      rowOf.set(out, row);
      yield out;
    }
  }
  await format.write(
    columns,
    cells(),
    sink,
    files && ((out) => files(rowOf.get(out)!)),
  );
}

async function* toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
