/**
 * Pre-hijacking (issue 9, hole 1): someone who knows an address Guichet has invited (an
 * instructeur, an expert, a dossier's invité, a future administrator) signs up with it and a
 * password of their own, hoping the invitee will confirm it for them. Each test lets the invitee
 * open every confirmation link Guichet mails them, as anyone trusting Guichet's e-mails would,
 * then checks the stranger's password opens nothing.
 */
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
import { publishedDemarche } from "../../helpers/demarche.ts";

const STRANGER = "Pris-Avant-Vous-2026!";
const STRANGER_IP = "203.0.113.66";

interface Ctx {
  t: TestInstance;
  superAdmin: Agent;
  demarcheId: number;
  groupeId: number;
  ines: Agent;
  usager: Agent;
  dossier: number;
}

const takeover = suite<Ctx>("accounts: invited addresses cannot be taken beforehand");
takeover.before(async (ctx) => {
  const t = ctx.t = await startTestInstance();
  ctx.superAdmin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.superAdmin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
      annotations: [],
    },
    instructeurs: ["ines@mairie.fr"],
  });
  const [g] = await ctx.superAdmin.trpc.admin.demarches.groupes.list.query({
    demarcheId: ctx.demarcheId,
  });
  ctx.groupeId = g.id;
  ctx.ines = t.agent();
  await ctx.ines.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail("ines@mairie.fr", "Vous êtes instructeur")),
    password: "Instruire-Les-Dossiers-2026",
  });
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Belle-Île" } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  ctx.dossier = id;
});
takeover.after(async (ctx) => {
  await ctx.t.stop();
});

/** What a sign-up answers for an address nobody uses: every sign-up must answer the same. */
async function freshSignUpAnswer(t: TestInstance) {
  const fresh = await t.agent().call("auth.signUp", {
    email: `inconnu-${crypto.randomUUID()}@exemple.fr`,
    password: STRANGER,
  });
  return { status: fresh.status, body: fresh.body };
}

/**
 * The stranger signs up with `email` and tries to sign in (which, for an unconfirmed account,
 * mails a confirmation link); the invitee then opens every confirmation link they got.
 */
async function strangerTries(t: TestInstance, email: string) {
  const stranger = t.agent({ ip: STRANGER_IP });
  const answer = await stranger.call("auth.signUp", { email, password: STRANGER });
  assert.equal(
    { status: answer.status, body: answer.body },
    await freshSignUpAnswer(t),
    "a sign-up answers the same",
  );
  await stranger.call("auth.signIn", { email, password: STRANGER });
  await invitedOpensConfirmations(t, email);
}

async function invitedOpensConfirmations(t: TestInstance, email: string) {
  await t.flush();
  const links = t.catcher!.mails.filter((m) =>
    m.to.includes(email) && m.subject.includes("Confirmez votre adresse")
  );
  for (const mail of links) {
    await t.agent().call("auth.confirmEmail", { token: tokenFrom(mail) });
  }
}

async function assertStrangerLockedOut(t: TestInstance, email: string) {
  const attempt = await t.agent({ ip: STRANGER_IP }).call("auth.signIn", {
    email,
    password: STRANGER,
  });
  assert.is(attempt.status, 401, `the stranger's password does not open ${email}`);
}

/** The invitee sets their password from the invitation e-mail and gets their role. */
async function inviteeArrives(t: TestInstance, email: string, subject: string, role: string) {
  const invitee = t.agent();
  await invitee.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(email, subject)),
    password: "Mon-Vrai-Mot-De-Passe-2026",
  });
  const session = await invitee.trpc.auth.session.query();
  assert.ok(session?.roles.includes(role as never), `${email} is ${role}`);
  return invitee;
}

takeover("an instructeur's address: a stranger's sign-up sets no password", async (ctx) => {
  const { t } = ctx;
  await ctx.superAdmin.trpc.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: ctx.demarcheId,
    groupeId: ctx.groupeId,
    email: "x@mairie.fr",
  });
  await strangerTries(t, "x@mairie.fr");
  await assertStrangerLockedOut(t, "x@mairie.fr");
  const notice = await t.mail("x@mairie.fr", "Activez votre compte Guichet");
  assert.match(notice.text, /rien n’a changé/);
  await inviteeArrives(t, "x@mairie.fr", "Vous êtes instructeur", "instructeur");
  await assertStrangerLockedOut(t, "x@mairie.fr");
});

takeover("an expert's address: a stranger's sign-up sets no password", async (ctx) => {
  const { t } = ctx;
  await ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: ["expert@chantier.fr"],
    introduction: "Le bateau est-il en état de naviguer ?",
  });
  await strangerTries(t, "expert@chantier.fr");
  await assertStrangerLockedOut(t, "expert@chantier.fr");
  const expert = await inviteeArrives(t, "expert@chantier.fr", "Votre avis est demandé", "expert");
  assert.is((await expert.trpc.expert.avis.query()).length, 1);
  await assertStrangerLockedOut(t, "expert@chantier.fr");
});

