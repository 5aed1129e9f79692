import { suite } from "../../helpers/suite.ts";
import { assertCountersMatchDossiers } from "../../helpers/counters.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent as instructeur } from "../../helpers/people.ts";

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone",
      mandatory: true,
      options: { choices: ["Atlantique", "Manche"] },
    },
  ],
  annotations: [],
};

const TABS = ["a_suivre", "suivis", "traites", "tous", "archives"] as const;

interface Ctx {
  t: TestInstance;
  admin: Agent["trpc"];
  ines: Agent;
  paul: Agent;
  usager: Agent;
  demarcheId: number;
  path: string;
  defaut: number;
  manche: number;
}

async function demarcheEnTest(
  ctx: Ctx,
  opts: { titre: string; mode: "instruction" | "declarative_accepte"; instructeurs: string[] },
) {
  const { id } = await ctx.admin.admin.demarches.create.mutate({ titre: opts.titre });
  await ctx.admin.admin.demarches.updateSettings.mutate({
    id,
    titre: opts.titre,
    mode: opts.mode,
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await ctx.admin.admin.demarches.saveForm.mutate({ id, form: FORM });
  const [defaut] = await ctx.admin.admin.demarches.groupes.list.query({ demarcheId: id });
  for (const email of opts.instructeurs) {
    await ctx.admin.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: id,
      groupeId: defaut.id,
      email,
    });
  }
  const { id: manche } = await ctx.admin.admin.demarches.groupes.add.mutate({
    demarcheId: id,
    label: "Manche",
  });
  await ctx.admin.admin.demarches.groupes.setRule.mutate({
    demarcheId: id,
    groupeId: manche,
    rule: { op: "eq", champ: "zone", value: "Manche" },
  });
  const { path } = await ctx.t.deps.db.selectFrom("demarches").select("path")
    .where("id", "=", id).executeTakeFirstOrThrow();
  return { id, path: path!, defaut: defaut.id, manche };
}

/** A dossier deposited by the usager, or en test by an instructeur (test mode is theirs). */
async function deposit(ctx: Ctx, path: string, zone: string, test = false) {
  const who = (test ? ctx.ines : ctx.usager).trpc.usager;
  const { id } = await who.start.mutate({ path, test });
  await who.save.mutate({ id, values: { nom: `Bateau ${zone}`, zone } });
  await who.deposer.mutate({ id });
  return id;
}

/**
 * The stored counters of every groupe and follower equal a COUNT of the dossiers, and each
 * instructeur's dashboard shows as many dossiers in a tab as its count says.
 */
async function assertCountsTrue(ctx: Ctx, step: string) {
  await assertCountersMatchDossiers(ctx.t, step);
  for (const agent of [ctx.ines, ctx.paul]) {
    for (const tab of TABS) {
      const page = await agent.trpc.instruction.dashboard.query({
        demarcheId: ctx.demarcheId,
        tab,
        limit: 100,
      });
      assert.is(page.counts[tab], page.dossiers.length, `${step}: ${tab}`);
    }
  }
}

const counters = suite<Ctx>("tab counters");
counters.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = (await superAdminAgent(ctx.t)).trpc;
  const d = await demarcheEnTest(ctx, {
    titre: "Titre de navigation",
    mode: "instruction",
    instructeurs: ["ines@mairie.fr", "paul@mairie.fr"],
  });
  Object.assign(ctx, { demarcheId: d.id, path: d.path, defaut: d.defaut, manche: d.manche });
  ctx.ines = await instructeur(ctx.t, "ines@mairie.fr");
  ctx.paul = await instructeur(ctx.t, "paul@mairie.fr");
  ctx.usager = await signedUpAgent(ctx.t, "proprietaire@exemple.fr");
});
counters.after(async (ctx) => {
  await ctx.t.stop();
});

