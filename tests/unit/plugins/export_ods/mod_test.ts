import { suite } from "../../../helpers/suite.ts";
import { spreadsheetContract } from "../../../helpers/spreadsheet_contract.ts";
import { writeRows } from "../../../helpers/export_rows.ts";
import * as assert from "uvu/assert";
import { strFromU8, unzipSync } from "fflate";
import { createPluginHost } from "../../../../core/plugin_host/host.ts";
import type { ExportColumn, ExportFormat, ExportRow } from "../../../../core/plugin_sdk/mod.ts";
import exportOds from "../../../../plugins/export_ods/mod.ts";

const MIME = "application/vnd.oasis.opendocument.spreadsheet";

function odsFormat(): ExportFormat {
  const host = createPluginHost([{ source: "plugins/export_ods", definition: exportOds }], {
    log: (m) => {
      throw new Error(m);
    },
  });
  const format = host.exportFormats.get("ods");
  if (!format) throw new Error("No ods export format registered");
  return format;
}

async function* from(rows: readonly ExportRow[]): AsyncGenerator<ExportRow> {
  yield* rows;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) bytes.set(c, offset), offset += c.length;
  return bytes;
}

/** Writes a spreadsheet into memory; returns its bytes and the chunks the sink received. */
async function write(
  columns: readonly ExportColumn[],
  rows: AsyncIterable<ExportRow> | readonly ExportRow[],
): Promise<{ bytes: Uint8Array; chunks: number }> {
  const chunks: Uint8Array[] = [];
  const iterable = Symbol.asyncIterator in rows ? rows : from(rows);
  await writeRows(odsFormat(), columns, iterable, {
    write: (chunk) => {
      chunks.push(chunk.slice());
      return Promise.resolve();
    },
  });
  return { bytes: concat(chunks), chunks: chunks.length };
}

const contentXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)["content.xml"]);

/** XML text content with the five predefined entities resolved. */
function unescape(text: string): string {
  return text.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e]!,
  );
}

interface Cell {
  type?: string;
  value?: string;
  style?: string;
  /** Paragraphs, `text:s` and `text:tab` expanded. */
  text: string;
  formula: boolean;
}

/** The table's rows, header included, as cells; repeated empty cells expanded. */
function tableRows(xml: string): Cell[][] {
  const rows: Cell[][] = [];
  for (const [, row] of xml.matchAll(/<table:table-row>(.*?)<\/table:table-row>/gs)) {
    const cells: Cell[] = [];
    const cellRe = /<table:table-cell([^>]*?)(?:\/>|>(.*?)<\/table:table-cell>)/gs;
    for (const [, attrs, inner] of row.matchAll(cellRe)) {
      const attr = (name: string) => attrs.match(new RegExp(`${name}="([^"]*)"`))?.[1];
      const paragraphs = [...(inner ?? "").matchAll(/<text:p>(.*?)<\/text:p>/gs)].map(([, p]) =>
        unescape(
          p.replace(/<text:s text:c="(\d+)"\/>/g, (_, n: string) => " ".repeat(+n))
            .replace(/<text:s\/>/g, " ").replace(/<text:tab\/>/g, "\t")
            .replace(/<text:line-break\/>/g, "\n"),
        )
      );
      const cell: Cell = {
        type: attr("office:value-type"),
        value: attr("office:value"),
        style: attr("table:style-name"),
        text: paragraphs.join("\n"),
        formula: attrs.includes("table:formula"),
      };
      const repeat = Number(attr("table:number-columns-repeated") ?? 1);
      for (let i = 0; i < repeat; i++) cells.push(cell);
    }
    rows.push(cells);
  }
  return rows;
}

/** A row's cells as plain values: text for strings, numbers for floats, null for empty. */
const values = (row: Cell[], width: number) =>
  Array.from({ length: width }, (_, i) => {
    const c = row[i];
    if (!c?.type) return null;
    return c.type === "float" ? Number(c.value) : c.text;
  });

const COLUMNS: ExportColumn[] = [
  { id: "numero", label: "N° dossier" },
  { id: "nom", label: "Nom" },
  { id: "commune", label: "Commune" },
  { id: "montant", label: "Montant (€)" },
  { id: "accepte", label: "Accepté" },
];

const plugin = suite("export_ods plugin");

plugin("registers the ods export format through the plugin host", () => {
  const format = odsFormat();
  assert.is(exportOds.id, "export_ods");
  assert.is(exportOds.label, "Export OpenDocument (ODS)");
  assert.ok(exportOds.description);
  assert.is(format.label, "OpenDocument (.ods)");
  assert.is(format.mime, MIME);
  assert.is(format.extension, "ods");
});

const pkg = suite("export_ods package");

