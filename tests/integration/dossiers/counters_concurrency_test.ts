/**
 * The dashboard's counters under concurrent transactions on the same dossiers: on PostgreSQL
 * (`deno task test --postgres counters_concurrency`) the instance's pool runs them side by
 * side, so a change that read the dossier's place before another committed would count it
 * from a stale place.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { assertCountersMatchDossiers } from "../../helpers/counters.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { invitedAgent } from "../../helpers/people.ts";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [],
};
const INSTRUCTEURS = ["ines@mairie.fr", "paul@mairie.fr", "marc@mairie.fr"];

interface Ctx {
  t: TestInstance;
  instructeurs: Agent[];
  usager: Agent;
}

const concurrent = suite<Ctx>("tab counters, concurrent changes");
concurrent.before(async (ctx) => {
  ctx.t = await startTestInstance();
  const admin = await superAdminAgent(ctx.t);
  await publishedDemarche(admin, {
    titre: "Mouillages",
    path: "mouillages",
    form: FORM,
    instructeurs: INSTRUCTEURS,
  });
  ctx.instructeurs = [];
  for (const email of INSTRUCTEURS) ctx.instructeurs.push(await invitedAgent(ctx.t, email));
  ctx.usager = await signedUpAgent(ctx.t, "proprietaire@exemple.fr");
});
concurrent.after(async (ctx) => {
  await ctx.t.stop();
});

concurrent(
  "follows and decisions made at once on the same dossiers keep the counts true",
  async (ctx) => {
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "mouillages" });
      await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: `Bateau ${i}` } });
      await ctx.usager.trpc.usager.deposer.mutate({ id });
      ids.push(id);
    }
    await assertCountersMatchDossiers(ctx.t, "deposits");
    const [ines, paul, marc] = ctx.instructeurs;
    // Each dossier: two instructeurs follow it while a third takes it into instruction (which
    // follows it too), all at once. A change beaten by another may be refused, never miscounted.
    const outcomes = await Promise.allSettled(ids.flatMap((id) => [
      ines.trpc.instruction.follow.mutate({ id, on: true }),
      paul.trpc.instruction.follow.mutate({ id, on: true }),
      marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" }),
    ]));
    const done = outcomes.filter((o) => o.status === "fulfilled").length;
    assert.ok(done > 0, "some changes went through");
    await assertCountersMatchDossiers(ctx.t, "follows and decisions at once");
    const undo = await Promise.allSettled(ids.flatMap((id) => [
      ines.trpc.instruction.follow.mutate({ id, on: false }),
      paul.trpc.instruction.follow.mutate({ id, on: false }),
      marc.trpc.instruction.decide.mutate({ id, event: "accepter" }),
    ]));
    assert.ok(undo.some((o) => o.status === "fulfilled"), "some changes went through");
    await assertCountersMatchDossiers(ctx.t, "unfollows and decisions at once");
  },
);

concurrent(
  "deposits made at once on one démarche all go through, counted once each",
  async (ctx) => {
    const usagers: Agent[] = [];
    for (let i = 0; i < 6; i++) usagers.push(await signedUpAgent(ctx.t, `depot${i}@exemple.fr`));
    const ids: number[] = [];
    for (const [i, usager] of usagers.entries()) {
      const { id } = await usager.trpc.usager.start.mutate({ path: "mouillages" });
      await usager.trpc.usager.save.mutate({ id, values: { nom: `Canot ${i}` } });
      ids.push(id);
    }
    const before = await ctx.t.deps.db.selectFrom("demarches").select("deposited_dossiers_count")
      .where("path", "=", "mouillages").executeTakeFirstOrThrow();
    const outcomes = await Promise.allSettled(
      usagers.map((usager, i) => usager.trpc.usager.deposer.mutate({ id: ids[i] })),
    );
    assert.equal(
      outcomes.flatMap((o) => o.status === "rejected" ? [String(o.reason)] : []),
      [],
      "every deposit went through",
    );
    const after = await ctx.t.deps.db.selectFrom("demarches").select("deposited_dossiers_count")
      .where("path", "=", "mouillages").executeTakeFirstOrThrow();
    assert.is(Number(after.deposited_dossiers_count) - Number(before.deposited_dossiers_count), 6);
    await assertCountersMatchDossiers(ctx.t, "deposits at once");
  },
);

concurrent.run();
