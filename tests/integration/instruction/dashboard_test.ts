import { suite } from "uvu";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent as instructeur } from "../../helpers/people.ts";

interface Ctx {
  t: TestInstance;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
  ids: number[];
}

const dashboard = suite<Ctx>("dashboard");
dashboard.before(setup);
async function setup(ctx: Ctx) {
  const t = ctx.t = await startTestInstance();
  const admin = (await superAdminAgent(t)).trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: "Tri du tableau" });
  ctx.demarcheId = id;
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: "Tri du tableau",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({
    id,
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom", mandatory: true }],
      annotations: [],
    },
  });
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: "marc@mairie.fr",
  });
  await admin.admin.demarches.publish.mutate({ id, path: "tri-tableau" });
  ctx.marc = await instructeur(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  ctx.ids = [];
  for (let i = 0; i < 5; i++) {
    const { id: dossier } = await ctx.usager.trpc.usager.start.mutate({ path: "tri-tableau" });
    await ctx.usager.trpc.usager.save.mutate({ id: dossier, values: { nom: `Bateau ${i}` } });
    await ctx.usager.trpc.usager.deposer.mutate({ id: dossier });
    ctx.ids.push(dossier);
  }
}
dashboard.after(async (ctx) => {
  await ctx.t.stop();
});

async function walk(
  ctx: Ctx,
  sort: { by: "numero" | "depot" | "modification"; dir: "asc" | "desc" },
) {
  const seen: { id: number; deposited_at: string | null; updated_at: string }[] = [];
  let after: { key: string | number; id: number } | undefined;
  do {
    const page = await ctx.marc.trpc.instruction.dashboard.query({
      demarcheId: ctx.demarcheId,
      tab: "tous",
      limit: 2,
      sort,
      after,
    });
    seen.push(...page.dossiers);
    after = page.next ?? undefined;
  } while (after);
  return seen;
}

for (const by of ["numero", "depot", "modification"] as const) {
  for (const dir of ["asc", "desc"] as const) {
    dashboard(
      `sorted by ${by} ${dir}, keyset pages walk every dossier once in order`,
      async (ctx) => {
        const seen = await walk(ctx, { by, dir });
        assert.is(seen.length, ctx.ids.length);
        assert.is(new Set(seen.map((x) => x.id)).size, ctx.ids.length, "no repeats");
        const key = (x: (typeof seen)[number]) =>
          by === "numero"
            ? String(x.id).padStart(10, "0")
            : `${by === "depot" ? x.deposited_at : x.updated_at}#${String(x.id).padStart(10, "0")}`;
        const sorted = [...seen].sort((a, b) => key(a) < key(b) ? -1 : 1);
        if (dir === "desc") sorted.reverse();
        assert.equal(seen.map((x) => x.id), sorted.map((x) => x.id));
      },
    );
  }
}

const nouveau = async (ctx: Ctx, id: number) =>
  (await ctx.marc.trpc.instruction.dashboard.query({ demarcheId: ctx.demarcheId, tab: "tous" }))
    .dossiers.find((x) => x.id === id)!.nouveau;

dashboard(
  "« Nouveau » appears after a usager message, goes once the dossier is read",
  async (ctx) => {
    const id = ctx.ids[0];
    assert.not.ok(await nouveau(ctx, id), "a fresh deposit is not flagged");
    await ctx.usager.trpc.messagerie.post.mutate({ dossierId: id, body: "Une question." });
    assert.ok(await nouveau(ctx, id));
    await ctx.marc.trpc.instruction.dossier.query({ id });
    await ctx.marc.trpc.messagerie.list.query({ dossierId: id });
    assert.not.ok(await nouveau(ctx, id));
  },
);

dashboard(
  "« Nouveau » appears after a re-deposit, goes once the dossier is opened",
  async (ctx) => {
    const id = ctx.ids[1];
    await ctx.marc.trpc.instruction.dossier.query({ id });
    await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Rebaptisé" } });
    await ctx.usager.trpc.usager.deposerModifications.mutate({ id });
    assert.ok(await nouveau(ctx, id));
    await ctx.marc.trpc.instruction.dossier.query({ id });
    assert.not.ok(await nouveau(ctx, id));
  },
);

dashboard.run();
