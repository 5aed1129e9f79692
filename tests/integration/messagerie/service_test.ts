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
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    { stableId: "longueur", type: "decimal_number", label: "Longueur (m)", mandatory: true },
  ],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  ines: Agent;
  usager: Agent;
  stranger: Agent;
  deposit(): Promise<number>;
}

const messagerie = suite<Ctx>("messagerie and corrections");
messagerie.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = (await superAdminAgent(t)).trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: "Titre de navigation" });
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
  const [g] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: g.id,
    email: "ines@mairie.fr",
  });
  await admin.admin.demarches.publish.mutate({ id, path: "titre-navigation" });
  ctx.ines = t.agent();
  await ctx.ines.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail("ines@mairie.fr", "Vous êtes instructeur")),
    password: "Instruire-Les-Dossiers-2026",
  });
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  ctx.stranger = await signedUpAgent(t, "curieux@exemple.fr");
  ctx.deposit = async () => {
    const { id: dossier } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    await ctx.usager.trpc.usager.save.mutate({
      id: dossier,
      values: { nom: "Belle-Île", longueur: "7,5" },
    });
    await ctx.usager.trpc.usager.deposer.mutate({ id: dossier });
    return dossier;
  };
});
messagerie.after(async (ctx) => {
  await ctx.t.stop();
});

messagerie(
  "the messagerie opens at deposit; each side is e-mailed the other's messages",
  async (ctx) => {
    const { id: brouillon } = await ctx.usager.trpc.usager.start.mutate({
      path: "titre-navigation",
    });
    assert.is(
      (await refusal(ctx.usager.trpc.messagerie.list.query({ dossierId: brouillon }))).data
        ?.httpStatus,
      404,
    );
    const id = await ctx.deposit();
    await ctx.usager.trpc.messagerie.post.mutate({
      dossierId: id,
      body: "Faut-il la carte grise originale ?",
    });
    await ctx.t.mail("ines@mairie.fr", `Nouveau message sur le dossier n° ${id}`);
    const seen = await ctx.ines.trpc.messagerie.list.query({ dossierId: id });
    assert.is(seen.side, "instructeur");
    assert.ok(seen.messages[0].unread);
    assert.not.ok(
      (await ctx.ines.trpc.messagerie.list.query({ dossierId: id })).messages[0].unread,
      "read once listed",
    );
    await ctx.ines.trpc.messagerie.post.mutate({ dossierId: id, body: "Une copie suffit." });
    await ctx.t.mail("proprietaire@exemple.fr", `Nouveau message sur le dossier n° ${id}`);
    const thread = await ctx.usager.trpc.messagerie.list.query({ dossierId: id });
    assert.equal(thread.messages.map((m) => m.author), ["Vous", "Administration"]);
    assert.is(
      (await refusal(ctx.stranger.trpc.messagerie.list.query({ dossierId: id }))).data?.httpStatus,
      404,
    );
    const empty = await refusal(
      ctx.usager.trpc.messagerie.post.mutate({ dossierId: id, body: "   " }),
    );
    assert.match(empty.message, /Écrivez votre message/);
  },
);

messagerie(
  "modifying a deposited dossier stays a working copy until deposited again",
  async (ctx) => {
    const id = await ctx.deposit();
    await ctx.usager.trpc.usager.save.mutate({ id, values: { longueur: "8" } });
    assert.is((await ctx.usager.trpc.usager.dossier.query({ id })).values.longueur, 8);
    assert.ok((await ctx.usager.trpc.usager.dossier.query({ id })).modificationsPending);
    assert.is(
      (await ctx.ines.trpc.instruction.dossier.query({ id })).values.longueur,
      7.5,
      "instructeurs read the deposit",
    );
    await ctx.usager.trpc.usager.discardModifications.mutate({ id });
    assert.is(
      (await ctx.usager.trpc.usager.dossier.query({ id })).values.longueur,
      7.5,
      "discarded",
    );
    await ctx.usager.trpc.usager.save.mutate({ id, values: { longueur: "8" } });
    const { changed } = await ctx.usager.trpc.usager.deposerModifications.mutate({ id });
    assert.equal(changed, ["longueur"]);
    const seen = await ctx.ines.trpc.instruction.dossier.query({ id });
    assert.is(seen.values.longueur, 8);
    assert.equal(seen.events.at(-1)?.motivation, "Champs modifiés : « Longueur (m) »");
  },
);

messagerie(
  "a demande de correction sends the dossier back; the re-deposit resolves it",
  async (ctx) => {
    const id = await ctx.deposit();
    await ctx.ines.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    const denied = await refusal(
      ctx.usager.trpc.messagerie.requestCorrection.mutate({
        dossierId: id,
        body: "x",
        reason: "incorrect",
      }),
    );
    assert.is(denied.data?.httpStatus, 403);
    await ctx.ines.trpc.messagerie.requestCorrection.mutate({
      dossierId: id,
      body: "La longueur ne correspond pas à la carte grise.",
      reason: "incorrect",
    });
    await ctx.t.mail("proprietaire@exemple.fr", `Votre dossier n° ${id} est à corriger`);
    const d = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.is(d.state, "en_construction");
    assert.is(d.correction?.label, "Une information est erronée");
    assert.ok(d.editable);
    const row = async () => {
      const { demarche } = await ctx.ines.trpc.instruction.dossier.query({ id });
      const page = await ctx.ines.trpc.instruction.dashboard.query({
        demarcheId: demarche.id,
        tab: "tous",
      });
      return page.dossiers.find((r) => r.id === id)!;
    };
    assert.ok((await row()).correction, "the dashboard marks the dossier « Correction demandée »");
    await ctx.usager.trpc.usager.save.mutate({ id, values: { longueur: "7,9" } });
    await ctx.usager.trpc.usager.deposerModifications.mutate({ id });
    assert.is((await ctx.usager.trpc.usager.dossier.query({ id })).correction, null);
    assert.not.ok((await row()).correction);
    const thread = await ctx.ines.trpc.messagerie.list.query({ dossierId: id });
    assert.ok(thread.messages.find((m) => m.correction)?.correction?.resolved);
  },
);

messagerie(
  "taking a dossier in hand drops undeposited modifications; a decision closes the thread",
  async (ctx) => {
    const id = await ctx.deposit();
    await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Nom jamais déposé" } });
    await ctx.ines.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    const d = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.is(d.values.nom, "Belle-Île");
    assert.not.ok(d.editable);
    await ctx.ines.trpc.instruction.decide.mutate({ id, event: "accepter" });
    const closed = await refusal(
      ctx.usager.trpc.messagerie.post.mutate({ dossierId: id, body: "Merci !" }),
    );
    assert.match(closed.message, /messagerie est close/);
    assert.not.ok((await ctx.usager.trpc.messagerie.list.query({ dossierId: id })).open);
  },
);

messagerie.run();
