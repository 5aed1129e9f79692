/**
 * Instructeurs' notifications through the real app and SMTP listener: who is e-mailed of a
 * deposit, a message and an avis, as each chose; and who may read or change the choices.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du demandeur", mandatory: true }],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  demarcheId: number;
  autreId: number;
  /** Ines and Jules instruct the default groupe, Karim the other one (and « Autre »). */
  ines: Agent;
  jules: Agent;
  karim: Agent;
  usager: Agent;
  deposit(agent?: Agent): Promise<number>;
}

/** The mails caught so far to `to` whose subject contains `subject`. */
async function mailsTo(t: TestInstance, to: string, subject: string) {
  await t.flush();
  return t.catcher!.mails.filter((m) => m.to.includes(to) && m.subject.includes(subject));
}

const notifications = suite<Ctx>("instructeurs' notifications");
notifications.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  const admin = (await superAdminAgent(t)).trpc;
  const demarche = async (titre: string, path: string, people: Record<string, string[]>) => {
    const { id } = await admin.admin.demarches.create.mutate({ titre });
    await admin.admin.demarches.updateSettings.mutate({
      id,
      titre,
      service: { nom: "Service pêche", organisme: "Mairie", email: "peche@mairie.fr" },
      siteWeb: "https://www.mairie.fr",
    });
    await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
    const [byDefault] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
    for (const [label, emails] of Object.entries(people)) {
      const groupeId = label === "défaut"
        ? byDefault.id
        : (await admin.admin.demarches.groupes.add.mutate({ demarcheId: id, label })).id;
      for (const email of emails) {
        await admin.admin.demarches.groupes.addInstructeur.mutate({
          demarcheId: id,
          groupeId,
          email,
        });
      }
    }
    await admin.admin.demarches.publish.mutate({ id, path });
    return id;
  };
  ctx.demarcheId = await demarche("Permis de pêche", "permis-peche", {
    "défaut": ["ines@mairie.fr", "jules@mairie.fr"],
    "Littoral": ["karim@mairie.fr"],
  });
  ctx.autreId = await demarche("Autre démarche", "autre-demarche", {
    "défaut": ["karim@mairie.fr"],
  });
  ctx.ines = await invitedAgent(t, "ines@mairie.fr");
  ctx.jules = await invitedAgent(t, "jules@mairie.fr");
  ctx.karim = await invitedAgent(t, "karim@mairie.fr");
  ctx.usager = await signedUpAgent(t, "pecheur@exemple.fr");
  ctx.deposit = async (agent = ctx.usager) => {
    const { id } = await agent.trpc.usager.start.mutate({ path: "permis-peche" });
    await agent.trpc.usager.save.mutate({ id, values: { nom: "Dominique Martin" } });
    await agent.trpc.usager.deposer.mutate({ id });
    return id;
  };
});
notifications.after(async (ctx) => {
  await ctx.t.stop();
});

notifications("get lists each démarche one instructs, with the defaults", async (ctx) => {
  assert.equal(await ctx.karim.trpc.instruction.notifications.get.query({}), [
    {
      demarcheId: ctx.autreId,
      titre: "Autre démarche",
      settings: { depot: "resume", message: "immediat", avis: "immediat" },
    },
    {
      demarcheId: ctx.demarcheId,
      titre: "Permis de pêche",
      settings: { depot: "resume", message: "immediat", avis: "immediat" },
    },
  ]);
  const one = await ctx.ines.trpc.instruction.notifications.get.query({
    demarcheId: ctx.demarcheId,
  });
  assert.equal(one.map((d) => d.titre), ["Permis de pêche"]);
});

notifications(
  "a deposit mails the groupe's instructeurs set to « Immédiatement », not « Jamais » nor another groupe",
  async (ctx) => {
    const save = (agent: Agent, depot: "immediat" | "jamais") =>
      agent.trpc.instruction.notifications.save.mutate({
        demarcheId: ctx.demarcheId,
        depot,
        message: "immediat",
        avis: "immediat",
      });
    await save(ctx.ines, "immediat");
    await save(ctx.jules, "jamais");
    await save(ctx.karim, "immediat");
    const [saved] = await ctx.ines.trpc.instruction.notifications.get.query({
      demarcheId: ctx.demarcheId,
    });
    assert.is(saved.settings.depot, "immediat");
    const id = await ctx.deposit();
    const [mail] = await mailsTo(ctx.t, "ines@mairie.fr", `Nouveau dossier n° ${id} déposé`);
    assert.ok(mail, "Ines is told at once");
    assert.match(mail.subject, /« Permis de pêche »/);
    assert.ok(mail.text.includes(`${BASE_URL}/instruction/dossiers/${id}`));
    assert.not.ok(mail.text.includes("Dominique Martin"), "no answer of the form");
    assert.is((await mailsTo(ctx.t, "jules@mairie.fr", `n° ${id} déposé`)).length, 0);
    assert.is((await mailsTo(ctx.t, "karim@mairie.fr", `n° ${id} déposé`)).length, 0);
  },
);