takeover("a dossier's invité's address: a stranger's sign-up sets no password", async (ctx) => {
  const { t } = ctx;
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.invitations.invite.mutate({
    dossierId: id,
    email: "cousin@exemple.fr",
    message: "Peux-tu compléter le nom ?",
  });
  await strangerTries(t, "cousin@exemple.fr");
  await assertStrangerLockedOut(t, "cousin@exemple.fr");
  const invite = t.agent();
  await invite.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail("cousin@exemple.fr", "vous invite à compléter un dossier")),
    password: "Mon-Vrai-Mot-De-Passe-2026",
  });
  assert.is((await invite.trpc.usager.dossier.query({ id })).role, "invite");
  await assertStrangerLockedOut(t, "cousin@exemple.fr");
});

takeover(
  "a stranger who signed up first loses their password when the address is invited",
  async (ctx) => {
    const { t } = ctx;
    // The stranger signs up first: a new account, unconfirmed, with their password.
    await t.agent({ ip: STRANGER_IP }).trpc.auth.signUp.mutate({
      email: "y@mairie.fr",
      password: STRANGER,
    });
    await ctx.superAdmin.trpc.admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: ctx.demarcheId,
      groupeId: ctx.groupeId,
      email: "y@mairie.fr",
    });
    await t.agent({ ip: STRANGER_IP }).call("auth.signIn", {
      email: "y@mairie.fr",
      password: STRANGER,
    });
    await invitedOpensConfirmations(t, "y@mairie.fr");
    await assertStrangerLockedOut(t, "y@mairie.fr");
    const invitation = await t.mail("y@mairie.fr", "Vous êtes instructeur");
    assert.match(invitation.text, /définissez votre mot de passe/);
    await inviteeArrives(t, "y@mairie.fr", "Vous êtes instructeur", "instructeur");
  },
);

takeover(
  "an administrator request: a stranger's earlier sign-up does not survive its acceptance",
  async (ctx) => {
    const { t } = ctx;
    await t.agent().trpc.auth.requestAdminAccount.mutate({
      nom: "Alex Martin",
      organisation: "Commune de Saint-Martin",
      email: "alex@saint-martin.fr",
      motif: "Mettre en ligne les demandes de titre de navigation",
    });
    await t.agent({ ip: STRANGER_IP }).trpc.auth.signUp.mutate({
      email: "alex@saint-martin.fr",
      password: STRANGER,
    });
    const [request] = (await ctx.superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
      .filter((r) => r.email === "alex@saint-martin.fr");
    await ctx.superAdmin.trpc.superadmin.demandesAdmin.accept.mutate({ id: request.id });
    await t.agent({ ip: STRANGER_IP }).call("auth.signIn", {
      email: "alex@saint-martin.fr",
      password: STRANGER,
    });
    await invitedOpensConfirmations(t, "alex@saint-martin.fr");
    await assertStrangerLockedOut(t, "alex@saint-martin.fr");
    await inviteeArrives(
      t,
      "alex@saint-martin.fr",
      "compte administrateur est validé",
      "administrateur",
    );
  },
);

takeover(
  "signing up again before confirming sends a link to choose the password; no sign-up's password sticks",
  async ({ t }) => {
    const first = "Premier-Essai-Oublie-2026";
    await t.agent().trpc.auth.signUp.mutate({ email: "camille@exemple.fr", password: first });
    const firstLink = tokenFrom(await t.mail("camille@exemple.fr", "Confirmez votre adresse"));
    // Camille, or anyone, signs up again with another password.
    const again = await t.agent().call("auth.signUp", {
      email: "camille@exemple.fr",
      password: STRANGER,
    });
    assert.equal({ status: again.status, body: again.body }, await freshSignUpAnswer(t));
    assert.is(
      (await t.agent().call("auth.signIn", { email: "camille@exemple.fr", password: STRANGER }))
        .status,
      401,
      "the second sign-up's password is not the account's",
    );
    const stale = await t.agent().call("auth.confirmEmail", { token: firstLink });
    assert.is(stale.status, 400, "the first confirmation link no longer confirms anything");
    const mail = await t.mail("camille@exemple.fr", "Activez votre compte Guichet");
    assert.match(mail.text, /choisissez votre mot de passe/);
    const camille = t.agent();
    await camille.trpc.auth.setPassword.mutate({
      token: tokenFrom(mail),
      password: "Enfin-Choisi-Par-Moi-2026",
    });
    assert.is((await camille.trpc.auth.session.query())?.email, "camille@exemple.fr");
    for (const password of [first, STRANGER]) {
      const old = await t.agent().call("auth.signIn", { email: "camille@exemple.fr", password });
      assert.is(old.status, 401);
    }
  },
);

takeover(
  "a sign-up of a confirmed address changes nothing and tells its owner",
  async ({ t }) => {
    await signedUpAgent(t, "dominique@exemple.fr", "Le-Mien-Depuis-2024!");
    const answer = await t.agent({ ip: STRANGER_IP }).call("auth.signUp", {
      email: "dominique@exemple.fr",
      password: STRANGER,
    });
    assert.equal({ status: answer.status, body: answer.body }, await freshSignUpAnswer(t));
    await assertStrangerLockedOut(t, "dominique@exemple.fr");
    await t.mail("dominique@exemple.fr", "Vous avez déjà un compte");
    await t.agent().trpc.auth.signIn.mutate({
      email: "dominique@exemple.fr",
      password: "Le-Mien-Depuis-2024!",
    });
  },
);

takeover.run();
