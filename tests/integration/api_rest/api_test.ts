/**
 * The read API: an administrateur makes a jeton through tRPC, then a tool reads their
 * démarches and pages through the deposited dossiers with it; brouillons never show.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { CompiledQuery } from "kysely";
import { type ApiCtx, get, setUp } from "./_setup.ts";
import { sha256Hex } from "../../../core/accounts/_shared.ts";
import * as store from "../../../core/api_rest/store.ts";
import { dialectOf } from "../../../core/db/mod.ts";

const api = suite<ApiCtx>("read API");
api.before(setUp);
api.after(async (ctx) => {
  await ctx.t.stop();
});

api("a jeton is shown once as gch_…, and only its SHA-256 is stored", async (ctx) => {
  assert.match(ctx.secret, /^gch_[A-Za-z0-9_-]{43}$/);
  const rows = await ctx.t.deps.db.selectFrom("api_tokens").selectAll().execute();
  assert.is(rows.length, 1);
  assert.is(rows[0].secret_hash, sha256Hex(ctx.secret));
  const secretPart = ctx.secret.slice(4);
  for (const value of Object.values(rows[0])) {
    assert.not.ok(String(value).includes(secretPart), "the secret never in clear");
  }
  const [listed] = await ctx.admin.trpc.admin.jetons.list.query();
  assert.is(listed.label, "Tableur du service");
  assert.is(listed.demarches, null);
  assert.is(listed.expiresAt, "2026-05-31T11:00:00.000Z");
  assert.not.ok(JSON.stringify(listed).includes(secretPart));
});

api("GET /api/v1/demarches lists the démarches with their deposited dossiers", async (ctx) => {
  const { status, body } = await get(ctx, "/demarches");
  assert.is(status, 200);
  assert.equal(body.demarches.map((d: { id: number }) => d.id), [ctx.demarcheId, ctx.autreId]);
  const [permis] = body.demarches;
  assert.is(permis.titre, "Permis de naviguer");
  assert.is(permis.etat, "publiee");
  assert.is(permis.chemin, "permis");
  assert.is(permis.dossiers.total, 5, "the brouillon is not counted");
  assert.is(permis.dossiers.par_etat.en_construction, 5);
  const [listed] = await ctx.admin.trpc.admin.jetons.list.query();
  assert.is(listed.lastUsedAt, "2026-03-02T11:00:00.000Z", "its last use is recorded");
});

/** Every page of the walk, with `limite` dossiers a page. */
async function walk(ctx: ApiCtx, query: string, limite: number) {
  const ids: number[] = [];
  let cursor = "";
  for (let pages = 0; pages < 20; pages++) {
    const { status, body } = await get(
      ctx,
      `/demarches/${ctx.demarcheId}/dossiers?limite=${limite}${query}${
        cursor ? `&apres=${cursor}` : ""
      }`,
    );
    assert.is(status, 200, JSON.stringify(body));
    assert.ok(body.dossiers.length <= limite);
    ids.push(...body.dossiers.map((d: { id: number }) => d.id));
    cursor = body.suivant;
    if (body.fin) return { ids, cursor };
  }
  throw new Error("The walk never ended");
}

api(
  "paging with a small limite gives every deposited dossier once, in (updated_at, id) order",
  async (ctx) => {
    const { ids, cursor } = await walk(ctx, "", 2);
    const expected = (await ctx.t.deps.db.selectFrom("dossiers").select("id")
      .where("demarche_id", "=", ctx.demarcheId).where("state", "<>", "brouillon")
      .orderBy("updated_at").orderBy("id").execute()).map((r) => r.id);
    assert.equal(ids, expected);
    assert.equal([...ids].sort((a, b) => a - b), ctx.deposited);
    assert.not.ok(ids.includes(ctx.brouillon), "never a brouillon");

    // A dossier changed after the walk shows up again after the cursor kept from its end.
    ctx.now = new Date("2026-03-02T12:00:00Z");
    await ctx.marc.trpc.instruction.saveAnnotations.mutate({
      id: ctx.deposited[0],
      values: { avis: "Complet." },
    });
    const again = await get(ctx, `/demarches/${ctx.demarcheId}/dossiers?apres=${cursor}`);
    assert.equal(again.body.dossiers.map((d: { id: number }) => d.id), [ctx.deposited[0]]);
    assert.is(again.body.fin, true);
    const full = await walk(ctx, "", 3);
    assert.equal(full.ids, [...ctx.deposited.slice(1), ctx.deposited[0]], "newest change last");
  },
);

