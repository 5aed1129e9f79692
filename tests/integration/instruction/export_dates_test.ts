/**
 * Dates in exports are Paris time in every format: a dossier deposited in summer (+02:00)
 * and one in winter (+01:00), through the injected clock, read back from the CSV (ISO 8601
 * with offset), the XLSX (real date cells, Paris wall time) and the ODS (`date` cells).
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  BASE_URL,
  keepSessionsOpen,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent as instructeur } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  demarcheId: number;
  ids: number[];
  now: Date;
}

/** Summer: 2026-07-14 08:30 UTC is 10:30 in Paris; winter: 2026-12-06 03:13 UTC is 04:13. */
const SUMMER = new Date("2026-07-14T08:30:00Z");
const WINTER = new Date("2026-12-06T03:13:00Z");

const dates = suite<Ctx>("export dates");
dates.before(async (ctx) => {
  ctx.now = SUMMER;
  const t = ctx.t = await startTestInstance({ clock: () => ctx.now });
  ctx.demarcheId = await publishedDemarche(await superAdminAgent(t), {
    titre: "Heures de Paris",
    path: "heures-de-paris",
    settings: { service: { nom: "Capitainerie", organisme: "Mairie", email: "port@mairie.fr" } },
    form: {
      champs: [
        { stableId: "jour", type: "date", label: "Jour de l’escale" },
        { stableId: "arrivee", type: "datetime", label: "Arrivée" },
      ],
      annotations: [],
    },
  });
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  const usager = await signedUpAgent(t, "escale@exemple.fr");
  ctx.ids = [];
  const filled = [
    { at: SUMMER, values: { jour: "2026-07-20", arrivee: "2026-07-20T18:45" } },
    { at: WINTER, values: { jour: "2026-12-24", arrivee: "2026-12-24T09:05" } },
  ];
  await keepSessionsOpen(t);
  for (const { at, values } of filled) {
    ctx.now = at;
    const { id: dossier } = await usager.trpc.usager.start.mutate({ path: "heures-de-paris" });
    await usager.trpc.usager.save.mutate({ id: dossier, values });
    await usager.trpc.usager.deposer.mutate({ id: dossier });
    ctx.ids.push(dossier);
  }
});
dates.after(async (ctx) => {
  await ctx.t.stop();
});

/** The bytes of a finished export of « tous » in `format`. */
async function exported(ctx: Ctx, format: string): Promise<Uint8Array> {
  const { id } = await ctx.marc.trpc.instruction.exports.request.mutate({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    format,
  });
  await ctx.t.flush();
  const done = (await ctx.marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId }))
    .find((e) => e.id === id)!;
  assert.is(done.status, "done", done.error ?? "");
  const res = await ctx.marc.fetch(`${BASE_URL}/files/${done.file!.id}`);
  assert.is(res.status, 200);
  return new Uint8Array(await res.arrayBuffer());
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

dates(
  "CSV: instants as ISO 8601 with the Paris offset of their day, days as YYYY-MM-DD",
  async (ctx) => {
    const text = new TextDecoder().decode(await exported(ctx, "csv"));
    const [header, summer, winter] = text.split("\r\n").map((line) => line.split(";"));
    const at = (label: string) => header.indexOf(label);
    assert.ok(at("Déposé le") > 0, header.join(";"));
    for (const row of [summer, winter]) {
      for (const label of ["Déposé le", "Modifié le", "Arrivée"]) {
        assert.match(row[at(label)], ISO_WITH_OFFSET, `${label}: ${row[at(label)]}`);
      }
    }
    assert.is(summer[at("Déposé le")], "2026-07-14T10:30:00+02:00", "summer time");
    assert.is(winter[at("Déposé le")], "2026-12-06T04:13:00+01:00", "winter time");
    assert.is(
      summer[at("Arrivée")],
      "2026-07-20T18:45:00+02:00",
      "the wall time typed, with offset",
    );
    assert.is(winter[at("Arrivée")], "2026-12-24T09:05:00+01:00");
    assert.is(summer[at("Jour de l’escale")], "2026-07-20");
    assert.is(winter[at("Jour de l’escale")], "2026-12-24");
    assert.is(summer[at("Décidé le")], "", "no decision, no date");
  },
);

dates("XLSX: real date cells holding the Paris wall time, the header saying so", async (ctx) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await exported(ctx, "xlsx")).buffer as ArrayBuffer);
  const sheet = workbook.getWorksheet("Dossiers")!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const column = (label: string) => header.indexOf(label) + 1;
  assert.ok(column("Déposé le (heure de Paris)") > 0, header.join(" | "));
  // A spreadsheet has no time zone: exceljs reads the wall time as if it were UTC.
  const expected: [string, number, string][] = [
    ["Déposé le (heure de Paris)", 2, "2026-07-14T10:30:00.000Z"],
    ["Déposé le (heure de Paris)", 3, "2026-12-06T04:13:00.000Z"],
    ["Arrivée (heure de Paris)", 2, "2026-07-20T18:45:00.000Z"],
    ["Arrivée (heure de Paris)", 3, "2026-12-24T09:05:00.000Z"],
    ["Jour de l’escale", 2, "2026-07-20T00:00:00.000Z"],
  ];
  for (const [label, row, wall] of expected) {
    const cell = sheet.getRow(row).getCell(column(label));
    assert.ok(cell.value instanceof Date, `${label} row ${row}: ${cell.value}`);
    assert.is((cell.value as Date).toISOString(), wall, `${label} row ${row}`);
  }
  assert.is(
    sheet.getRow(2).getCell(column("Déposé le (heure de Paris)")).numFmt,
    "dd/mm/yyyy hh:mm",
  );
  assert.is(sheet.getRow(2).getCell(column("Jour de l’escale")).numFmt, "dd/mm/yyyy");
});

dates("ODS: date cells with the Paris wall time as office:date-value", async (ctx) => {
  const zip = unzipSync(await exported(ctx, "ods"));
  const content = new TextDecoder().decode(zip["content.xml"]);
  assert.match(content, /Déposé le \(heure de Paris\)/);
  for (
    const [value, shown] of [
      ["2026-07-14T10:30:00", "14/07/2026 10:30"],
      ["2026-12-06T04:13:00", "06/12/2026 04:13"],
      ["2026-12-24T09:05:00", "24/12/2026 09:05"],
      ["2026-07-20", "20/07/2026"],
    ]
  ) {
    assert.ok(
      content.includes(
        `office:value-type="date" office:date-value="${value}"><text:p>${shown}</text:p>`,
      ),
      value,
    );
  }
  assert.match(content, /<number:date-style style:name="N1">/);
});

dates.run();
