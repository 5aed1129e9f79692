/**
 * The dashboard's search on a beginning of word shared by many words: up to 64 words, the
 * beginning finds them all; past that, it is looked up as a whole word (an FTS5 prefix query
 * over so many words took 158 ms at 1,000,000 dossiers), and the page is told which words.
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
import { invitedAgent } from "../../helpers/people.ts";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  demarcheId: number;
  /** Its description holds 78 words starting with « dup »: dupaa, dupab… dupcz. */
  many: number;
  /** Its description holds the word « dup » itself. */
  dup: number;
  /** « Dupont »: one of the 79 words starting with « dup ». */
  dupont: number;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const MANY = [..."abc"].flatMap((a) => [...LETTERS].map((b) => `dup${a}${b}`));

const search = suite<Ctx>("dashboard search on a common beginning");

search.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(admin, {
    titre: "Recherche",
    path: "recherche",
    form: {
      champs: [{ stableId: "description", type: "textarea", label: "Description" }],
      annotations: [],
    },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  const usager = await signedUpAgent(t, "usager@exemple.fr");
  const deposit = async (description: string) => {
    const { id } = await usager.trpc.usager.start.mutate({ path: "recherche" });
    await usager.trpc.usager.save.mutate({ id, values: { description } });
    await usager.trpc.usager.deposer.mutate({ id });
    return id;
  };
  ctx.many = await deposit(MANY.join(" "));
  ctx.dup = await deposit("Le mot dup, seul.");
  ctx.dupont = await deposit("Famille Dupont");
});
search.after((ctx) => ctx.t?.stop());

const find = async (ctx: Ctx, words: string) => {
  const page = await ctx.marc.trpc.instruction.dashboard.query({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    limit: 50,
    filters: { search: words },
  });
  return { ids: page.dossiers.map((d) => d.id).sort((a, b) => a - b), whole: page.wholeWords };
};

search("a beginning shared by more than 64 words is looked up whole, and said so", async (ctx) => {
  assert.equal(await find(ctx, "dup"), { ids: [ctx.dup], whole: ["dup"] });
  assert.equal(await find(ctx, "Dupont DUP"), { ids: [], whole: ["dup"] });
});

search("a beginning shared by 64 words or fewer finds them all, said nothing", async (ctx) => {
  assert.equal(await find(ctx, "dupa"), { ids: [ctx.many], whole: [] });
  assert.equal(await find(ctx, "dupo"), { ids: [ctx.dupont], whole: [] });
  assert.equal(await find(ctx, "dupcz"), { ids: [ctx.many], whole: [] });
  assert.equal(await find(ctx, "famille dupo"), { ids: [ctx.dupont], whole: [] });
});

search("a search without words shows every dossier, said nothing", async (ctx) => {
  assert.equal(await find(ctx, " ; "), {
    ids: [ctx.many, ctx.dup, ctx.dupont],
    whole: [],
  });
});

search.run();