counters("test dossiers are counted, and uncounted when publication deletes them", async (ctx) => {
  await deposit(ctx, ctx.path, "Atlantique", true);
  await assertCountsTrue(ctx, "test deposit");
  const [d] = await ctx.ines.trpc.instruction.demarches.query();
  assert.is(d.counts.a_suivre, 1);
  await ctx.admin.admin.demarches.publish.mutate({ id: ctx.demarcheId, path: ctx.path });
  await assertCountsTrue(ctx, "publication");
  const [after] = await ctx.ines.trpc.instruction.demarches.query();
  assert.is(after.counts.tous, 0);
});

counters("every change that moves a dossier between tabs keeps the counts true", async (ctx) => {
  const a = await deposit(ctx, ctx.path, "Atlantique");
  const b = await deposit(ctx, ctx.path, "Atlantique");
  await deposit(ctx, ctx.path, "Manche");
  await assertCountsTrue(ctx, "deposits");
  await ctx.ines.trpc.instruction.follow.mutate({ id: a, on: true });
  await ctx.paul.trpc.instruction.follow.mutate({ id: a, on: true });
  await ctx.paul.trpc.instruction.follow.mutate({ id: a, on: true });
  await assertCountsTrue(ctx, "follow twice");
  await ctx.ines.trpc.instruction.follow.mutate({ id: a, on: false });
  await assertCountsTrue(ctx, "unfollow");
  await ctx.ines.trpc.instruction.decide.mutate({ id: b, event: "passer_en_instruction" });
  await assertCountsTrue(ctx, "passer en instruction");
  await ctx.ines.trpc.messagerie.requestCorrection.mutate({
    dossierId: b,
    body: "Il manque la photo du bateau.",
    reason: "incomplete",
  });
  await assertCountsTrue(ctx, "correction request");
  await ctx.ines.trpc.instruction.decide.mutate({ id: b, event: "passer_en_instruction" });
  await ctx.ines.trpc.instruction.decide.mutate({ id: b, event: "repasser_en_construction" });
  await assertCountsTrue(ctx, "repasser en construction");
  await ctx.ines.trpc.instruction.decide.mutate({ id: b, event: "passer_en_instruction" });
  await ctx.ines.trpc.instruction.decide.mutate({ id: b, event: "accepter" });
  await assertCountsTrue(ctx, "accepter");
  await ctx.ines.trpc.instruction.archive.mutate({ id: b, on: true });
  await assertCountsTrue(ctx, "archive");
  await ctx.ines.trpc.instruction.archive.mutate({ id: b, on: false });
  await assertCountsTrue(ctx, "unarchive");
  await ctx.ines.trpc.instruction.archive.mutate({ id: b, on: true });
  await ctx.ines.trpc.instruction.decide.mutate({ id: b, event: "repasser_en_instruction" });
  await assertCountsTrue(ctx, "repasser en instruction from the archive");
  await ctx.ines.trpc.instruction.decide.mutate({
    id: b,
    event: "classer_sans_suite",
    motivation: "Doublon.",
  });
  await assertCountsTrue(ctx, "classer sans suite");
  await ctx.paul.trpc.instruction.reassign.mutate({ id: a, groupeId: ctx.manche });
  await assertCountsTrue(ctx, "reassign");
});

counters("the automatic step of a declarative démarche keeps the counts true", async (ctx) => {
  const d = await demarcheEnTest(ctx, {
    titre: "Recensement",
    mode: "declarative_accepte",
    instructeurs: ["ines@mairie.fr"],
  });
  await ctx.admin.admin.demarches.publish.mutate({ id: d.id, path: d.path });
  await deposit(ctx, d.path, "Atlantique");
  await assertCountsTrue(ctx, "declarative deposit");
  await ctx.t.flush();
  await assertCountsTrue(ctx, "automatic acceptance");
  const mine = (await ctx.ines.trpc.instruction.demarches.query()).find((x) => x.id === d.id)!;
  assert.equal(mine.counts, { a_suivre: 0, suivis: 0, traites: 1, tous: 1, archives: 0 });
});

counters.run();
