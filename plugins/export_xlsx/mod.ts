/**
 * Excel export: an Office Open XML workbook with one sheet, « Dossiers ». The sheet is
 * streamed — rows become XML and are deflated into the zip as they arrive, and each batch's
 * compressed bytes are written to the sink before more rows are read — so memory stays flat
 * whether a démarche has ten dossiers or a million.
 *
 * Safe against formula injection by construction: every text is an inline string
 * (`t="inlineStr"`), never a formula, so « =HYPERLINK(…) », « +33… », « -1 » or « @SUM(…) »
 * typed by an usager are shown as they were typed and never evaluated.
 *
 * Dates are real date cells (sortable, filterable) in Paris wall time — a spreadsheet has no
 * time zone, so the header of a column of instants says « (heure de Paris) ».
 */
import {
  columnWidths,
  definePlugin,
  type ExportCells,
  type ExportColumn,
  headerLabel,
  serialDate,
  type SheetWriter,
  type SpreadsheetValue,
  writeSpreadsheet,
  xmlSafe,
  ZipToSink,
} from "../../core/plugin_sdk/mod.ts";

const MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SHEET_NAME = "Dossiers";

/** Excel's limit of characters per cell. */
const MAX_CELL_CHARS = 32_767;

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
    // Style 0: the default; 1: bold, for the header; 2: a date and time; 3: a date.
    "xl/styles.xml",
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>' +
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></numFmts>' +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
    '<fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    "</cellXfs>" +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    "</styleSheet>",
  ],
];

/** `_x0041_` is how Excel escapes a character: a literal one gets its `_` escaped. */
const TO_ESCAPE = /[&<>]|_x[0-9A-Fa-f]{4}_/;
const TO_ESCAPE_ALL = /[&<>]|_x[0-9A-Fa-f]{4}_/g;
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** A text as Excel can hold it: characters illegal in XML 1.0 dropped, capped with « … ». */
function cellText(value: string): string {
  let text = xmlSafe(value);
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

/** Cell `ref` (`letters` of its column, its row's number) holding `value`. */
function cell(letters: string, row: number, value: SpreadsheetValue): string {
  switch (typeof value) {
    case "string":
      return inlineString(letters + row, value, "");
    // NaN and ±Infinity have no spreadsheet form: they are left empty.
    case "number":
      return Number.isFinite(value) ? `<c r="${letters}${row}"><v>${value}</v></c>` : "";
    case "boolean":
      return inlineString(letters + row, value ? "Oui" : "Non", "");
    case "object": {
      if (value === null) return "";
      // A real date: a serial number in Paris wall time, shown by a date style.
      const serial = serialDate(value);
      if (serial === null) return "";
      return `<c r="${letters}${row}" s="${
        value.kind === "datetime" ? 2 : 3
      }"><v>${serial}</v></c>`;
    }
    default:
      return "";
  }
}

/** Column letters: 0 → A, 25 → Z, 26 → AA… */
function columnRef(index: number): string {
  let ref = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    ref = String.fromCharCode(65 + ((n - 1) % 26)) + ref;
  }
  return ref;
}

function sheetHead(columns: readonly ExportColumn[], sample: readonly ExportCells[]): string {
  const refs = columns.map((_, i) => columnRef(i));
  // Room for the header in bold and the autofilter's button.
  const cols = columnWidths(columns, sample, 4).map((width, i) =>
    `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`
  );
  return `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    (cols.length ? `<cols>${cols.join("")}</cols>` : "") +
    '<sheetData><row r="1">' +
    columns.map((column, i) => inlineString(`${refs[i]}1`, headerLabel(column), ' s="1"'))
      .join("") +
    "</row>";
}

function sheetTail(columns: readonly ExportColumn[], lastRow: number): string {
  const filter = columns.length
    ? `<autoFilter ref="A1:${columnRef(columns.length - 1)}${lastRow}"/>`
    : "";
  return `</sheetData>${filter}</worksheet>`;
}

/** The sheet of `columns`: their letters made once, each row's cells read in order. */
function sheet(columns: readonly ExportColumn[]): SheetWriter {
  const letters = columns.map((_, i) => columnRef(i));
  return {
    head: (sample) => sheetHead(columns, sample),
    row(cells, rowNumber) {
      let xml = `<row r="${rowNumber}">`;
      for (let i = 0; i < letters.length; i++) {
        xml += cell(letters[i], rowNumber, cells[i] ?? null);
      }
      return xml + "</row>";
    },
    tail: (lastRow) => sheetTail(columns, lastRow),
  };
}

/** Excel's limits: rows per sheet (header included), columns. */
const XLSX = {
  name: "Excel",
  maxRows: 1_048_576,
  maxColumns: 16_384,
  staticParts: STATIC_PARTS,
  sheetPart: "xl/worksheets/sheet1.xml",
  sheet,
};

export default definePlugin({
  id: "export_xlsx",
  version: "1.0.0",
  label: "Export Excel (XLSX)",
  description: "Exporte les dossiers dans un classeur Excel (.xlsx), même très volumineux.",
  host: "^1.1.0",
  register(api) {
    api.exportFormat({
      id: "xlsx",
      label: "Excel (.xlsx)",
      mime: MIME,
      extension: "xlsx",
      cells: true,
      write: (columns, rows, sink) => writeSpreadsheet(XLSX, new ZipToSink(sink), columns, rows),
    });
  },
});
