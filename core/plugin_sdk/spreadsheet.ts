/**
 * What spreadsheet export formats share (`export_xlsx`, `export_ods`): a zip streamed to the
 * sink batch by batch with backpressure, the sheet's XML written as rows arrive (its head
 * once the first rows give the column widths), the limits every spreadsheet has, and the
 * small rules on values. A format brings only its own XML, made by a sheet writer it builds
 * once per export for its columns (each column's cell writer chosen then, not per cell).
 *
 * Rows come as their cells in column order (`ExportCells`, SDK 1.1): no object per row. The
 * XML is encoded into one reused buffer and handed to the deflater in batches of
 * `BATCH_CHARS`, each deflated and written before more rows are read: memory stays flat.
 */
import type { ExportCells, ExportColumn, ExportDate, ExportRow, ExportValue } from "./types.ts";
import { ExportRefusal } from "./define.ts";
import { ZipToSink } from "./zip.ts";
import { parisWallMs } from "./paris_time.ts";

export { ZipToSink };

/** Largest uncompressed entry a zip without Zip64 (zip.ts writes none) can hold. */
const MAX_ENTRY_BYTES = 0xffff_ffff;
/** The sheet's XML is encoded and pushed to the zip past this many characters. */
const BATCH_CHARS = 64 * 1024;
/** Rows read before the head is written, to size the columns. */
const SAMPLE_ROWS = 100;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

export type Value = ExportValue;

/** Value of `column` in `row`; a missing one is empty, and inherited keys are never read. */
export function valueOf(row: ExportRow, column: ExportColumn): Value {
  return Object.hasOwn(row, column.id) ? row[column.id] : null;
}

/** Characters a value takes on screen: its longest line. */
function displayLength(value: Value): number {
  if (typeof value === "boolean") return 3;
  // « 06/12/2026 04:13 », « 06/12/2026 ».
  if (typeof value === "object" && value !== null) return value.kind === "datetime" ? 16 : 10;
  if (typeof value !== "string") return value === null ? 0 : String(value).length;
  return Math.max(...value.split("\n", 20).map((line) => line.length));
}

/**
 * Each column's width in characters, from its label (`extra` for bold, a button…) and the
 * first rows' cells.
 */
export function columnWidths(
  columns: readonly ExportColumn[],
  sample: readonly ExportCells[],
  extra: number,
): number[] {
  return columns.map((column, i) => {
    let chars = headerLabel(column).length + extra;
    for (const row of sample) chars = Math.max(chars, displayLength(row[i] ?? null) + 1);
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, chars));
  });
}

/**
 * A column's header in a spreadsheet: a spreadsheet has no time zone, so a column of
 * instants, written as Paris wall time, says so (« Déposé le (heure de Paris) »).
 */
export function headerLabel(column: ExportColumn): string {
  return column.kind === "datetime" ? `${column.label} (heure de Paris)` : column.label;
}

/** Days from the spreadsheet epoch (1899-12-30) to the Unix one. */
const EPOCH_DAYS = 25_569;

/**
 * A date cell as a spreadsheet's serial number (days since 1899-12-30, the time of day as
 * the fraction) in Paris wall time; null for a value that is no date.
 */
