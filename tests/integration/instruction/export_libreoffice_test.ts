/**
 * The XLSX and ODS exports open in LibreOffice as they should: converted headless to CSV
 * (cells as shown) they give back the texts, numbers, « Oui »/« Non » and Paris dates that
 * were written, and converted to flat ODS their dates are date cells, not texts. Skipped
 * (counted) where `soffice` is missing: `apt-get install libreoffice-calc-nogui`.
 */
import { writeRows } from "../../helpers/export_rows.ts";
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { createPluginHost } from "../../../core/plugin_host/host.ts";
import type { ExportColumn, ExportRow } from "../../../core/plugin_sdk/mod.ts";
import exportOds from "../../../plugins/export_ods/mod.ts";
import exportXlsx from "../../../plugins/export_xlsx/mod.ts";

const SOFFICE = "/usr/bin/soffice";
const available = await Deno.stat(SOFFICE).then(() => true, () => false);

const COLUMNS: ExportColumn[] = [
  { id: "numero", label: "Numéro" },
  { id: "nom", label: "Nom" },
  { id: "montant", label: "Montant" },
  { id: "accepte", label: "Accepté" },
  { id: "depose", label: "Déposé le", kind: "datetime" },
  { id: "naissance", label: "Naissance", kind: "date" },
];
const ROWS: ExportRow[] = [
  {
    numero: 1,
    nom: 'Élise "la" Brûlé & fils <sarl>',
    montant: 12.5,
    accepte: true,
    depose: { kind: "datetime", value: "2026-12-06T03:13:00.000Z" },
    naissance: { kind: "date", value: "1990-07-14" },
  },
  {
    numero: 2,
    nom: "=1+1",
    montant: -3,
    accepte: false,
    // Summer time, and the next day in Paris.
    depose: { kind: "datetime", value: "2026-07-14T22:30:00.000Z" },
    naissance: null,
  },
  { numero: 3, nom: "ligne 1\nligne 2", montant: null, accepte: null, depose: null },
];
/** The cells as LibreOffice shows them (numbers with a dot: the locale may use a comma). */
const SHOWN = [
  ["Numéro", "Nom", "Montant", "Accepté", "Déposé le (heure de Paris)", "Naissance"],
  ["1", 'Élise "la" Brûlé & fils <sarl>', "12.5", "Oui", "06/12/2026 04:13", "14/07/1990"],
  ["2", "=1+1", "-3", "Non", "15/07/2026 00:30", ""],
  ["3", "ligne 1\nligne 2", "", "", "", ""],
];

/** RFC 4180 as LibreOffice writes it: « , » between cells, « " » around those that need it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') cell += '"', i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), cell = "";
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell), rows.push(row), row = [], cell = "";
    } else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  // Trailing empty cells are not written by every exporter: pad to the width.
  return rows.map((r) => [...r, ...Array(Math.max(0, SHOWN[0].length - r.length)).fill("")]);
}

async function writeFile(format: "xlsx" | "ods", path: string) {
  const host = createPluginHost([
    { source: "plugins/export_xlsx", definition: exportXlsx },
    { source: "plugins/export_ods", definition: exportOds },
  ], {
    log: (m) => {
      throw new Error(m);
    },
  });
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    await writeRows(host.exportFormats.get(format)!, COLUMNS, ROWS, {
      write: async (chunk) => {
        let at = 0;
        while (at < chunk.length) at += await file.write(chunk.subarray(at));
      },
    });
  } finally {
    file.close();
  }
}

/** Converts `files` headless into `dir` (`csv:…` or `fods`), in a profile of its own. */
async function convert(dir: string, to: string, files: string[]) {
  const out = await new Deno.Command(SOFFICE, {
    args: [
      `-env:UserInstallation=file://${dir}/profile`,
      "--headless",
      "--norestore",
      "--convert-to",
      to,
      "--outdir",
      dir,
      ...files,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
}

const lo = suite<{ dir: string }>("exports in LibreOffice", { dir: "" });

if (!available) {
  lo.skip("XLSX and ODS read back by LibreOffice (soffice is missing)", () => {});
} else {
  lo.before(async (ctx) => {
    ctx.dir = await Deno.makeTempDir({ prefix: "guichet-libreoffice-" });
    await writeFile("xlsx", `${ctx.dir}/dossiers.xlsx`);
    await writeFile("ods", `${ctx.dir}/dossiers-ods.ods`);
  });
  lo.after(async (ctx) => {
    await Deno.remove(ctx.dir, { recursive: true }).catch(() => {});
  });

  lo("XLSX and ODS converted to CSV give back every cell as written", async ({ dir }) => {
    // 44: « , »; 34: « " »; 76: UTF-8.
    await convert(dir, "csv:Text - txt - csv (StarCalc):44,34,76", [
      `${dir}/dossiers.xlsx`,
      `${dir}/dossiers-ods.ods`,
    ]);
    for (const name of ["dossiers", "dossiers-ods"]) {
      const cells = parseCsv(await Deno.readTextFile(`${dir}/${name}.csv`))
        .map((row) => row.map((cell, i) => i === 2 ? cell.replace(",", ".") : cell));
      assert.equal(cells, SHOWN, name);
    }
  });

  lo("their dates are date cells in Paris time, not texts", async ({ dir }) => {
    await convert(dir, "fods", [`${dir}/dossiers.xlsx`, `${dir}/dossiers-ods.ods`]);
    for (const name of ["dossiers", "dossiers-ods"]) {
      const xml = await Deno.readTextFile(`${dir}/${name}.fods`);
      const dates = [...xml.matchAll(/office:value-type="date" office:date-value="([^"]+)"/g)]
        .map((m) => m[1]);
      assert.equal(
        dates,
        ["2026-12-06T04:13:00", "1990-07-14", "2026-07-15T00:30:00"],
        name,
      );
    }
  });
}

lo.run();
