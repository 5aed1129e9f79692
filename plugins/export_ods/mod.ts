/**
 * OpenDocument export: an ODF 1.2 spreadsheet with one table, « Dossiers », as LibreOffice
 * Calc and most spreadsheets open it. Like the Excel export, the table is streamed — rows
 * become XML and are deflated into the zip as they arrive, and each batch's compressed
 * bytes are written to the sink before more rows are read — so memory stays flat whether a
 * démarche has ten dossiers or a million.
 *
 * Safe against formula injection by construction: an ODS formula lives only in a cell's
 * `table:formula` attribute, which this export never writes. A text typed by an usager —
 * « =HYPERLINK(…) », « +33… », « -1 » or « @SUM(…) » — is a `string` cell, shown as typed
 * and never evaluated.
 *
 * Dates are real date cells (`office:value-type="date"`) in Paris wall time — a spreadsheet
 * has no time zone, so the header of a column of instants says « (heure de Paris) ».
 */
import {
  columnWidths,
  definePlugin,
  type ExportCells,
  type ExportColumn,
  type ExportDate,
  headerLabel,
  parisTime,
  type SheetWriter,
  type SpreadsheetValue,
  writeSpreadsheet,
  xmlSafe,
  ZipToSink,
} from "../../core/plugin_sdk/mod.ts";

const MIME = "application/vnd.oasis.opendocument.spreadsheet";
const TABLE_NAME = "Dossiers";

/** Centimetres per character of width, about Excel's « width » unit in Calc's default font. */
const CM_PER_CHAR = 0.2;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = {
  office: "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
  style: "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
  text: "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
  table: "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
  fo: "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
  number: "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
  manifest: "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
};
const xmlns = (...prefixes: (keyof typeof NS)[]) =>
  prefixes.map((p) => ` xmlns:${p}="${NS[p]}"`).join("");

/** Parts written whole after `mimetype`, before content.xml. */
const STATIC_PARTS: readonly (readonly [string, string])[] = [
  [
    "META-INF/manifest.xml",
    `${XML_HEAD}<manifest:manifest${xmlns("manifest")} manifest:version="1.2">` +
    `<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${MIME}"/>` +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
    "</manifest:manifest>",
  ],
  [
    // Minimal: the header's bold is an automatic style of content.xml.
    "styles.xml",
    `${XML_HEAD}<office:document-styles${xmlns("office", "style")} office:version="1.2">` +
    "<office:styles/></office:document-styles>",
  ],
];

const TO_ESCAPE = /[&<>]/;
const TO_ESCAPE_ALL = /[&<>]/g;
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
/**
 * What ODF's white-space rule would collapse or drop in a `text:p`: tabs, and spaces at
 * either end or two in a row.
 */
const WHITE_SPACE = /\t| {2}|^ | $/;
const SPACES_OR_TAB = /( +)|\t/g;

function xmlText(text: string): string {
  return TO_ESCAPE.test(text) ? text.replace(TO_ESCAPE_ALL, (m) => ENTITIES[m]) : text;
}

/** One line as paragraph content: spaces and tabs kept as `text:s` and `text:tab`. */
function paragraph(line: string): string {
  const escaped = xmlText(line);
  if (!WHITE_SPACE.test(escaped)) return `<text:p>${escaped}</text:p>`;
  const content = escaped.replace(SPACES_OR_TAB, (match, spaces, offset: number) => {
    if (!spaces) return "<text:tab/>";
    const n = match.length;
    // A run at either end is dropped by readers, a run inside collapsed to one space.
    if (offset === 0 || offset + n === escaped.length) {
      return n === 1 ? "<text:s/>" : `<text:s text:c="${n}"/>`;
    }
    if (n === 1) return " ";
    return n === 2 ? " <text:s/>" : ` <text:s text:c="${n - 1}"/>`;
  });
  return `<text:p>${content}</text:p>`;
}

const LINE_BREAK = /[\r\n]/;

/** A text cell; `null` when nothing is left to show. Each line is its own paragraph. */
function stringCell(value: string, style: string): string | null {
  const text = xmlSafe(value);
  if (text === "") return null;
  // No `table:formula`, ever: a text starting with « = » is only text. Most are one line.
  const paragraphs = LINE_BREAK.test(text)
    ? text.split(/\r\n|\r|\n/).map(paragraph).join("")
    : paragraph(text);
  return `<table:table-cell${style} office:value-type="string">${paragraphs}</table:table-cell>`;
}

/** « 06/12/2026 » from `2026-12-06`. */
const frenchDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * A real date cell: `office:date-value` in Paris wall time (a spreadsheet has no time zone),
 * shown through the `ce2` (date and time) or `ce3` (date) style.
 */
function dateCell(value: ExportDate): string | null {
  let local: string;
  let shown: string;
  if (value.kind === "date") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value.value)) return null;
    local = value.value;
    shown = frenchDay(local);
  } else {
    const t = parisTime(value.value);
    if (!t) return null;
    local = t.local;
    shown = `${frenchDay(local)} ${local.slice(11, 16)}`;
  }
  return `<table:table-cell table:style-name="${value.kind === "date" ? "ce3" : "ce2"}" ` +
    `office:value-type="date" office:date-value="${local}"><text:p>${shown}</text:p>` +
    "</table:table-cell>";
}

