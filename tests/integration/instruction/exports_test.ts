/**
 * Exports of a dashboard tab: asked by an instructeur, made by the job queue into a file only
 * they download, with the tab's filters and chosen columns, in every format (CSV, XLSX, ODS,
 * ZIP); refused to anyone else. Over 400 lines because the formats share one démarche.
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
import { refusal } from "../../helpers/refusal.ts";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { drawnText } from "../../helpers/pdf.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  marc: Agent;
  ines: Agent;
  usager: Agent;
  demarcheId: number;
  ids: number[];
  now: Date;
}

const exports = suite<Ctx>("exports");
exports.before(async (ctx) => {
  ctx.now = new Date("2026-11-29T10:00:00Z");
  const t = ctx.t = await startTestInstance({ clock: () => ctx.now });
  ctx.admin = await superAdminAgent(t);
  const admin = ctx.admin.trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: "Titre de navigation" });
  ctx.demarcheId = id;
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({
    id,
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
        {
          stableId: "zone",
          type: "drop_down_list",
          label: "Zone",
          options: { choices: ["Manche", "Atlantique"] },
        },
        {
          stableId: "anciens",
          type: "repetition",
          label: "Propriétaires précédents",
          children: [{ stableId: "a_nom", type: "text", label: "Nom" }],
        },
      ],
      annotations: [{ stableId: "avis", type: "textarea", label: "Avis du secrétariat" }],
    },
  });
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: "marc@mairie.fr",
  });
  const { id: autre } = await admin.admin.demarches.groupes.add.mutate({
    demarcheId: id,
    label: "Morbihan",
  });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: autre,
    email: "ines@mairie.fr",
  });
  await admin.admin.demarches.publish.mutate({ id, path: "titre-navigation" });
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  ctx.ines = await instructeur(t, "ines@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  ctx.ids = [];
  const filled = [
    { nom: "Le Goéland", longueur: 8.5, zone: "Manche", anciens: [{ a_nom: "Kerhuon" }] },
    { nom: '=HYPERLINK("http://x")', longueur: 6, zone: "Atlantique" },
    { nom: 'Penn; "Ar" Bed', zone: "Manche" },
  ];
  for (const values of filled) {
    const { id: dossier } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await ctx.usager.trpc.usager.save.mutate({ id: dossier, values });
    await ctx.usager.trpc.usager.deposer.mutate({ id: dossier });
    ctx.ids.push(dossier);
  }
  await ctx.marc.trpc.instruction.saveAnnotations.mutate({
    id: ctx.ids[0],
    values: { avis: "Complet." },
  });
  const labels = admin.admin.demarches.labels;
  const urgent = await labels.create.mutate({ demarcheId: id, name: "Urgent", color: "rouge" });
  const piece = await labels.create.mutate({
    demarcheId: id,
    name: "Pièce manquante",
    color: "orange",
  });
  await ctx.marc.trpc.instruction.labels.set.mutate({
    dossierId: ctx.ids[0],
    labelIds: [urgent.id, piece.id],
  });
  // A test moves the clock two days ahead: the sessions must outlive it.
  await keepSessionsOpen(t);
});
exports.after(async (ctx) => {
  await ctx.t.stop();
});

/** Parses the CSV the way a spreadsheet does (« ; », quotes doubled). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"', i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") (row.push(cell), cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      (row.push(cell), rows.push(row), row = [], cell = "", i++);
    } else cell += ch;
  }
  return rows;
}

async function exported(ctx: Ctx, agent: Agent, filters = {}, columns: string[] | null = null) {
  const { id } = await agent.trpc.instruction.exports.request.mutate({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    format: "csv",
    filters,
    columns,
  });
  await ctx.t.flush();
  const list = await agent.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId });
  const done = list.find((e) => e.id === id)!;
  assert.is(done.status, "done", done.error ?? "");
  const res = await agent.fetch(`${BASE_URL}/files/${done.file!.id}`);
  assert.is(res.status, 200);
  // The bytes as they are (a `text()` would drop the byte order mark).
  const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { id, done, csv };
}

exports("an instructeur exports « tous » as CSV and downloads it", async (ctx) => {
  const formats = await ctx.marc.trpc.instruction.exports.formats.query({
    demarcheId: ctx.demarcheId,
  });
  assert.ok(formats.some((f) => f.id === "csv" && f.label === "CSV (.csv)"));
  const { done, csv } = await exported(ctx, ctx.marc);
  assert.is(done.rows, 3);
  assert.match(done.file!.filename, /^titre-de-navigation-tous-2026-11-29\.csv$/);
  assert.ok(csv.startsWith("\uFEFF"), "a byte order mark, for Excel");
  const [header, ...rows] = parseCsv(csv.slice(1));
  assert.equal(header, [
    "Numéro",
    "État",
    "Usager",
    "Déposé le",
    "Modifié le",
    "Décidé le",
    "Motivation",
    "Étiquettes",
    "Nom du bateau",
    "Longueur (m)",
    "Zone",
    "Propriétaires précédents",
    "Annotation : Avis du secrétariat",
  ]);
  assert.equal(rows.map((r) => r[0]), ctx.ids.map(String), "oldest first, every dossier once");
  const [goeland, formula, quoted] = rows;
  assert.equal(goeland.slice(1, 4), [
    "En construction",
    "proprietaire@exemple.fr",
    "2026-11-29T11:00:00+01:00",
  ]);
  assert.equal(goeland.slice(7), [
    "Pièce manquante, Urgent",
    "Le Goéland",
    "8,5",
    "Manche",
    "Nom : Kerhuon",
    "Complet.",
  ]);
  assert.is(formula[7], "", "no label");
  assert.is(formula[8], '\'=HYPERLINK("http://x")', "never run as a formula");
  assert.is(quoted[8], 'Penn; "Ar" Bed');
  assert.is(quoted[9], "", "an empty champ stays empty");
});

exports(
  "the same export as XLSX opens in a spreadsheet reader with numbers as numbers",
  async (ctx) => {
    const { id } = await ctx.marc.trpc.instruction.exports.request.mutate({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      format: "xlsx",
    });
    await ctx.t.flush();
    const list = await ctx.marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId });
    const done = list.find((e) => e.id === id)!;
    assert.is(done.status, "done", done.error ?? "");
    assert.match(done.file!.filename, /\.xlsx$/);
    const res = await ctx.marc.fetch(`${BASE_URL}/files/${done.file!.id}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet("Dossiers")!;
    assert.is(sheet.rowCount, 4);
    assert.is(sheet.getCell("A1").value, "Numéro");
    assert.is(sheet.getCell("A2").value, ctx.ids[0], "the number as a number");
    assert.is(sheet.getCell("I2").value, "Le Goéland");
    assert.is(sheet.getCell("J2").value, 8.5);
    assert.is(sheet.getCell("I3").value, '=HYPERLINK("http://x")', "text, not a formula");
  },
);

exports("an export keeps the tab's filters", async (ctx) => {
  const { csv, done } = await exported(ctx, ctx.marc, {
    champs: [{ stableId: "zone", op: "eq", value: "Manche" }],
  });
  assert.is(done.rows, 2);
  assert.ok(done.filtered);
  assert.equal(
    parseCsv(csv.slice(1)).slice(1).map((r) => r[0]),
    [ctx.ids[0], ctx.ids[2]].map(String),
  );
  const searched = await exported(ctx, ctx.marc, { search: "goeland" });
  assert.equal(parseCsv(searched.csv.slice(1)).slice(1).map((r) => r[0]), [String(ctx.ids[0])]);
});

exports("chosen columns are written in the order given, and remembered", async (ctx) => {
  const columns = () =>
    ctx.marc.trpc.instruction.exports.columns.query({ demarcheId: ctx.demarcheId });
  const offered = await columns();
  assert.is(offered.chosen, null, "every column until a choice is made");
  assert.equal(offered.columns[0], { id: "numero", label: "Numéro", group: "dossier" });
  assert.ok(offered.columns.some((c) => c.id === "champ:zone" && c.group === "champ"));
  assert.ok(
    offered.columns.some((c) =>
      c.id === "annotation:avis" && c.label === "Annotation : Avis du secrétariat" &&
      c.group === "annotation"
    ),
  );
  const chosen = ["champ:nom", "numero", "annotation:avis"];
  const { csv, done } = await exported(ctx, ctx.marc, {}, chosen);
  assert.is(done.chosenColumns, 3);
  const [header, first] = parseCsv(csv.slice(1));
  assert.equal(header, ["Nom du bateau", "Numéro", "Annotation : Avis du secrétariat"]);
  assert.equal(first, ["Le Goéland", String(ctx.ids[0]), "Complet."]);
  assert.equal((await columns()).chosen, chosen);
  assert.is(
    (await ctx.ines.trpc.instruction.exports.columns.query({ demarcheId: ctx.demarcheId })).chosen,
    null,
    "a choice is the instructeur's own",
  );
  const every = await exported(ctx, ctx.marc);
  assert.is(every.done.chosenColumns, null);
  assert.is(parseCsv(every.csv.slice(1))[0].length, 13);
  assert.is((await columns()).chosen, null, "« toutes les colonnes » is remembered too");

  const unknown = await refusal(
    ctx.marc.trpc.instruction.exports.request.mutate({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      format: "csv",
      columns: ["numero", "champ:disparu"],
    }),
  );
  assert.is(unknown.data?.httpStatus, 400);
  assert.match(unknown.message, /n’existe plus dans le formulaire/);
  const none = await ctx.marc.call("instruction.exports.request", {
    demarcheId: ctx.demarcheId,
    format: "csv",
    columns: [],
  });
  assert.is(none.status, 400);
  assert.match(JSON.stringify(none.body), /Choisissez au moins une colonne/);
  for (const who of [ctx.usager, ctx.t.agent()]) {
    const denied = await refusal(
      who.trpc.instruction.exports.columns.query({ demarcheId: ctx.demarcheId }),
    );
    assert.ok([401, 404].includes(denied.data?.httpStatus ?? 0));
  }
});

exports(
  "ZIP: a folder per dossier of the tab, with its récapitulatif as the instructeur reads it",
  async (ctx) => {
    const formats = await ctx.marc.trpc.instruction.exports.formats.query({
      demarcheId: ctx.demarcheId,
    });
    assert.equal(formats.find((f) => f.id === "zip")?.withFiles, true);
    assert.equal(formats.find((f) => f.id === "csv")?.withFiles, false);
    const { id } = await ctx.marc.trpc.instruction.exports.request.mutate({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      format: "zip",
      filters: { champs: [{ stableId: "zone", op: "eq", value: "Manche" }] },
      columns: ["numero"],
    });
    await ctx.t.flush();
    const done =
      (await ctx.marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId }))
        .find((e) => e.id === id)!;
    assert.is(done.status, "done", done.error ?? "");
    assert.is(done.rows, 2);
    assert.is(done.chosenColumns, null, "a ZIP has no columns to choose");
    assert.match(done.file!.filename, /-tous-2026-11-29\.zip$/);
    const res = await ctx.marc.fetch(`${BASE_URL}/files/${done.file!.id}`);
    assert.is(res.headers.get("content-type"), "application/zip");
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const [first, third] = [ctx.ids[0], ctx.ids[2]];
    assert.equal(Object.keys(entries).sort(), [
      `dossier-${first}/dossier-${first}.pdf`,
      `dossier-${third}/dossier-${third}.pdf`,
    ]);
    const recap = drawnText(entries[`dossier-${first}/dossier-${first}.pdf`]);
    assert.ok(recap.includes("Le Goéland"));
    assert.ok(recap.includes("Complet."), "with the annotations privées");
    assert.is((await ctx.ines.fetch(`${BASE_URL}/files/${done.file!.id}`)).status, 404);
  },
);

exports("the same export asked twice within minutes is one export", async (ctx) => {
  const ask = () =>
    ctx.marc.trpc.instruction.exports.request.mutate({
      demarcheId: ctx.demarcheId,
      tab: "traites",
      format: "csv",
    });
  const first = await ask();
  assert.is((await ask()).id, first.id);
  ctx.now = new Date(ctx.now.getTime() + 6 * 60_000);
  assert.is.not((await ask()).id, first.id);
  await ctx.t.flush();
});

exports("only its instructeur downloads an export; others read « not found »", async (ctx) => {
  const { done } = await exported(ctx, ctx.marc);
  for (const other of [ctx.ines, ctx.usager, await signedUpAgent(ctx.t, "curieux@exemple.fr")]) {
    assert.is((await other.fetch(`${BASE_URL}/files/${done.file!.id}`)).status, 404);
  }
  assert.is((await ctx.t.agent().fetch(`${BASE_URL}/files/${done.file!.id}`)).status, 401);
  const ines = await ctx.ines.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId });
  assert.not.ok(ines.some((e) => e.id === done.id), "another instructeur's list leaves it out");
  for (const who of [ctx.usager, ctx.t.agent()]) {
    const denied = await refusal(
      who.trpc.instruction.exports.request.mutate({
        demarcheId: ctx.demarcheId,
        tab: "tous",
        format: "csv",
      }),
    );
    assert.ok([401, 404].includes(denied.data?.httpStatus ?? 0));
  }
});

exports("a format the démarche does not offer is refused in French", async (ctx) => {
  const denied = await refusal(
    ctx.marc.trpc.instruction.exports.request.mutate({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      format: "inexistant",
    }),
  );
  assert.is(denied.data?.httpStatus, 400);
  assert.match(denied.message, /format d’export n’est pas proposé/);
});

exports("ODS too; a format switched off for the démarche is no longer offered", async (ctx) => {
  const { id } = await ctx.marc.trpc.instruction.exports.request.mutate({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    format: "ods",
  });
  await ctx.t.flush();
  const done = (await ctx.marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId }))
    .find((e) => e.id === id)!;
  assert.is(done.status, "done", done.error ?? "");
  const zip = unzipSync(
    new Uint8Array(
      await (await ctx.marc.fetch(`${BASE_URL}/files/${done.file!.id}`)).arrayBuffer(),
    ),
  );
  assert.is(
    new TextDecoder().decode(zip.mimetype),
    "application/vnd.oasis.opendocument.spreadsheet",
  );
  assert.match(new TextDecoder().decode(zip["content.xml"]), /Le Goéland/);
  await ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "export_ods",
    enabled: false,
  });
  const formats = await ctx.marc.trpc.instruction.exports.formats.query({
    demarcheId: ctx.demarcheId,
  });
  assert.not.ok(formats.some((f) => f.id === "ods"));
  const denied = await refusal(
    ctx.marc.trpc.instruction.exports.request.mutate({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      format: "ods",
    }),
  );
  assert.match(denied.message, /format d’export n’est pas proposé/);
});

exports("an export is purged with its file once its time is past", async (ctx) => {
  const { done } = await exported(ctx, ctx.marc);
  ctx.now = new Date(ctx.now.getTime() + 49 * 3_600_000);
  const list = await ctx.marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId });
  assert.not.ok(list.some((e) => e.id === done.id));
  assert.is((await ctx.marc.fetch(`${BASE_URL}/files/${done.file!.id}`)).status, 404);
});

exports.run();