api("depuis keeps the dossiers changed since; etat keeps one state", async (ctx) => {
  const since = await get(
    ctx,
    `/demarches/${ctx.demarcheId}/dossiers?depuis=2026-03-02T10:01:00Z`,
  );
  assert.is(since.status, 200);
  const ids = since.body.dossiers.map((d: { id: number }) => d.id);
  assert.ok(ids.includes(ctx.deposited[2]) && ids.includes(ctx.deposited[4]));
  assert.not.ok(ids.includes(ctx.deposited[1]), "changed at 10:00, before depuis");
  const day = await get(ctx, `/demarches/${ctx.demarcheId}/dossiers?depuis=2026-03-03`);
  assert.equal(day.body.dossiers, []);

  await ctx.marc.trpc.instruction.decide.mutate({
    id: ctx.deposited[3],
    event: "passer_en_instruction",
  });
  const instruction = await get(
    ctx,
    `/demarches/${ctx.demarcheId}/dossiers?etat=en_instruction`,
  );
  assert.equal(instruction.body.dossiers.map((d: { id: number }) => d.id), [ctx.deposited[3]]);
});

api("the walk reads the dossiers_api_walk index, with or without etat", async (ctx) => {
  for (const state of [undefined, "en_instruction"]) {
    const q = store.dossiersPageQuery(ctx.t.deps.db, {
      demarcheId: 1,
      state,
      since: "2026-01-01T00:00:00.000Z",
      after: { updatedAt: "2026-01-02T00:00:00.000Z", id: 3 },
      limit: 101,
    });
    const { sql, parameters } = q.compile();
    if (dialectOf(ctx.t.deps.db) === "postgres") {
      // PostgreSQL's plan of a nearly empty table is a sequential scan: scans of the whole
      // table are priced out, so the plan says whether the index serves the walk in its order
      // (no Sort: a page reads `limit` dossiers, not all the démarche's).
      const plan = await ctx.t.deps.db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
        await trx.executeQuery(CompiledQuery.raw("set local enable_bitmapscan = off"));
        return (await trx.executeQuery<{ "QUERY PLAN": string }>(
          CompiledQuery.raw(`explain ${sql}`, [...parameters]),
        )).rows.map((r) => r["QUERY PLAN"]).join(" | ");
      });
      assert.match(plan, /Index (Only )?Scan using dossiers_api_walk on dossiers/, plan);
      assert.not.match(plan, /Sort/, plan);
      continue;
    }
    const plan = (await ctx.t.deps.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]),
    )).rows.map((r) => r.detail).join(" | ");
    assert.match(plan, /dossiers_api_walk/, plan);
    assert.not.match(plan, /TEMP B-TREE/, plan);
  }
});

api(
  "one dossier: dates, usager, champs and annotations as text and raw, its history",
  async (ctx) => {
    const label = await ctx.admin.trpc.admin.demarches.labels.create.mutate({
      demarcheId: ctx.demarcheId,
      name: "Visite à prévoir",
      color: "bleu",
    });
    await ctx.marc.trpc.instruction.labels.set.mutate({
      dossierId: ctx.deposited[0],
      labelIds: [label.id],
    });
    const { status, body } = await get(ctx, `/dossiers/${ctx.deposited[0]}`);
    assert.is(status, 200);
    const d = body.dossier;
    assert.equal(d.etiquettes, ["Visite à prévoir"]);
    assert.is(d.id, ctx.deposited[0]);
    assert.is(d.etat, "en_construction");
    assert.is(d.usager.email, "marin@exemple.fr");
    assert.is(d.depose_le, "2026-03-02T10:00:00.000Z");
    assert.is(d.modifie_le, "2026-03-02T12:00:00.000Z");
    assert.is(d.decide_le, null);
    assert.equal(d.champs, [
      { id: "nom", libelle: "Nom du bateau", type: "text", valeur: "Goéland", brut: "Goéland" },
      { id: "longueur", libelle: "Longueur (m)", type: "decimal_number", valeur: "7,5", brut: 7.5 },
    ]);
    assert.equal(d.annotations, [
      {
        id: "avis",
        libelle: "Avis du secrétariat",
        type: "textarea",
        valeur: "Complet.",
        brut: "Complet.",
      },
    ]);
    assert.equal(d.historique.map((e: { evenement: string }) => e.evenement), ["deposer"]);
    assert.is(d.historique[0].par, "marin@exemple.fr");
    const page = await get(ctx, `/demarches/${ctx.demarcheId}/dossiers?limite=100`);
    const inPage = page.body.dossiers.find((x: { id: number }) => x.id === d.id);
    const { historique: _, ...withoutHistory } = d;
    assert.equal(inPage, withoutHistory, "the same shape in the list");
  },
);

api("a brouillon or an unknown dossier is not found", async (ctx) => {
  for (const id of [ctx.brouillon, 999_999]) {
    const { status, body } = await get(ctx, `/dossiers/${id}`);
    assert.is(status, 404);
    assert.is(body.erreur.message, "Ce dossier n’existe pas.");
  }
});

api.run();
