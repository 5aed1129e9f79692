import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [{ stableId: "secret", type: "text", label: "Note interne" }],
};

interface Ctx {
  t: TestInstance;
  admin: Agent["trpc"];
  demarcheId: number;
  ines: Agent;
  usager: Agent;
  dossier: number;
}

async function expertFromMail(t: TestInstance, email: string, password: string) {
  const agent = t.agent();
  await agent.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(email, "Votre avis est demandé")),
    password,
  });
  return agent;
}

const avis = suite<Ctx>("avis externes");
avis.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.admin = (await superAdminAgent(t)).trpc;
  const { id } = await ctx.admin.admin.demarches.create.mutate({ titre: "Titre de navigation" });
  ctx.demarcheId = id;
  await ctx.admin.admin.demarches.updateSettings.mutate({
    id,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await ctx.admin.admin.demarches.saveForm.mutate({ id, form: FORM });
  const [g] = await ctx.admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await ctx.admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: g.id,
    email: "ines@mairie.fr",
  });
  await ctx.admin.admin.demarches.publish.mutate({ id, path: "titre-navigation" });
  ctx.ines = t.agent();
  await ctx.ines.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail("ines@mairie.fr", "Vous êtes instructeur")),
    password: "Instruire-Les-Dossiers-2026",
  });
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const { id: dossier } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.save.mutate({ id: dossier, values: { nom: "Belle-Île" } });
  await ctx.usager.trpc.usager.deposer.mutate({ id: dossier });
  ctx.dossier = dossier;
  await ctx.ines.trpc.instruction.saveAnnotations.mutate({
    id: dossier,
    values: { secret: "Ne pas divulguer" },
  });
});
avis.after(async (ctx) => {
  await ctx.t.stop();
});

avis("an expert asked by e-mail reads the dossier without annotations and answers", async (ctx) => {
  await ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: ["expert1@chantier.fr"],
    introduction: "Le bateau est-il en état de naviguer ?",
    question: "Avis favorable ?",
  });
  const expert = await expertFromMail(ctx.t, "expert1@chantier.fr", "Carene-Inspectee-2026");
  assert.ok((await expert.trpc.auth.session.query())?.roles.includes("expert"));
  const [request] = await expert.trpc.expert.avis.query();
  const read = await expert.trpc.expert.read.query({ avisId: request.id });
  assert.is(read.dossier.values.nom, "Belle-Île");
  assert.not.ok(JSON.stringify(read).includes("Ne pas divulguer"), "no annotations privées");
  const noYes = await refusal(
    expert.trpc.expert.answer.mutate({ avisId: request.id, answer: "Bon état." }),
  );
  assert.match(noYes.message, /Répondez à la question/);
  await expert.trpc.expert.answer.mutate({
    avisId: request.id,
    answer: "Coque saine, moteur révisé.",
    yes: true,
  });
  await ctx.t.mail("ines@mairie.fr", `Avis reçu sur le dossier n° ${ctx.dossier}`);
  const [given] = await ctx.ines.trpc.instruction.avis.list.query({ dossierId: ctx.dossier });
  assert.equal([given.answer, given.yes], ["Coque saine, moteur révisé.", true]);
  // The expert reads but never instructs, and the usager never sees avis.
  assert.is(
    (await refusal(expert.trpc.instruction.dossier.query({ id: ctx.dossier }))).data?.httpStatus,
    404,
  );
  assert.not.ok(
    JSON.stringify(await ctx.usager.trpc.usager.dossier.query({ id: ctx.dossier })).includes(
      "Coque saine",
    ),
  );
});

avis("a confidential avis is hidden from other experts; a revoked one ends access", async (ctx) => {
  await ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: ["confidentiel@chantier.fr"],
    introduction: "Votre avis, confidentiel.",
    confidentiel: true,
  });
  const secret = await expertFromMail(ctx.t, "confidentiel@chantier.fr", "Carene-Inspectee-2026");
  const [mine] = await secret.trpc.expert.avis.query();
  await secret.trpc.expert.answer.mutate({
    avisId: mine.id,
    answer: "Réserves sur le propriétaire.",
  });
  await ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: ["tiers@chantier.fr"],
    introduction: "Et vous ?",
  });
  const tiers = await expertFromMail(ctx.t, "tiers@chantier.fr", "Carene-Inspectee-2026");
  const [request] = await tiers.trpc.expert.avis.query();
  const read = await tiers.trpc.expert.read.query({ avisId: request.id });
  assert.ok(read.otherAvis.some((a) => a.answer === "Coque saine, moteur révisé."));
  assert.not.ok(read.otherAvis.some((a) => a.answer === "Réserves sur le propriétaire."));
  const all = await ctx.ines.trpc.instruction.avis.list.query({ dossierId: ctx.dossier });
  assert.ok(all.some((a) => a.confidentiel && a.answer === "Réserves sur le propriétaire."));
  await ctx.ines.trpc.instruction.avis.remind.mutate({ avisId: request.id });
  await ctx.ines.trpc.instruction.avis.revoke.mutate({ avisId: request.id });
  assert.is(
    (await refusal(tiers.trpc.expert.read.query({ avisId: request.id }))).data?.httpStatus,
    404,
  );
});

avis("a démarche can switch avis off or restrict experts to a list", async (ctx) => {
  await ctx.admin.admin.demarches.updateSettings.mutate({
    id: ctx.demarcheId,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
    avis: { enabled: true, experts: ["agree@chantier.fr"] },
  });
  const outside = await refusal(ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: ["inconnu@ailleurs.fr"],
    introduction: "?",
  }));
  assert.match(outside.message, /limite les avis à une liste d’experts/);
  await ctx.admin.admin.demarches.updateSettings.mutate({
    id: ctx.demarcheId,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
    avis: { enabled: false },
  });
  const off = await refusal(ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: ["agree@chantier.fr"],
    introduction: "?",
  }));
  assert.match(off.message, /désactivés/);
});

avis.run();
