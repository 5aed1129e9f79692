/**
 * The JSON export: one dossier per line (NDJSON), each as the read API gives it — the same
 * document `GET /api/v1/dossiers/:id` answers, without its history.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { BASE_URL } from "../../helpers/instance.ts";
import { type ApiCtx, get, setUp } from "../api_rest/_setup.ts";

const json = suite<ApiCtx>("export json");
json.before(setUp);
json.after(async (ctx) => {
  await ctx.t.stop();
});

json("an instructeur exports the tab as NDJSON, each line the API's dossier", async (ctx) => {
  await ctx.marc.trpc.instruction.saveAnnotations.mutate({
    id: ctx.deposited[0],
    values: { avis: "Complet." },
  });
  const formats = await ctx.marc.trpc.instruction.exports.formats.query({
    demarcheId: ctx.demarcheId,
  });
  const offered = formats.find((f) => f.id === "json");
  assert.ok(offered, "offered by default, like CSV");
  assert.is(offered.withFiles, true, "no choice of columns: each dossier is written whole");
  assert.is(offered.documents, true);
  assert.is(formats.find((f) => f.id === "zip")?.documents, false, "the ZIP packs files");
  const { id } = await ctx.marc.trpc.instruction.exports.request.mutate({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    format: "json",
  });
  await ctx.t.flush();
  const done = (await ctx.marc.trpc.instruction.exports.list.query({ demarcheId: ctx.demarcheId }))
    .find((e) => e.id === id)!;
  assert.is(done.status, "done", done.error ?? "");
  assert.is(done.rows, 5);
  assert.match(done.file!.filename, /-tous-\d{4}-\d{2}-\d{2}\.ndjson$/);
  const res = await ctx.marc.fetch(`${BASE_URL}/files/${done.file!.id}`);
  assert.is(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/x-ndjson/);
  const text = await res.text();
  assert.ok(text.endsWith("\n"), "every line ends");
  const lines = text.slice(0, -1).split("\n").map((line) => JSON.parse(line));
  assert.equal(lines.map((d) => d.id), ctx.deposited, "oldest first, every dossier once");
  for (const line of lines) {
    const { body } = await get(ctx, `/dossiers/${line.id}`);
    const { historique: _, ...dossier } = body.dossier;
    assert.equal(line, dossier, `dossier ${line.id}`);
  }
  assert.equal(lines[0].champs[0], {
    id: "nom",
    libelle: "Nom du bateau",
    type: "text",
    valeur: "Goéland",
    brut: "Goéland",
  });
  assert.is(lines[0].annotations[0].valeur, "Complet.");
  assert.is(lines[0].usager.email, "marin@exemple.fr");
});

json.run();