/** A cell's XML, or `null` for an empty one. */
function cell(value: SpreadsheetValue): string | null {
  switch (typeof value) {
    case "string":
      return stringCell(value, "");
    // NaN and ±Infinity have no spreadsheet form: they are left empty.
    case "number":
      return Number.isFinite(value)
        ? `<table:table-cell office:value-type="float" office:value="${value}">` +
          `<text:p>${value}</text:p></table:table-cell>`
        : null;
    case "boolean":
      return stringCell(value ? "Oui" : "Non", "");
    case "object":
      return value === null ? null : dateCell(value);
    default:
      return null;
  }
}

/** Empty cells, `count` of them in one element. */
function emptyCells(count: number): string {
  return count === 1
    ? "<table:table-cell/>"
    : `<table:table-cell table:number-columns-repeated="${count}"/>`;
}

/** A row from its cells' XML, runs of empty cells merged; never without a cell. */
function tableRow(cells: Iterable<string | null>): string {
  let xml = "<table:table-row>";
  let empty = 0;
  let any = false;
  for (const c of cells) {
    if (c === null) {
      empty++;
      continue;
    }
    if (empty) xml += emptyCells(empty), empty = 0;
    xml += c;
    any = true;
  }
  // Trailing empty cells are dropped, but a row needs at least one cell.
  if (!any) xml += emptyCells(1);
  return xml + "</table:table-row>";
}

const DAY_MONTH_YEAR = '<number:day number:style="long"/><number:text>/</number:text>' +
  '<number:month number:style="long"/><number:text>/</number:text>' +
  '<number:year number:style="long"/>';
/** « 06/12/2026 04:13 » (`ce2`) and « 06/12/2026 » (`ce3`). */
const DATE_STYLES = `<number:date-style style:name="N1">${DAY_MONTH_YEAR}` +
  '<number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text>' +
  '<number:minutes number:style="long"/></number:date-style>' +
  `<number:date-style style:name="N2">${DAY_MONTH_YEAR}</number:date-style>` +
  '<style:style style:name="ce2" style:family="table-cell" style:data-style-name="N1"/>' +
  '<style:style style:name="ce3" style:family="table-cell" style:data-style-name="N2"/>';

function contentHead(columns: readonly ExportColumn[], sample: readonly ExportCells[]): string {
  const widths = columnWidths(columns, sample, 2); // room for the header in bold
  // One column style per distinct width: co8, co18…
  const columnStyles = [...new Set(widths)].map((w) =>
    `<style:style style:name="co${w}" style:family="table-column">` +
    `<style:table-column-properties style:column-width="${(w * CM_PER_CHAR).toFixed(2)}cm"/>` +
    "</style:style>"
  );
  // A table needs a column, and a row a cell, even with no columns to export.
  const tableColumns = widths.length
    ? widths.map((w) => `<table:table-column table:style-name="co${w}"/>`).join("")
    : "<table:table-column/>";
  return `${XML_HEAD}<office:document-content${
    xmlns("office", "style", "text", "table", "fo", "number")
  } office:version="1.2"><office:automatic-styles>${columnStyles.join("")}` +
    '<style:style style:name="ce1" style:family="table-cell"><style:text-properties ' +
    'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/>' +
    "</style:style>" + DATE_STYLES + "</office:automatic-styles><office:body><office:spreadsheet>" +
    `<table:table table:name="${TABLE_NAME}">${tableColumns}<table:table-header-rows>` +
    tableRow(
      columns.map((column) => stringCell(headerLabel(column), ' table:style-name="ce1"')),
    ) +
    "</table:table-header-rows>";
}

const CONTENT_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>";

/** The table of `columns`: each row's cells read in order, runs of empty ones merged. */
function sheet(columns: readonly ExportColumn[]): SheetWriter {
  return {
    head: (sample) => contentHead(columns, sample),
    row(cells) {
      let xml = "<table:table-row>";
      let empty = 0;
      let any = false;
      for (let i = 0; i < columns.length; i++) {
        const c = cell(cells[i] ?? null);
        if (c === null) {
          empty++;
          continue;
        }
        if (empty) xml += emptyCells(empty), empty = 0;
        xml += c;
        any = true;
      }
      // Trailing empty cells are dropped, but a row needs at least one cell.
      if (!any) xml += emptyCells(1);
      return xml + "</table:table-row>";
    },
    tail: () => CONTENT_TAIL,
  };
}

/** LibreOffice Calc's limits (the format has none): rows per sheet, header included, columns. */
const ODS = {
  name: "OpenDocument",
  maxRows: 1_048_576,
  maxColumns: 16_384,
  // First, stored, sizes in its header: `file`, sequential readers and validators find the
  // type at byte 38.
  storedFirst: ["mimetype", MIME] as const,
  staticParts: STATIC_PARTS,
  sheetPart: "content.xml",
  sheet,
};

export default definePlugin({
  id: "export_ods",
  version: "1.0.0",
  label: "Export OpenDocument (ODS)",
  description:
    "Exporte les dossiers dans un classeur OpenDocument (.ods), lisible par LibreOffice, " +
    "même très volumineux.",
  host: "^1.1.0",
  register(api) {
    api.exportFormat({
      id: "ods",
      label: "OpenDocument (.ods)",
      mime: MIME,
      extension: "ods",
      cells: true,
      write: (columns, rows, sink) => writeSpreadsheet(ODS, new ZipToSink(sink), columns, rows),
    });
  },
});