export function serialDate(value: ExportDate): number | null {
  if (value.kind === "date") {
    const day = Date.parse(`${value.value.slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(day) ? null : day / 86_400_000 + EPOCH_DAYS;
  }
  const ms = parisWallMs(value.value);
  return ms === null ? null : ms / 86_400_000 + EPOCH_DAYS;
}

/** Outside XML 1.0's `Char`: C0 controls, lone surrogates, U+FFFE, U+FFFF. */
const ILLEGAL_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ILLEGAL_XML_ALL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `value` without the characters XML 1.0 cannot carry. */
export function xmlSafe(value: string): string {
  return ILLEGAL_XML.test(value) ? value.replace(ILLEGAL_XML_ALL, "") : value;
}

/** How one spreadsheet format writes its parts. */
export interface SpreadsheetFormat {
  /** « Excel », « OpenDocument »: named in the French messages. */
  readonly name: string;
  readonly maxRows: number;
  readonly maxColumns: number;
  /**
   * An entry written first, stored as it is with its sizes in its header (ODF's `mimetype`,
   * which readers look for at byte 38).
   */
  readonly storedFirst?: readonly [string, string];
  /** The parts written before the sheet, whole. */
  readonly staticParts: readonly (readonly [string, string])[];
  /** The entry holding the rows. */
  readonly sheetPart: string;
  /** The sheet's writer for `columns`, made once per export. */
  sheet(columns: readonly ExportColumn[]): SheetWriter;
}

/** The XML of one sheet, for the columns it was made for. */
export interface SheetWriter {
  /** Up to the header row included; `sample`, the first rows, sizes the columns. */
  head(sample: readonly ExportCells[]): string;
  /** Row `rowNumber` (the header is row 1). */
  row(cells: ExportCells, rowNumber: number): string;
  tail(lastRow: number): string;
}

/** Streams `rows` into a spreadsheet file of `format`, written to `zip` then its sink. */
export async function writeSpreadsheet(
  format: SpreadsheetFormat,
  zip: ZipToSink,
  columns: readonly ExportColumn[],
  rows: AsyncIterable<ExportCells>,
): Promise<void> {
  const what = `L’export ${format.name}`;
  if (columns.length > format.maxColumns) {
    throw new ExportRefusal(
      `${what} est limité à 16 384 colonnes, celui-ci en a ${columns.length} : ` +
        "choisissez moins de colonnes ou l’export CSV.",
    );
  }
  const encoder = new TextEncoder();
  if (format.storedFirst) {
    const [name, content] = format.storedFirst;
    await zip.file(name, encoder.encode(content), { store: true });
  }
  for (const [name, xml] of format.staticParts) await zip.file(name, encoder.encode(xml));

  const sheet = format.sheet(columns);
  const entry = zip.entry(format.sheetPart);
  // One buffer for every batch (the zip entry is done with it once its write resolves).
  let buffer = new Uint8Array(BATCH_CHARS * 3 + 1024);
  let xml = "";
  let bytes = 0;
  const push = async (final: boolean) => {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (buffer.length < xml.length * 3) buffer = new Uint8Array(xml.length * 3);
    const { written } = encoder.encodeInto(xml, buffer);
    xml = "";
    bytes += written;
    if (bytes > MAX_ENTRY_BYTES) {
      throw new ExportRefusal(
        `${what} dépasse 4 Go une fois décompressé : filtrez les dossiers ou choisissez ` +
          "l’export CSV.",
      );
    }
    await entry.write(buffer.subarray(0, written));
    if (final) await entry.close();
  };

  let rowNumber = 1;
  const addRow = async (cells: ExportCells) => {
    if (++rowNumber > format.maxRows) {
      throw new ExportRefusal(
        `${what} est limité à ${
          (format.maxRows - 1).toLocaleString("fr-FR").replaceAll("\u202f", " ")
        } lignes : filtrez les dossiers ou choisissez l’export CSV.`,
      );
    }
    xml += sheet.row(cells, rowNumber);
    if (xml.length >= BATCH_CHARS) await push(false);
  };

  let sample: ExportCells[] | null = [];
  for await (const cells of rows) {
    if (sample === null) {
      await addRow(cells);
      continue;
    }
    sample.push(cells);
    if (sample.length === SAMPLE_ROWS) {
      xml = sheet.head(sample);
      for (const sampled of sample) await addRow(sampled);
      sample = null;
    }
  }
  if (sample !== null) {
    xml = sheet.head(sample);
    for (const sampled of sample) await addRow(sampled);
  }
  xml += sheet.tail(rowNumber);
  await push(true);
  await zip.end();
}
