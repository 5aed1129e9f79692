/**
 * Excel export: an Office Open XML workbook with one sheet, « Dossiers ». The sheet is
 * streamed — rows become XML and are deflated into the zip as they arrive, and each batch's
 * compressed bytes are written to the sink before more rows are read — so memory stays flat
 * whether a démarche has ten dossiers or a million.
 *
 * Safe against formula injection by construction: every text is an inline string
 * (`t="inlineStr"`), never a formula, so « =HYPERLINK(…) », « +33… », « -1 » or « @SUM(…) »
 * typed by an usager are shown as they were typed and never evaluated.
 */
import { Zip, ZipDeflate } from "fflate";
import {
  definePlugin,
  type ExportColumn,
  type ExportRow,
  type ExportSink,
} from "../../core/plugin_sdk/mod.ts";

const MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SHEET_NAME = "Dossiers";

/** Excel's limits: rows per sheet (header included), columns, characters per cell. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_CELL_CHARS = 32_767;
/** fflate writes no Zip64: an entry of 4 GiB or more would be a corrupt file. */
const MAX_ENTRY_BYTES = 0xffff_ffff;
/** Sheet XML gathered (in UTF-16 units) before it is deflated and the sink awaited. */
const BATCH_CHARS = 64 * 1024;
/** Rows read before the header is written, so column widths follow real values. */
const SAMPLE_ROWS = 100;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Speed over size: fflate's default, 6, takes ~1.5× as long for a file ~7 % smaller. */
const DEFLATE_LEVEL = 3;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT = "application/vnd.openxmlformats-officedocument.spreadsheetml";

