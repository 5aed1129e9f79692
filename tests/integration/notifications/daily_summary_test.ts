/**
 * The instructeurs' daily summary, on a real instance whose clock the test moves: what it
 * counts, that it says nothing when nothing happened, and that it never goes out twice a day.
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
  tokenFrom,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { sendDailySummaries } from "../../../core/notifications/daily_summary.ts";

const SUBJECT = "Votre résumé quotidien Guichet";

interface Ctx {
  t: TestInstance;
  now: Date;
  cantine: number;
  piscine: number;
  lea: Agent;
  usager: Agent;
  deposit(path: string): Promise<number>;
}

const summaries = (t: TestInstance, to: string) =>
  t.flush().then(() => t.catcher!.mails.filter((m) => m.to.includes(to) && m.subject === SUBJECT));

const summary = suite<Ctx>("sendDailySummaries");
summary.before(async (ctx) => {
  ctx.now = new Date("2026-03-02T06:00:00Z");
  const t = ctx.t = await startTestInstance({ clock: () => ctx.now });
  const admin = (await superAdminAgent(t)).trpc;
  const demarche = async (titre: string, path: string) => {
    const { id } = await admin.admin.demarches.create.mutate({ titre });
    await admin.admin.demarches.updateSettings.mutate({
      id,
      titre,
      service: { nom: "Service scolaire", organisme: "Mairie", email: "ecoles@mairie.fr" },
      siteWeb: "https://www.mairie.fr",
    });
    await admin.admin.demarches.saveForm.mutate({
      id,
      form: {
        champs: [{ stableId: "nom", type: "text", label: "Nom", mandatory: true }],
        annotations: [],
      },
    });
    const [g] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
    for (const email of ["lea@mairie.fr", "mo@mairie.fr"]) {
      await admin.admin.demarches.groupes.addInstructeur.mutate({
        demarcheId: id,
        groupeId: g.id,
        email,
      });
    }
    await admin.admin.demarches.publish.mutate({ id, path });
    return id;
  };
  ctx.cantine = await demarche("Inscription à la cantine", "cantine");
  ctx.piscine = await demarche("Accès à la piscine", "piscine");
  ctx.lea = await invitedAgent(t, "lea@mairie.fr");
  await invitedAgent(t, "mo@mairie.fr");
  ctx.usager = await signedUpAgent(t, "parent@exemple.fr");
  ctx.deposit = async (path) => {
    const { id } = await ctx.usager.trpc.usager.start.mutate({ path });
    await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Camille" } });
    await ctx.usager.trpc.usager.deposer.mutate({ id });
    return id;
  };
});
summary.after(async (ctx) => {
  await ctx.t.stop();
});

summary("nothing happened: no summary", async ({ t }) => {
  assert.is(await sendDailySummaries(t.deps), 0);
  assert.equal(await summaries(t, "lea@mairie.fr"), []);
});

summary("counts per démarche what each instructeur left for the summary", async (ctx) => {
  const { t } = ctx;
  // Léa wants the summary for everything on the cantine, and the defaults on the piscine.
  await ctx.lea.trpc.instruction.notifications.save.mutate({
    demarcheId: ctx.cantine,
    depot: "resume",
    message: "resume",
    avis: "resume",
  });
  const first = await ctx.deposit("cantine");
  await ctx.deposit("cantine");
  await ctx.deposit("piscine");
  await ctx.usager.trpc.messagerie.post.mutate({ dossierId: first, body: "Menu sans porc ?" });
  await ctx.lea.trpc.instruction.avis.ask.mutate({
    dossierId: first,
    emails: ["dieteticienne@exemple.fr"],
    introduction: "Le régime est-il compatible ?",
  });
  const expert = t.agent();
  await expert.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail("dieteticienne@exemple.fr", "Votre avis est demandé")),
    password: "Menus-Equilibres-2026",
  });
  const [asked] = await expert.trpc.expert.avis.query();
  await expert.trpc.expert.answer.mutate({ avisId: asked.id, answer: "Oui." });
  await t.flush();
  assert.is((await summaries(t, "lea@mairie.fr")).length, 0, "not before it is run");
  assert.is(
    t.catcher!.mails.filter((m) => m.to.includes("lea@mairie.fr") && /Avis reçu/.test(m.subject))
      .length,
    0,
    "Léa chose the summary for avis",
  );

  ctx.now = new Date("2026-03-02T08:05:00Z");
  assert.is(await sendDailySummaries(t.deps), 2, "Léa and Mo");
  const [lea] = await summaries(t, "lea@mairie.fr");
  assert.match(
    lea.text,
    `« Accès à la piscine »\n- 1 nouveau dossier\nTableau de bord : ${BASE_URL}/instruction/demarches/${ctx.piscine}`,
  );
  assert.match(
    lea.text,
    `« Inscription à la cantine »\n- 2 nouveaux dossiers\n- 1 nouveau message\n- 1 avis rendu\nTableau de bord : ${BASE_URL}/instruction/demarches/${ctx.cantine}`,
  );
  assert.not.ok(lea.text.includes("Menu sans porc"));
  const [mo] = await summaries(t, "mo@mairie.fr");
  assert.not.ok(mo.text.includes("nouveau message"), "Mo's messages came at once (the default)");
  assert.match(mo.text, "« Inscription à la cantine »\n- 2 nouveaux dossiers\nTableau de bord");
});

summary("run twice, or after a restart the same day, it sends nothing more", async (ctx) => {
  const { t } = ctx;
  assert.is(await sendDailySummaries(t.deps), 0);
  ctx.now = new Date("2026-03-02T09:00:00Z");
  await ctx.deposit("cantine");
  ctx.now = new Date("2026-03-02T15:00:00Z");
  assert.is(await sendDailySummaries(t.deps), 0, "one summary a day");
  assert.is((await summaries(t, "lea@mairie.fr")).length, 1);

  ctx.now = new Date("2026-03-03T08:10:00Z");
  const [a, b] = await Promise.all([sendDailySummaries(t.deps), sendDailySummaries(t.deps)]);
  assert.is(a + b, 2, "Léa and Mo, once each, though two runs raced");
  const sent = await summaries(t, "lea@mairie.fr");
  assert.is(sent.length, 2);
  assert.match(sent[1].text, "« Inscription à la cantine »\n- 1 nouveau dossier\n");
  assert.not.ok(sent[1].text.includes("piscine"), "nothing new there");

  ctx.now = new Date("2026-03-04T08:10:00Z");
  assert.is(await sendDailySummaries(t.deps), 0, "nothing happened since");
});

summary.run();
