import { suite } from "../../../helpers/suite.ts";
import { spreadsheetContract } from "../../../helpers/spreadsheet_contract.ts";
import { writeRows } from "../../../helpers/export_rows.ts";
import * as assert from "uvu/assert";
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { createPluginHost } from "../../../../core/plugin_host/host.ts";
import type { ExportColumn, ExportFormat, ExportRow } from "../../../../core/plugin_sdk/mod.ts";
import exportXlsx from "../../../../plugins/export_xlsx/mod.ts";

function xlsxFormat(): ExportFormat {
  const host = createPluginHost([{ source: "plugins/export_xlsx", definition: exportXlsx }], {
    log: (m) => {
      throw new Error(m);
    },
  });
  const format = host.exportFormats.get("xlsx");
  if (!format) throw new Error("No xlsx export format registered");
  return format;
}

async function* from(rows: readonly ExportRow[]): AsyncGenerator<ExportRow> {
  yield* rows;
}

/** Writes a workbook into memory; returns its bytes and the chunks the sink received. */
async function write(
  columns: readonly ExportColumn[],
  rows: AsyncIterable<ExportRow> | readonly ExportRow[],
): Promise<{ bytes: Uint8Array; chunks: number }> {
  const chunks: Uint8Array[] = [];
  const iterable = Symbol.asyncIterator in rows ? rows : from(rows);
  await writeRows(xlsxFormat(), columns, iterable, {
    write: (chunk) => {
      chunks.push(chunk.slice());
      return Promise.resolve();
    },
  });
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) bytes.set(c, offset), offset += c.length;
  return { bytes, chunks: chunks.length };
}

async function read(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  assert.is(workbook.worksheets.length, 1);
  return workbook.worksheets[0];
}

const sheetXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)["xl/worksheets/sheet1.xml"]);

const COLUMNS: ExportColumn[] = [
  { id: "numero", label: "N° dossier" },
  { id: "nom", label: "Nom" },
  { id: "commune", label: "Commune" },
  { id: "montant", label: "Montant (€)" },
  { id: "accepte", label: "Accepté" },
];

const plugin = suite("export_xlsx plugin");

