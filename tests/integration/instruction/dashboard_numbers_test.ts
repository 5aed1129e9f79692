/**
 * Decimal champ values on the dashboard keep every digit the usager typed: three values that
 * differ past the seventh significant digit (beyond a 4-byte float, PostgreSQL's `real`) are
 * told apart when filtering, sorting and walking the pages on both databases.
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
import { invitedAgent as instructeur } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  demarcheId: number;
  /** The dossier holding each value of SURFACES, same order. */
  ids: number[];
}

/** Deposited in this order: the largest first, so a tie broken by id reads wrong. */
const SURFACES = [1234567.9, 1234567.891, 1234567.89];

const numbers = suite<Ctx>("dashboard decimal numbers");
numbers.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.demarcheId = await publishedDemarche(await superAdminAgent(t), {
    titre: "Surfaces",
    path: "surfaces",
    settings: {
      service: { nom: "Service du cadastre", organisme: "Mairie", email: "cadastre@mairie.fr" },
    },
    form: {
      champs: [{ stableId: "surface", type: "decimal_number", label: "Surface", mandatory: true }],
      annotations: [],
    },
  });
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  const usager = await signedUpAgent(t, "geometre@exemple.fr");
  ctx.ids = [];
  for (const surface of SURFACES) {
    const { id: dossier } = await usager.trpc.usager.start.mutate({ path: "surfaces" });
    await usager.trpc.usager.save.mutate({ id: dossier, values: { surface } });
    await usager.trpc.usager.deposer.mutate({ id: dossier });
    ctx.ids.push(dossier);
  }
});
numbers.after(async (ctx) => {
  await ctx.t.stop();
});

type Filter = { stableId: string; op: "eq" | "lt" | "lte" | "gt" | "gte"; value: number };

async function walk(ctx: Ctx, dir: "asc" | "desc", champs: Filter[] = []) {
  const seen: number[] = [];
  let after: { key: string | number | null; id: number } | undefined;
  do {
    const page = await ctx.marc.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      limit: 1,
      sort: { by: "champ", stableId: "surface", dir },
      after,
      filters: { champs },
    });
    seen.push(...page.dossiers.map((d) => d.id));
    after = page.next ?? undefined;
  } while (after);
  return seen;
}

const holding = (ctx: Ctx, ...values: number[]) => values.map((v) => ctx.ids[SURFACES.indexOf(v)]);

numbers("a decimal champ sorts on all its digits, page by page, both ways", async (ctx) => {
  assert.equal(await walk(ctx, "asc"), holding(ctx, 1234567.89, 1234567.891, 1234567.9));
  assert.equal(await walk(ctx, "desc"), holding(ctx, 1234567.9, 1234567.891, 1234567.89));
});

numbers("a decimal champ filters on its exact value", async (ctx) => {
  const only = (op: Filter["op"], value: number) =>
    walk(ctx, "asc", [{ stableId: "surface", op, value }]);
  assert.equal(await only("eq", 1234567.891), holding(ctx, 1234567.891));
  assert.equal(await only("gt", 1234567.89), holding(ctx, 1234567.891, 1234567.9));
  assert.equal(await only("lt", 1234567.9), holding(ctx, 1234567.89, 1234567.891));
  assert.equal(await only("gte", 1234567.891), holding(ctx, 1234567.891, 1234567.9));
  assert.equal(await only("lte", 1234567.891), holding(ctx, 1234567.89, 1234567.891));
});

numbers.run();
