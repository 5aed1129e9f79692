/**
 * « Un seul dossier par usager »: set on a démarche, a second start (or a copy) is refused in
 * French with the number of the dossier to take up again, while the bin and test dossiers
 * do not count; the démarche's page lists the person's dossiers; the rule travels with the
 * démarche's definition.
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
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  usager: Agent;
  demarcheId: number;
}

const SETTINGS = {
  titre: "Aide à l’achat d’un vélo",
  service: { nom: "Service mobilités", organisme: "Mairie de Brest", email: "m@mairie.fr" },
  siteWeb: "https://www.mairie.fr",
};

const one = suite<Ctx>("un seul dossier par usager");
one.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: SETTINGS.titre,
    path: "aide-velo",
    settings: { ...SETTINGS, unDossierParUsager: true },
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom", mandatory: true }],
      annotations: [],
    },
  });
  ctx.usager = await signedUpAgent(t, "cycliste@exemple.fr");
});
one.after(async (ctx) => {
  await ctx.t.stop();
});

one("a second dossier is refused with the number of the first", async (ctx) => {
  const u = ctx.usager.trpc.usager;
  assert.is(
    (await ctx.admin.trpc.admin.demarches.get.query({ id: ctx.demarcheId }))
      .unDossierParUsager,
    true,
  );
  assert.equal(await u.mesDossiersSur.query({ path: "aide-velo" }), []);
  const { id } = await u.start.mutate({ path: "aide-velo" });
  const page = await u.demarche.query({ path: "aide-velo" });
  assert.is(page.unDossierParUsager, true);
  const mine = await u.mesDossiersSur.query({ path: "aide-velo" });
  assert.equal(mine.map((m) => [m.id, m.state, m.stateLabel]), [[id, "brouillon", "brouillon"]]);
  const second = await refusal(u.start.mutate({ path: "aide-velo" }));
  assert.is(second.data?.httpStatus, 409);
  assert.match(second.message, new RegExp(`un seul dossier par personne.*n° ${id}`));
  const copy = await refusal(u.duplicate.mutate({ id }));
  assert.is(copy.data?.httpStatus, 409);
  const other = await signedUpAgent(ctx.t, "autre@exemple.fr");
  await other.trpc.usager.start.mutate({ path: "aide-velo" }); // one each
});

one("a dossier in the bin no longer counts", async (ctx) => {
  const u = ctx.usager.trpc.usager;
  const [first] = await u.mesDossiersSur.query({ path: "aide-velo" });
  await u.delete.mutate({ id: first.id });
  assert.equal(await u.mesDossiersSur.query({ path: "aide-velo" }), []);
  const { id } = await u.start.mutate({ path: "aide-velo" });
  assert.is.not(id, first.id);
  const back = await refusal(
    u.restore.mutate({ id: first.id }).then(() => u.start.mutate({ path: "aide-velo" })),
  );
  assert.is(back.data?.httpStatus, 409);
});

one(
  "saving the settings without the rule keeps it; switched off, anyone starts again",
  async (ctx) => {
    const admin = ctx.admin.trpc.admin.demarches;
    await admin.updateSettings.mutate({ id: ctx.demarcheId, ...SETTINGS });
    assert.is((await admin.get.query({ id: ctx.demarcheId })).unDossierParUsager, true);
    await admin.updateSettings.mutate({
      id: ctx.demarcheId,
      ...SETTINGS,
      unDossierParUsager: false,
    });
    await ctx.usager.trpc.usager.start.mutate({ path: "aide-velo" });
    assert.is((await ctx.usager.trpc.usager.mesDossiersSur.query({ path: "aide-velo" })).length, 3);
  },
);

one("the rule travels with the définition; nobody signed in has no dossier", async (ctx) => {
  const admin = ctx.admin.trpc.admin.demarches;
  await admin.updateSettings.mutate({ id: ctx.demarcheId, ...SETTINGS, unDossierParUsager: true });
  const definition = await admin.exportDefinition.query({ id: ctx.demarcheId });
  assert.is(definition.unDossierParUsager, true);
  const { id } = await admin.importDefinition.mutate({ definition });
  assert.is((await admin.get.query({ id })).unDossierParUsager, true);
  assert.equal(await ctx.t.agent().trpc.usager.mesDossiersSur.query({ path: "aide-velo" }), []);
  const bad = await ctx.admin.call("admin.demarches.updateSettings", {
    id: ctx.demarcheId,
    ...SETTINGS,
    unDossierParUsager: "peut-être",
  });
  assert.is(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /Indiquez oui ou non/);
});

one.run();