pkg("starts with a stored mimetype entry, sizes in its header, no extra field", async () => {
  const { bytes } = await write(COLUMNS, [{ numero: 1 }]);
  const view = new DataView(bytes.buffer);
  assert.is(view.getUint32(0, true), 0x0403_4b50, "a local file header first");
  assert.is(view.getUint16(6, true) & 8, 0, "no data descriptor");
  assert.is(view.getUint16(8, true), 0, "stored");
  assert.is(view.getUint32(18, true), MIME.length, "compressed size");
  assert.is(view.getUint32(22, true), MIME.length, "size");
  assert.is(view.getUint16(26, true), 8);
  assert.is(view.getUint16(28, true), 0, "no extra field");
  assert.is(strFromU8(bytes.subarray(30, 38)), "mimetype");
  // Where `file` and other sniffers look for it.
  assert.is(strFromU8(bytes.subarray(38, 38 + MIME.length)), MIME);

  const files = unzipSync(bytes);
  assert.equal(Object.keys(files), [
    "mimetype",
    "META-INF/manifest.xml",
    "styles.xml",
    "content.xml",
  ]);
  assert.is(strFromU8(files["mimetype"]), MIME);
});

pkg("lists the root, content.xml and styles.xml in the manifest", async () => {
  const { bytes } = await write(COLUMNS, []);
  const manifest = strFromU8(unzipSync(bytes)["META-INF/manifest.xml"]);
  assert.match(
    manifest,
    `manifest:full-path="/" manifest:version="1.2" manifest:media-type="${MIME}"`,
  );
  assert.match(manifest, 'manifest:full-path="content.xml" manifest:media-type="text/xml"');
  assert.match(manifest, 'manifest:full-path="styles.xml" manifest:media-type="text/xml"');
  assert.match(strFromU8(unzipSync(bytes)["styles.xml"]), /<office:document-styles /);
});

const cells = suite("export_ods cells");

cells("writes one table « Dossiers » with the labels as a bold header", async () => {
  const { bytes } = await write(COLUMNS, [{ numero: 1, nom: "Évelyne", commune: "Kerhuon" }]);
  const xml = contentXml(bytes);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  assert.match(xml, 'office:version="1.2"');
  assert.equal([...xml.matchAll(/<table:table /g)].length, 1);
  assert.match(xml, '<table:table table:name="Dossiers">');
  const rows = tableRows(xml);
  assert.is(rows.length, 2);
  assert.equal(values(rows[0], 5), COLUMNS.map((c) => c.label));
  assert.ok(rows[0].every((c) => c.style === "ce1" && c.type === "string"));
  assert.match(
    xml,
    /<style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:font-weight="bold"/,
  );
  assert.is(rows[1][0].style, undefined);
  // One column each, sized between 8 and 60 characters.
  const widths = [...xml.matchAll(/<table:table-column table:style-name="co(\d+)"\/>/g)];
  assert.is(widths.length, 5);
  for (const [, w] of widths) assert.ok(+w >= 8 && +w <= 60, w);
});

cells(
  "writes numbers as floats, accents as typed, booleans as Oui / Non, null as empty",
  async () => {
    const { bytes } = await write(COLUMNS, [
      { numero: 1042, nom: "Évelyne Le Goff", commune: "Le Relecq-Kerhuon", montant: 1234.5 },
      { numero: 7, nom: null, commune: "Kerhuon", montant: -0.25, accepte: true },
      { numero: 8, nom: "", commune: null, montant: Number.NaN, accepte: false },
    ]);
    const xml = contentXml(bytes);
    const rows = tableRows(xml);
    assert.equal(values(rows[1], 5), [1042, "Évelyne Le Goff", "Le Relecq-Kerhuon", 1234.5, null]);
    assert.equal(values(rows[2], 5), [7, null, "Kerhuon", -0.25, "Oui"]);
    assert.equal(values(rows[3], 5), [8, null, null, null, "Non"]);
    assert.match(
      xml,
      '<table:table-cell office:value-type="float" office:value="1234.5"><text:p>1234.5</text:p>',
    );
    assert.match(xml, '<table:table-cell office:value-type="string"><text:p>Évelyne Le Goff<');
    // Runs of empty cells are merged.
    assert.match(xml, '<table:table-cell table:number-columns-repeated="3"/>');
    assert.is(rows[1][1].type, "string");
    assert.is(rows[2][1].type, undefined);
  },
);

cells("escapes XML special characters", async () => {
  const text = `<b>Dupont & fils</b> "l'atelier" > 3`;
  const { bytes } = await write([{ id: "t", label: "A < B & « C »" }], [{ t: text }]);
  const xml = contentXml(bytes);
  assert.match(xml, "&lt;b&gt;Dupont &amp; fils&lt;/b&gt;");
  assert.not.match(xml, "<b>");
  const rows = tableRows(xml);
  assert.is(rows[0][0].text, "A < B & « C »");
  assert.is(rows[1][0].text, text);
});

