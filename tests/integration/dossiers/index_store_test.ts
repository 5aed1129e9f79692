/**
 * `replaceIndexRows`: a dossier's rows of `dossier_champ_index` become exactly those given,
 * whatever their number — one statement per row on SQLite, by 500 on PostgreSQL — and a
 * deposit writes one row per filled champ.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { type IndexRow, replaceIndexRows } from "../../../core/dossiers/index_store.ts";
import { CompiledQuery, sql } from "kysely";
import { dialectOf } from "../../../core/db/mod.ts";

interface Ctx {
  t: TestInstance;
  usager: Agent;
  demarcheId: number;
}

const index = suite<Ctx>("index des champs d’un dossier");
index.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.demarcheId = await publishedDemarche(await superAdminAgent(t), {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
        { stableId: "port", type: "text", label: "Port d’attache" },
      ],
      annotations: [],
    },
  });
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
});
index.after(async ({ t }) => await t.stop());

const rowsOf = (t: TestInstance, dossierId: number) =>
  t.deps.db.selectFrom("dossier_champ_index")
    .select(["stable_id", "value_text", "value_num", "display", "item", "sort_text"])
    .where("dossier_id", "=", dossierId).orderBy("stable_id").orderBy("item").execute();

index("a deposit indexes each filled champ, and the usager", async ({ t, usager }) => {
  const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await usager.trpc.usager.save.mutate({ id, values: { nom: "Le Goéland", longueur: 7.5 } });
  await usager.trpc.usager.deposer.mutate({ id });
  const rows = await rowsOf(t, id);
  assert.equal(rows.map((r) => r.stable_id), ["@usager", "longueur", "nom"]);
  assert.is(rows.find((r) => r.stable_id === "longueur")?.value_num, 7.5);
  assert.is(rows.find((r) => r.stable_id === "nom")?.display, "Le Goéland");
});

index("the rows given replace the dossier's, 1,200 of them or two", async (ctx) => {
  const { t, usager, demarcheId } = ctx;
  const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  const row = (stableId: string, item: number): IndexRow => ({
    dossier_id: id,
    demarche_id: demarcheId,
    stable_id: stableId,
    value_text: `valeur ${item}`,
    value_num: item % 2 ? null : item / 2,
    display: `Valeur ${item}`,
    item,
    sort_text: `valeur ${String(item).padStart(4, "0")}`,
  });
  const many = Array.from({ length: 1200 }, (_, i) => row("escales", i));
  await replaceIndexRows(t.deps.db, id, many);
  const written = await rowsOf(t, id);
  assert.is(written.length, 1200);
  assert.equal({ ...written[1199] }, {
    stable_id: "escales",
    value_text: "valeur 1199",
    value_num: null,
    display: "Valeur 1199",
    item: 1199,
    sort_text: "valeur 1199",
  });
  assert.is(written[1198].value_num, 599);
  await replaceIndexRows(t.deps.db, id, [row("nom", 0), row("port", 0)]);
  assert.equal((await rowsOf(t, id)).map((r) => r.stable_id), ["nom", "port"]);
  await replaceIndexRows(t.deps.db, id, []);
  assert.is((await rowsOf(t, id)).length, 0);
});

index(
  "only numbers enter the indexes on value_num, and a range on a number still reads them",
  async ({ t, demarcheId }) => {
    const db = t.deps.db;
    const postgres = dialectOf(db) === "postgres";
    for (const name of ["dossier_champ_index_num", "dossier_champ_index_sort_num"]) {
      const { rows } = postgres
        ? await sql<{ d: string }>`select indexdef as d from pg_indexes where indexname = ${name}`
          .execute(db)
        : await sql<{ d: string }>`select sql as d from sqlite_master where name = ${name}`
          .execute(db);
      assert.match(rows[0]?.d ?? "", /where .*value_num is not null/i, name);
    }
    const range = db.selectFrom("dossier_champ_index").select("dossier_id")
      .where("demarche_id", "=", demarcheId).where("stable_id", "=", "longueur")
      .where("value_num", ">", 7).compile();
    const plan = postgres
      ? await db.transaction().execute(async (trx) => {
        // As at scale: the test's few rows would otherwise be read whole.
        await trx.executeQuery(CompiledQuery.raw("set local enable_seqscan = off"));
        await trx.executeQuery(CompiledQuery.raw("set local enable_bitmapscan = off"));
        const { rows } = await trx.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(`explain ${range.sql}`, [...range.parameters]),
        );
        return rows.map((r) => Object.values(r).join(" ")).join("\n");
      })
      : (await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${range.sql}`, [...range.parameters]),
      )).rows.map((r) => r.detail).join("\n");
    assert.match(plan, /dossier_champ_index_num\b/, plan);
  },
);

index.run();