notifications(
  "a message mails the whole groupe when nobody follows the dossier, else its followers only",
  async (ctx) => {
    const id = await ctx.deposit();
    const subject = `Nouveau message sur le dossier n° ${id}`;
    await ctx.usager.trpc.messagerie.post.mutate({ dossierId: id, body: "Texte très privé" });
    const [toInes] = await mailsTo(ctx.t, "ines@mairie.fr", subject);
    assert.ok(toInes);
    assert.match(toInes.text, /Un nouveau message vous attend/);
    assert.not.ok(toInes.text.includes("Texte très privé"), "never the message itself");
    assert.is((await mailsTo(ctx.t, "jules@mairie.fr", subject)).length, 1);
    assert.is((await mailsTo(ctx.t, "karim@mairie.fr", subject)).length, 0, "other groupe");

    await ctx.jules.trpc.instruction.follow.mutate({ id, on: true });
    await ctx.usager.trpc.messagerie.post.mutate({ dossierId: id, body: "Encore une question" });
    assert.is((await mailsTo(ctx.t, "jules@mairie.fr", subject)).length, 2, "the follower");
    assert.is((await mailsTo(ctx.t, "ines@mairie.fr", subject)).length, 1, "not the others");
  },
);

notifications("the author of an event is never told of it", async (ctx) => {
  // Ines deposits a dossier of her own: her groupe hears of it, she does not.
  const own = await ctx.deposit(ctx.ines);
  assert.is((await mailsTo(ctx.t, "ines@mairie.fr", `n° ${own} déposé`)).length, 0);

  // Jules follows the dossier and gives the avis Ines asked: she is told, he is not.
  const id = await ctx.deposit();
  await ctx.jules.trpc.instruction.follow.mutate({ id, on: true });
  await ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: id,
    emails: ["jules@mairie.fr"],
    introduction: "Ton avis de collègue ?",
    confidentiel: true,
  });
  const [asked] = (await ctx.jules.trpc.expert.avis.query()).filter((a) => a.dossierId === id);
  await ctx.jules.trpc.expert.answer.mutate({ avisId: asked.id, answer: "Avis secret" });
  const subject = `Avis reçu sur le dossier n° ${id}`;
  const [toInes] = await mailsTo(ctx.t, "ines@mairie.fr", subject);
  assert.ok(toInes, "the instructeur who asked");
  assert.not.ok(toInes.text.includes("Avis secret"), "never the avis itself");
  assert.is((await mailsTo(ctx.t, "jules@mairie.fr", subject)).length, 0, "not its author");
});

notifications(
  "an instructeur cannot read or change the choices of a démarche they do not instruct",
  async (ctx) => {
    const input = { demarcheId: ctx.autreId, depot: "jamais", message: "jamais", avis: "jamais" };
    // One call at a time: a refusal that fails its assertion leaves no other call pending.
    for (
      const call of [
        () => ctx.ines.trpc.instruction.notifications.get.query({ demarcheId: ctx.autreId }),
        () => ctx.ines.trpc.instruction.notifications.save.mutate(input as never),
        () => ctx.usager.trpc.instruction.notifications.save.mutate(input as never),
        () => ctx.ines.trpc.instruction.notifications.get.query({ demarcheId: 999_999 }),
      ]
    ) {
      const denied = await refusal(call());
      assert.is(denied.data?.httpStatus, 404);
      assert.is(denied.message, "Vous n’instruisez pas cette démarche.");
    }
    assert.equal(await ctx.usager.trpc.instruction.notifications.get.query({}), []);
    const [karims] = await ctx.karim.trpc.instruction.notifications.get.query({
      demarcheId: ctx.autreId,
    });
    assert.is(karims.settings.depot, "resume", "Karim's choices are untouched");
  },
);

notifications(
  "anonymous is asked to sign in; a malformed choice is refused in French",
  async (ctx) => {
    const anonymous = ctx.t.agent();
    const get = await anonymous.call("instruction.notifications.get", {}, "GET");
    assert.is(get.status, 401);
    assert.is(get.body.error.message, "Connectez-vous pour continuer.");
    const save = await anonymous.call("instruction.notifications.save", {
      demarcheId: ctx.demarcheId,
      depot: "jamais",
      message: "jamais",
      avis: "jamais",
    });
    assert.is(save.status, 401);
    const bad = await ctx.ines.call("instruction.notifications.save", {
      demarcheId: ctx.demarcheId,
      depot: "toutes les heures",
      message: "immediat",
      avis: "immediat",
    });
    assert.is(bad.status, 400);
    assert.match(
      bad.body.error.message,
      /Choisissez « Immédiatement », « Dans le résumé quotidien »/,
    );
    const [still] = await ctx.ines.trpc.instruction.notifications.get.query({
      demarcheId: ctx.demarcheId,
    });
    assert.is(still.settings.depot, "immediat");
  },
);

notifications.run();
