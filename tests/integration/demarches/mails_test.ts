/**
 * The usagers' e-mails of a démarche: its administrator rewrites one with tags, the usager
 * receives that text with the tags replaced; unknown tags and other administrators refused.
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
import { adminAgent, invitedAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  demarcheId: number;
}

const mails = suite<Ctx>("usagers' e-mails");
mails.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(t);
  const admin = ctx.admin.trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: "Titre de navigation" });
  ctx.demarcheId = id;
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: "Titre de navigation",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({
    id,
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
      annotations: [],
    },
  });
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: "marc@mairie.fr",
  });
});
mails.after(async (ctx) => {
  await ctx.t.stop();
});

mails(
  "an administrator reads Guichet's texts and the tags, the form's champs included",
  async (ctx) => {
    const { mails: list, tags } = await ctx.admin.trpc.admin.demarches.mails.get.query({
      id: ctx.demarcheId,
    });
    assert.equal(list.map((m) => m.kind), [
      "depose",
      "en_instruction",
      "accepte",
      "refuse",
      "sans_suite",
      "en_construction",
    ]);
    assert.ok(list.every((m) => !m.custom && m.subject === m.defaultSubject));
    assert.ok(tags.some((t) => t.tag === "--Nom du bateau--"));
    assert.ok(tags.some((t) => t.tag === "--motivation--"));
  },
);

mails("an unknown tag is refused in French beside its field", async (ctx) => {
  const denied = await refusal(
    ctx.admin.trpc.admin.demarches.mails.save.mutate({
      id: ctx.demarcheId,
      kind: "accepte",
      subject: "Accepté",
      body: "Bonjour --prénom--, votre bateau --Nom du bateau-- est accepté.",
    }),
  );
  assert.is(denied.data?.httpStatus, 400);
  assert.match(denied.message, /Cette balise n’existe pas : --prénom--/);
  const empty = await refusal(
    ctx.admin.trpc.admin.demarches.mails.save.mutate({
      id: ctx.demarcheId,
      kind: "accepte",
      subject: "  ",
      body: "x",
    }),
  );
  assert.is(empty.data?.httpStatus, 400);
  assert.match(empty.message, /Écrivez l’objet de l’e-mail/);
});

mails("another administrator reads « not found »", async (ctx) => {
  const other = await adminAgent(ctx.t, ctx.admin, "autre@mairie.fr");
  const denied = await refusal(
    other.trpc.admin.demarches.mails.get.query({ id: ctx.demarcheId }),
  );
  assert.is(denied.data?.httpStatus, 404);
  const usager = await signedUpAgent(ctx.t, "curieux@exemple.fr");
  const refused = await refusal(
    usager.trpc.admin.demarches.mails.save.mutate({
      id: ctx.demarcheId,
      kind: "accepte",
      subject: "x",
      body: "y",
    }),
  );
  assert.is(refused.data?.httpStatus, 403);
});

mails("the usager receives the administrator's text with the tags replaced", async (ctx) => {
  const admin = ctx.admin.trpc.admin.demarches;
  await admin.mails.save.mutate({
    id: ctx.demarcheId,
    kind: "accepte",
    subject: "Bon vent, --Nom du bateau-- ! (dossier --numéro du dossier--)",
    body: "Bonjour,\n\nLe titre de « --Nom du bateau-- » est accordé.\nMotif : --motivation--\n" +
      "Décidé le --date de décision--.",
  });
  const preview = await admin.mails.preview.query({
    id: ctx.demarcheId,
    kind: "accepte",
    subject: "Bon vent, --Nom du bateau-- !",
    body: "Bonjour --e-mail de l’usager--",
  });
  assert.is(preview.subject, "Bon vent, (réponse à « Nom du bateau ») !");
  assert.match(preview.text, /^Bonjour camille@exemple\.fr\n\nSuivre votre dossier : /);
  await admin.publish.mutate({ id: ctx.demarcheId, path: "titre-navigation" });
  const usager = await signedUpAgent(ctx.t, "proprietaire@exemple.fr");
  const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await usager.trpc.usager.save.mutate({ id, values: { nom: "Le Goéland" } });
  await usager.trpc.usager.deposer.mutate({ id });
  await ctx.t.mail("proprietaire@exemple.fr", `Votre dossier n° ${id} est déposé`);
  const marc = await invitedAgent(ctx.t, "marc@mairie.fr");
  await marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  await marc.trpc.instruction.decide.mutate({
    id,
    event: "accepter",
    motivation: "Carte grise conforme.",
  });
  const mail = await ctx.t.mail("proprietaire@exemple.fr", "Bon vent");
  assert.is(mail.subject, `Bon vent, Le Goéland ! (dossier ${id})`);
  assert.match(
    mail.text,
    /Le titre de « Le Goéland » est accordé\.\nMotif : Carte grise conforme\./,
  );
  assert.match(mail.text, /Décidé le \d{1,2} \S+ \d{4}\./);
  assert.match(mail.text, new RegExp(`Suivre votre dossier : \\S+/dossiers/${id}`));
  // The e-mails travel with the démarche: its JSON definition and its clones.
  const definition = await admin.exportDefinition.query({ id: ctx.demarcheId });
  assert.match(definition.mails.accepte?.subject ?? "", /^Bon vent/);
  const imported = await admin.importDefinition.mutate({ definition });
  assert.match(
    (await admin.mails.get.query({ id: imported.id })).mails.find((m) => m.kind === "accepte")!
      .subject,
    /^Bon vent/,
  );
  const broken = await refusal(admin.importDefinition.mutate({
    definition: { ...definition, mails: { refuse: { subject: "Non", body: "--inconnue--" } } },
  }));
  assert.is(broken.data?.httpStatus, 400);
  assert.match(broken.message, /balises inconnues : --inconnue--/);
  const clone = await ctx.admin.trpc.admin.catalogue.clone.mutate({
    id: ctx.demarcheId,
    champs: true,
    annotations: true,
    instructeurs: false,
  });
  assert.ok(
    (await admin.mails.get.query({ id: clone.id })).mails.find((m) => m.kind === "accepte")!
      .custom,
  );
  await admin.mails.reset.mutate({ id: ctx.demarcheId, kind: "accepte" });
  const after = await admin.mails.get.query({ id: ctx.demarcheId });
  assert.not.ok(after.mails.find((m) => m.kind === "accepte")!.custom);
});

mails("an e-mail naming a champ the form no longer has stops the next publication", async (ctx) => {
  const admin = ctx.admin.trpc.admin.demarches;
  await admin.mails.save.mutate({
    id: ctx.demarcheId,
    kind: "refuse",
    subject: "Refus pour --Nom du bateau--",
    body: "Bonjour,\n\nLe bateau --Nom du bateau-- n’est pas autorisé.",
  });
  await admin.saveForm.mutate({
    id: ctx.demarcheId,
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom du navire", mandatory: true }],
      annotations: [],
    },
  });
  const status = await admin.publicationStatus.query({ id: ctx.demarcheId });
  assert.equal(status.missing.filter((m) => m.section === "emails").map((m) => m.message), [
    "L’e-mail « Refus » nomme une balise qui n’existe plus : --Nom du bateau--.",
  ]);
  const refused = await refusal(
    admin.publish.mutate({ id: ctx.demarcheId, path: "titre-navigation" }),
  );
  assert.match(refused.message, /L’e-mail « Refus » nomme une balise/);
});

mails.run();
