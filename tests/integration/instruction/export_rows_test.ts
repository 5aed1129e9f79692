/**
 * How the host hands rows to an export format: as objects by column id to a format of SDK
 * 1.0 (every dossier column and the chosen ones of the form), as their cells in the order
 * of the chosen columns to a format declaring `cells: true` (SDK 1.1), the same values both.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  keepSessionsOpen,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent as instructeur } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import {
  definePlugin,
  type ExportCells,
  type ExportColumn,
  type ExportRow,
} from "../../../core/plugin_sdk/mod.ts";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  demarcheId: number;
  ids: number[];
}

/** What each format was given: its columns and rows. */
const seen: Record<string, { columns: readonly ExportColumn[]; rows: unknown[] }> = {};

const spy = definePlugin({
  id: "spy_rows",
  version: "1.0.0",
  label: "Espion des lignes",
  host: "^1.0.0",
  register(api) {
    api.exportFormat({
      id: "by_id",
      label: "Par identifiant",
      mime: "text/plain",
      extension: "txt",
      async write(columns, rows: AsyncIterable<ExportRow>) {
        seen.by_id = { columns, rows: [] };
        for await (const row of rows) seen.by_id.rows.push(row);
      },
    });
    api.exportFormat({
      id: "by_cells",
      label: "Par cellules",
      mime: "text/plain",
      extension: "txt",
      cells: true,
      async write(columns, rows: AsyncIterable<ExportCells>) {
        seen.by_cells = { columns, rows: [] };
        for await (const row of rows) seen.by_cells.rows.push(row);
      },
    });
  },
});

const rows = suite<Ctx>("export rows");
rows.before(async (ctx) => {
  const t = ctx.t = await startTestInstance({
    extraPlugins: [{ source: "tests/spy_rows", definition: spy }],
  });
  ctx.demarcheId = await publishedDemarche(await superAdminAgent(t), {
    titre: "Mouillages",
    path: "mouillages",
    settings: {
      service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    },
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
        { stableId: "arrivee", type: "datetime", label: "Arrivée" },
      ],
      annotations: [{ stableId: "avis", type: "textarea", label: "Avis" }],
    },
  });
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  const usager = await signedUpAgent(t, "skipper@exemple.fr");
  ctx.ids = [];
  for (const values of [{ nom: "Le Goéland", longueur: 8.5, arrivee: "2026-07-14T10:30" }]) {
    const { id: dossier } = await usager.trpc.usager.start.mutate({ path: "mouillages" });
    await usager.trpc.usager.save.mutate({ id: dossier, values });
    await usager.trpc.usager.deposer.mutate({ id: dossier });
    ctx.ids.push(dossier);
  }
  await ctx.marc.trpc.instruction.saveAnnotations.mutate({
    id: ctx.ids[0],
    values: { avis: "Complet." },
  });
  await keepSessionsOpen(t);
});
rows.after(async (ctx) => {
  await ctx.t.stop();
});

async function exportAs(ctx: Ctx, format: string, columns: string[]) {
  const { id } = await ctx.marc.trpc.instruction.exports.request.mutate({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    format,
    columns,
  });
  await ctx.t.flush();
  const list = await ctx.marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId });
  const done = list.find((e) => e.id === id)!;
  assert.is(done.status, "done", done.error ?? "");
  return seen[format];
}

const CHOSEN = ["annotation:avis", "champ:arrivee", "numero", "champ:longueur", "etat"];

rows("a format of cells reads each row as its cells, in the order of the columns", async (ctx) => {
  const { columns, rows } = await exportAs(ctx, "by_cells", CHOSEN);
  assert.equal(columns.map((c) => c.id), CHOSEN);
  assert.equal(rows, [[
    "Complet.",
    { kind: "datetime", value: "2026-07-14T08:30:00.000Z" },
    ctx.ids[0],
    8.5,
    "En construction",
  ]]);
});

rows(
  "a format of SDK 1.0 reads each row as an object: every dossier column, the chosen ones",
  async (ctx) => {
    const { columns, rows } = await exportAs(ctx, "by_id", CHOSEN);
    assert.equal(columns.map((c) => c.id), CHOSEN);
    assert.is(rows.length, 1);
    const row = rows[0] as ExportRow;
    assert.equal(Object.keys(row).sort(), [
      "annotation:avis",
      "champ:arrivee",
      "champ:longueur",
      "decide_le",
      "depose_le",
      "etat",
      "etiquettes",
      "modifie_le",
      "motivation",
      "numero",
      "usager",
    ]);
    assert.is(row.numero, ctx.ids[0]);
    assert.is(row.usager, "skipper@exemple.fr");
    assert.is(row.etat, "En construction");
    assert.is(row["champ:longueur"], 8.5);
    assert.equal(row["champ:arrivee"], { kind: "datetime", value: "2026-07-14T08:30:00.000Z" });
    assert.is(row["annotation:avis"], "Complet.");
    assert.equal(row.decide_le, null);
  },
);

rows.run();