plugin("registers the xlsx export format through the plugin host", () => {
  const format = xlsxFormat();
  assert.is(exportXlsx.id, "export_xlsx");
  assert.is(exportXlsx.label, "Export Excel (XLSX)");
  assert.is(format.label, "Excel (.xlsx)");
  assert.is(format.mime, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert.is(format.extension, "xlsx");
});

const cells = suite("export_xlsx cells");

cells(
  "writes one sheet « Dossiers » with the labels as a bold, frozen, filtered header",
  async () => {
    const { bytes } = await write(COLUMNS, [{ numero: 1, nom: "Évelyne", commune: "Kerhuon" }]);
    const sheet = await read(bytes);
    assert.is(sheet.name, "Dossiers");
    assert.equal((sheet.getRow(1).values as unknown[]).slice(1), COLUMNS.map((c) => c.label));
    assert.is(sheet.getCell("A1").font?.bold, true);
    assert.not.ok(sheet.getCell("A2").font?.bold);
    assert.is(sheet.views[0]?.state, "frozen");
    assert.is((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.equal(sheet.autoFilter, "A1:E2");
    for (let i = 1; i <= COLUMNS.length; i++) {
      const width = sheet.getColumn(i).width ?? 0;
      assert.ok(width >= 8 && width <= 60, `column ${i}: ${width}`);
    }
  },
);

cells(
  "writes numbers as numbers, accents as typed, booleans as Oui / Non, null as empty",
  async () => {
    const { bytes } = await write(COLUMNS, [
      { numero: 1042, nom: "Évelyne Le Goff", commune: "Le Relecq-Kerhuon", montant: 1234.5 },
      { numero: 7, nom: null, commune: "Kerhuon", montant: -0.25, accepte: true },
      { numero: 8, nom: "", commune: null, montant: null, accepte: false },
    ]);
    const sheet = await read(bytes);
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    assert.equal(values(2), [1042, "Évelyne Le Goff", "Le Relecq-Kerhuon", 1234.5]);
    assert.equal(values(3), [7, undefined, "Kerhuon", -0.25, "Oui"]);
    assert.equal(values(4), [8, undefined, undefined, undefined, "Non"]);
    assert.is(sheet.getCell("A2").type, ExcelJS.ValueType.Number);
    assert.is(sheet.getCell("B2").type, ExcelJS.ValueType.String);
    assert.is(sheet.getCell("B3").type, ExcelJS.ValueType.Null);
  },
);

cells("escapes XML special characters and keeps line breaks and outer spaces", async () => {
  const text = `<b>Dupont & fils</b> "l'atelier" > 3`;
  const { bytes } = await write([{ id: "t", label: "A < B & « C »" }], [
    { t: text },
    { t: "  deux lignes\nsuite  " },
  ]);
  const sheet = await read(bytes);
  assert.is(sheet.getCell("A1").value, "A < B & « C »");
  assert.is(sheet.getCell("A2").value, text);
  assert.is(sheet.getCell("A3").value, "  deux lignes\nsuite  ");
});

cells("writes a text starting with =, +, -, @ as text, never as a formula", async () => {
  const risky = ['=HYPERLINK("http://x.test","clic")', "+33 6 12 34 56 78", "-1+2", "@SUM(A1)"];
  const { bytes } = await write([{ id: "t", label: "Texte" }], risky.map((t) => ({ t })));
  const sheet = await read(bytes);
  risky.forEach((t, i) => {
    const c = sheet.getCell(`A${i + 2}`);
    assert.is(c.type, ExcelJS.ValueType.String, t);
    assert.is(c.value, t);
    assert.is(c.formula, undefined, t);
  });
  assert.not.ok(sheetXml(bytes).includes("<f>"));
});

cells("drops characters illegal in XML 1.0 and escapes Excel's own _xHHHH_ notation", async () => {
  const { bytes } = await write([{ id: "t", label: "Texte" }], [
    { t: "bip\u0007 nul\u0000 tab\tok \uFFFE\uD800fin 😀" },
    { t: "code _x0041_ littéral" },
  ]);
  const sheet = await read(bytes);
  assert.is(sheet.getCell("A2").value, "bip nul tab\tok fin 😀");
  // Excel reads _x005F_ as « _ » and shows « _x0041_ »; exceljs leaves inline strings raw.
  assert.ok(sheetXml(bytes).includes("code _x005F_x0041_ littéral"));
});

cells("caps a text at Excel's 32,767 characters, ending with « … »", async () => {
  const { bytes } = await write([{ id: "t", label: "Texte" }], [
    { t: "a".repeat(100_000) },
    { t: "b".repeat(32_767) },
    { t: "c".repeat(32_765) + "😀😀" },
  ]);
  const sheet = await read(bytes);
  const long = sheet.getCell("A2").value as string;
  assert.is(long.length, 32_767);
  assert.ok(long.endsWith("a…"));
  assert.is(sheet.getCell("A3").value, "b".repeat(32_767));
  // The cut never splits a surrogate pair.
  assert.is(sheet.getCell("A4").value, "c".repeat(32_765) + "…");
});

cells("sizes columns from the header and the first rows, between 8 and 60 wide", async () => {
  const columns = [
    { id: "numero", label: "N°" },
    { id: "commune", label: "Commune" },
    { id: "motivation", label: "Motivation" },
  ];
  const { bytes } = await write(columns, [
    { numero: 1, commune: "Brest", motivation: "x".repeat(500) },
    { numero: 2, commune: "Le Relecq-Kerhuon", motivation: null },
  ]);
  const sheet = await read(bytes);
  assert.equal([1, 2, 3].map((i) => sheet.getColumn(i).width), [8, 18, 60]);
});

cells("ignores a row's keys that are no column, and inherited ones", async () => {
  const { bytes } = await write([{ id: "toString", label: "Piège" }, { id: "a", label: "A" }], [
    { a: 1, extra: "jamais" },
  ]);
  const sheet = await read(bytes);
  assert.equal((sheet.getRow(2).values as unknown[]).slice(1), [undefined, 1]);
  assert.not.ok(sheetXml(bytes).includes("jamais"));
});

cells("writes a readable workbook with no rows, or no columns", async () => {
  const sheet = await read((await write(COLUMNS, [])).bytes);
  assert.is(sheet.rowCount, 1);
  assert.equal(sheet.autoFilter, "A1:E1");
  const bare = await read((await write([], [{ a: 1 }])).bytes);
  assert.is(bare.name, "Dossiers");
  assert.is(bare.actualRowCount, 0);
});

const streaming = suite("export_xlsx streaming");

streaming("streams 200,000 rows to the sink in many chunks, readable back", async () => {
  const total = 200_000;
  const sunk: Uint8Array[] = [];
  let bytesAtHalf = 0;
  // Mostly one cell a row: exceljs takes ~10 µs to read a cell, the writer is not what is slow.
  async function* rows(): AsyncGenerator<ExportRow> {
    for (let i = 1; i <= total; i++) {
      if (i === total / 2) bytesAtHalf = sunk.reduce((n, c) => n + c.length, 0);
      yield i % 1000 === 0
        ? { numero: i, nom: `Usager ${i}`, commune: "Kerhuon", montant: i / 4, accepte: true }
        : { numero: i };
    }
  }
  await writeRows(xlsxFormat(), COLUMNS, rows(), {
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

  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of sunk) bytes.set(c, offset), offset += c.length;
  const sheet = await read(bytes);
  assert.is(sheet.rowCount, total + 1);
  assert.equal((sheet.getRow(total).values as unknown[]).slice(1), [total - 1]);
  assert.equal((sheet.getRow(total + 1).values as unknown[]).slice(1), [
    total,
    `Usager ${total}`,
    "Kerhuon",
    total / 4,
    "Oui",
  ]);
});

const limits = suite("export_xlsx limits");

spreadsheetContract(streaming, limits, xlsxFormat, COLUMNS, { name: "Excel", app: "Excel" });

plugin.run();
cells.run();
streaming.run();
limits.run();