const STATIC_PARTS: readonly (readonly [string, string])[] = [
  [
    "[Content_Types].xml",
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/></Types>`,
  ],
  [
    "_rels/.rels",
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" ` +
    `Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ],
  [
    "xl/workbook.xml",
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    "<bookViews><workbookView/></bookViews>" +
    `<sheets><sheet name="${SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  ],
  [
    "xl/_rels/workbook.xml.rels",
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
  ],
  [
    // Style 0: the default; style 1: bold, for the header.
    "xl/styles.xml",
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
    '<fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    "</styleSheet>",
  ],
];

/** Outside XML 1.0's `Char`: C0 controls, lone surrogates, U+FFFE, U+FFFF. */
const ILLEGAL_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ILLEGAL_XML_ALL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** `_x0041_` is how Excel escapes a character: a literal one gets its `_` escaped. */
const TO_ESCAPE = /[&<>]|_x[0-9A-Fa-f]{4}_/;
const TO_ESCAPE_ALL = /[&<>]|_x[0-9A-Fa-f]{4}_/g;
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** A text as Excel can hold it: characters illegal in XML 1.0 dropped, capped with « … ». */
function cellText(value: string): string {
  let text = ILLEGAL_XML.test(value) ? value.replace(ILLEGAL_XML_ALL, "") : value;
  if (text.length > MAX_CELL_CHARS) {
    text = text.slice(0, MAX_CELL_CHARS - 1);
    // Never leave half of a surrogate pair at the cut.
    if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
    text += "…";
  }
  return text;
}

function xmlText(text: string): string {
  if (!TO_ESCAPE.test(text)) return text;
  return text.replace(TO_ESCAPE_ALL, (m) => ENTITIES[m] ?? `_x005F${m}`);
}

function inlineString(ref: string, value: string, style: string): string {
  const text = cellText(value);
  if (text === "") return "";
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

function cell(ref: string, value: string | number | boolean | null): string {
  switch (typeof value) {
    case "string":
      return inlineString(ref, value, "");
    // NaN and ±Infinity have no spreadsheet form: they are left empty.
    case "number":
      return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : "";
    case "boolean":
      return inlineString(ref, value ? "Oui" : "Non", "");
    default:
      return "";
  }
}

/** Value of `column` in `row`; a missing one is empty, and inherited keys are never read. */
function valueOf(row: ExportRow, column: ExportColumn) {
  return Object.hasOwn(row, column.id) ? row[column.id] : null;
}

/** Column letters: 0 → A, 25 → Z, 26 → AA… */
function columnRef(index: number): string {
  let ref = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    ref = String.fromCharCode(65 + ((n - 1) % 26)) + ref;
  }
  return ref;
}

/** Characters a value takes on screen: its longest line. */
function displayLength(value: string | number | boolean | null): number {
  if (typeof value === "boolean") return 3;
  if (typeof value !== "string") return value === null ? 0 : String(value).length;
  return Math.max(...value.split("\n", 20).map((line) => line.length));
}

function sheetHead(columns: readonly ExportColumn[], sample: readonly ExportRow[]): string {
  const refs = columns.map((_, i) => columnRef(i));
  const cols = columns.map((column, i) => {
    // Room for the header in bold and the autofilter's button.
    let chars = column.label.length + 4;
    for (const row of sample) chars = Math.max(chars, displayLength(valueOf(row, column)) + 1);
    const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, chars));
    return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
  });
  return `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    (cols.length ? `<cols>${cols.join("")}</cols>` : "") +
    '<sheetData><row r="1">' +
    columns.map((column, i) => inlineString(`${refs[i]}1`, column.label, ' s="1"')).join("") +
    "</row>";
}

function sheetTail(columns: readonly ExportColumn[], lastRow: number): string {
  const filter = columns.length
    ? `<autoFilter ref="A1:${columnRef(columns.length - 1)}${lastRow}"/>`
    : "";
  return `</sheetData>${filter}</worksheet>`;
}

/** fflate's synchronous zip stream, its output handed to the sink one batch at a time. */
class ZipToSink {
  readonly #zip: Zip;
  #pending: Uint8Array[] = [];
  #error: Error | null = null;
  readonly #sink: ExportSink;

  constructor(sink: ExportSink) {
    this.#sink = sink;
    this.#zip = new Zip((error, chunk) => {
      if (error) this.#error ??= error;
      else this.#pending.push(chunk);
    });
  }

  /** Starts an entry; only one at a time, ended by pushing with `final`. */
  entry(name: string): ZipDeflate {
    const file = new ZipDeflate(name, { level: DEFLATE_LEVEL });
    this.#zip.add(file);
    return file;
  }

  end(): void {
    this.#zip.end();
  }

  /** Writes what the zip produced so far, one awaited chunk at a time. */
  async flush(): Promise<void> {
    if (this.#error) throw this.#error;
    const chunks = this.#pending;
    this.#pending = [];
    for (const chunk of chunks) await this.#sink.write(chunk);
  }
}

async function writeXlsx(
  columns: readonly ExportColumn[],
  rows: AsyncIterable<ExportRow>,
  sink: ExportSink,
): Promise<void> {
  if (columns.length > MAX_COLUMNS) {
    throw new Error(
      `L’export Excel est limité à 16 384 colonnes, celui-ci en a ${columns.length} : ` +
        "choisissez moins de colonnes ou l’export CSV.",
    );
  }
  const encoder = new TextEncoder();
  const zip = new ZipToSink(sink);
  for (const [name, xml] of STATIC_PARTS) zip.entry(name).push(encoder.encode(xml), true);
  await zip.flush();

  const sheet = zip.entry("xl/worksheets/sheet1.xml");
  const refs = columns.map((_, i) => columnRef(i));
  let xml = "";
  let bytes = 0;
  const push = async (final: boolean) => {
    const chunk = encoder.encode(xml);
    xml = "";
    bytes += chunk.length;
    if (bytes > MAX_ENTRY_BYTES) {
      throw new Error(
        "L’export Excel dépasse 4 Go une fois décompressé : filtrez les dossiers ou choisissez " +
          "l’export CSV.",
      );
    }
    sheet.push(chunk, final);
    await zip.flush();
  };

  let rowNumber = 1;
  const addRow = async (row: ExportRow) => {
    if (++rowNumber > MAX_ROWS) {
      throw new Error(
        "L’export Excel est limité à 1 048 575 lignes : filtrez les dossiers ou choisissez " +
          "l’export CSV.",
      );
    }
    xml += `<row r="${rowNumber}">`;
    for (let i = 0; i < columns.length; i++) {
      xml += cell(refs[i] + rowNumber, valueOf(row, columns[i]));
    }
    xml += "</row>";
    if (xml.length >= BATCH_CHARS) await push(false);
  };

  let sample: ExportRow[] | null = [];
  for await (const row of rows) {
    if (sample === null) {
      await addRow(row);
      continue;
    }
    sample.push(row);
    if (sample.length === SAMPLE_ROWS) {
      xml = sheetHead(columns, sample);
      for (const sampled of sample) await addRow(sampled);
      sample = null;
    }
  }
  if (sample !== null) {
    xml = sheetHead(columns, sample);
    for (const sampled of sample) await addRow(sampled);
  }
  xml += sheetTail(columns, rowNumber);
  await push(true);
  zip.end();
  await zip.flush();
}

export default definePlugin({
  id: "export_xlsx",
  version: "1.0.0",
  label: "Export Excel (XLSX)",
  description: "Exporte les dossiers dans un classeur Excel (.xlsx), même très volumineux.",
  host: "^1.0.0",
  register(api) {
    api.exportFormat({
      id: "xlsx",
      label: "Excel (.xlsx)",
      mime: MIME,
      extension: "xlsx",
      write: writeXlsx,
    });
  },
});