cells("keeps line breaks as paragraphs, and spaces and tabs readers would collapse", async () => {
  const { bytes } = await write([{ id: "t", label: "Texte" }], [
    { t: "  deux lignes\nsuite  " },
    { t: "a\r\nb\rc" },
    { t: "un  deux   trois\tquatre" },
  ]);
  const xml = contentXml(bytes);
  assert.match(
    xml,
    '<text:p><text:s text:c="2"/>deux lignes</text:p><text:p>suite<text:s text:c="2"/></text:p>',
  );
  assert.match(xml, "<text:p>a</text:p><text:p>b</text:p><text:p>c</text:p>");
  assert.match(xml, '<text:p>un <text:s/>deux <text:s text:c="2"/>trois<text:tab/>quatre</text:p>');
  const rows = tableRows(xml);
  assert.is(rows[1][0].text, "  deux lignes\nsuite  ");
  assert.is(rows[2][0].text, "a\nb\nc");
  assert.is(rows[3][0].text, "un  deux   trois\tquatre");
});

cells("writes a text starting with =, +, -, @ as a string cell, never a formula", async () => {
  const risky = ['=HYPERLINK("http://x.test","clic")', "+33 6 12 34 56 78", "-1+2", "@SUM(A1)"];
  const { bytes } = await write([{ id: "t", label: "Texte" }], risky.map((t) => ({ t })));
  const xml = contentXml(bytes);
  const rows = tableRows(xml);
  risky.forEach((t, i) => {
    assert.is(rows[i + 1][0].type, "string", t);
    assert.is(rows[i + 1][0].text, t);
    assert.not.ok(rows[i + 1][0].formula, t);
  });
  assert.not.match(xml, "table:formula");
  assert.match(xml, "<text:p>=HYPERLINK(");
});

cells("drops characters illegal in XML 1.0", async () => {
  const { bytes } = await write([{ id: "t", label: "Texte" }], [
    { t: "bip\u0007 nul\u0000 ok \uFFFE\uD800fin 😀" },
    { t: "\u0001\u0002" },
  ]);
  const rows = tableRows(contentXml(bytes));
  assert.is(rows[1][0].text, "bip nul ok fin 😀");
  assert.is(rows[2][0].type, undefined, "nothing left: an empty cell");
});

cells("ignores a row's keys that are no column, and inherited ones", async () => {
  const { bytes } = await write([{ id: "toString", label: "Piège" }, { id: "a", label: "A" }], [
    { a: 1, extra: "jamais" },
  ]);
  const xml = contentXml(bytes);
  assert.equal(values(tableRows(xml)[1], 2), [null, 1]);
  assert.not.match(xml, "jamais");
});

cells("writes a valid table with no rows, or no columns", async () => {
  const empty = contentXml((await write(COLUMNS, [])).bytes);
  assert.is(tableRows(empty).length, 1);
  const bare = contentXml((await write([], [{ a: 1 }])).bytes);
  assert.match(bare, '<table:table table:name="Dossiers"><table:table-column/>');
  // A row holds at least one cell, even an empty one.
  assert.equal(tableRows(bare).map((r) => r.length), [1, 1]);
});

const streaming = suite("export_ods streaming");

streaming("streams 200,000 rows to the sink in many chunks, readable back", async () => {
  const total = 200_000;
  const sunk: Uint8Array[] = [];
  let bytesAtHalf = 0;
  async function* rows(): AsyncGenerator<ExportRow> {
    for (let i = 1; i <= total; i++) {
      if (i === total / 2) bytesAtHalf = sunk.reduce((n, c) => n + c.length, 0);
      yield i % 1000 === 0
        ? { numero: i, nom: `Usager ${i}`, commune: "Kerhuon", montant: i / 4, accepte: true }
        : { numero: i };
    }
  }
  await writeRows(odsFormat(), COLUMNS, rows(), {
    write: (chunk) => {
      sunk.push(chunk.slice());
      return Promise.resolve();
    },
  });
  const size = sunk.reduce((n, c) => n + c.length, 0);
  assert.ok(sunk.length > 50, `${sunk.length} chunks`);
  assert.ok(Math.max(...sunk.map((c) => c.length)) < 64 * 1024, "no chunk of 64 KiB or more");
  // The sink had a good part of the file long before the last row was read.
  assert.ok(bytesAtHalf > size / 4, `${bytesAtHalf} of ${size} bytes written at half`);

  const bytes = concat(sunk);
  assert.is(strFromU8(unzipSync(bytes)["mimetype"]), MIME);
  const table = tableRows(contentXml(bytes));
  assert.is(table.length, total + 1);
  assert.equal(values(table[total - 1], 5), [total - 1, null, null, null, null]);
  assert.equal(values(table[total], 5), [total, `Usager ${total}`, "Kerhuon", total / 4, "Oui"]);
});

const limits = suite("export_ods limits");

spreadsheetContract(streaming, limits, odsFormat, COLUMNS, { name: "OpenDocument", app: "Calc" });

plugin.run();
pkg.run();
cells.run();
streaming.run();
limits.run();
