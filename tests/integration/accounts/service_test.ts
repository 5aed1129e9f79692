import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { signInWithCode } from "../../helpers/second_factor.ts";
import {
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";
import { refusal as rejection } from "../../helpers/refusal.ts";

const PASSWORD = "Un-mot-de-passe-solide-42";

const accounts = suite<{ t: TestInstance }>("accounts");
accounts.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
accounts.after(async (ctx) => {
  await ctx.t.stop();
});

accounts("signUp() sends a confirmation link that signs the person in", async ({ t }) => {
  const agent = t.agent();
  const navigateur = "preuve-de-ce-navigateur-1";
  await agent.trpc.auth.signUp.mutate({
    email: "Camille@Exemple.fr",
    password: PASSWORD,
    navigateur,
  });
  assert.is(await agent.trpc.auth.session.query(), null);
  const mail = await t.mail("camille@exemple.fr", "Confirmez votre adresse");
  await agent.trpc.auth.confirmEmail.mutate({ token: tokenFrom(mail), navigateur });
  const session = await agent.trpc.auth.session.query();
  assert.is(session?.email, "camille@exemple.fr");
  assert.equal(session?.roles, ["usager"]);
});

accounts("a confirmation link works only once", async ({ t }) => {
  const agent = t.agent();
  const navigateur = "preuve-de-ce-navigateur-2";
  await agent.trpc.auth.signUp.mutate({ email: "once@exemple.fr", password: PASSWORD, navigateur });
  const token = tokenFrom(await t.mail("once@exemple.fr", "Confirmez"));
  await agent.trpc.auth.confirmEmail.mutate({ token, navigateur });
  const error = await rejection(
    t.agent().trpc.auth.confirmEmail.mutate({ token, navigateur }),
  );
  assert.match(error.message, /n’est plus valable/);
});

accounts("signUp() refuses a weak password with a French reason", async ({ t }) => {
  const error = await rejection(
    t.agent().trpc.auth.signUp.mutate({ email: "faible@exemple.fr", password: "court" }),
  );
  assert.is(error.data?.httpStatus, 400);
  assert.match(error.message, /au moins 12 caractères/);
});

accounts("signIn() refuses an unconfirmed account and resends the link", async ({ t }) => {
  const agent = t.agent();
  await agent.trpc.auth.signUp.mutate({ email: "pas-confirme@exemple.fr", password: PASSWORD });
  await t.flush();
  const before = t.catcher!.mails.filter((m) => m.to.includes("pas-confirme@exemple.fr")).length;
  const error = await rejection(
    agent.trpc.auth.signIn.mutate({ email: "pas-confirme@exemple.fr", password: PASSWORD }),
  );
  assert.match(error.message, /pas encore confirmée/);
  await t.flush();
  await t.catcher!.waitFor(() =>
    t.catcher!.mails.filter((m) => m.to.includes("pas-confirme@exemple.fr")).length > before
  );
});

accounts("signIn() then signOut() ends the session server-side", async ({ t }) => {
  await signedUpAgent(t, "dominique@exemple.fr", PASSWORD);
  const agent = t.agent();
  await agent.trpc.auth.signIn.mutate({ email: "dominique@exemple.fr", password: PASSWORD });
  const cookie = agent.cookie;
  assert.ok(cookie.startsWith("guichet_session="));
  assert.is((await agent.trpc.auth.me.query()).email, "dominique@exemple.fr");
  await agent.trpc.auth.signOut.mutate();
  const replay = t.agent();
  replay.cookie = cookie;
  assert.is(await replay.trpc.auth.session.query(), null);
});

accounts("signIn() rotates the session id", async ({ t }) => {
  const agent = await signedUpAgent(t, "rotation@exemple.fr", PASSWORD);
  const first = agent.cookie;
  await agent.trpc.auth.signIn.mutate({ email: "rotation@exemple.fr", password: PASSWORD });
  assert.is.not(agent.cookie, first);
  const old = t.agent();
  old.cookie = first;
  assert.is(await old.trpc.auth.session.query(), null);
});

accounts("signIn() is rate-limited per account after 5 failures", async ({ t }) => {
  await signedUpAgent(t, "cible@exemple.fr", PASSWORD);
  const agent = t.agent({ ip: "198.51.100.7" });
  for (let i = 0; i < 5; i++) {
    const e = await rejection(
      agent.trpc.auth.signIn.mutate({ email: "cible@exemple.fr", password: "Mauvais-mot-2026" }),
    );
    assert.is(e.data?.httpStatus, 401);
  }
  const blocked = await rejection(
    t.agent({ ip: "198.51.100.8" }).trpc.auth.signIn.mutate({
      email: "cible@exemple.fr",
      password: PASSWORD,
    }),
  );
  assert.is(blocked.data?.httpStatus, 429);
  assert.match(blocked.message, /Trop de tentatives/);
});

accounts(
  "a password reset link sets a new password once and closes other sessions",
  async ({ t }) => {
    const old = await signedUpAgent(t, "oubli@exemple.fr", PASSWORD);
    const agent = t.agent();
    await agent.trpc.auth.requestPasswordReset.mutate({ email: "oubli@exemple.fr" });
    const token = tokenFrom(await t.mail("oubli@exemple.fr", "nouveau mot de passe"));
    await agent.trpc.auth.setPassword.mutate({ token, password: "Nouveau-Secret-2026!" });
    assert.is((await agent.trpc.auth.me.query()).email, "oubli@exemple.fr");
    assert.is(await old.trpc.auth.session.query(), null);
    const again = await rejection(
      t.agent().trpc.auth.setPassword.mutate({ token, password: "Encore-Un-Autre-2026" }),
    );
    assert.match(again.message, /n’est plus valable/);
    await t.agent().trpc.auth.signIn.mutate({
      email: "oubli@exemple.fr",
      password: "Nouveau-Secret-2026!",
    });
  },
);

accounts(
  "a reset request for an unknown address answers the same and sends nothing",
  async ({ t }) => {
    await t.agent().trpc.auth.requestPasswordReset.mutate({ email: "inconnu@exemple.fr" });
    await t.flush();
    assert.not.ok(t.catcher!.mails.some((m) => m.to.includes("inconnu@exemple.fr")));
  },
);

accounts("changePassword() needs the current password", async ({ t }) => {
  const agent = await signedUpAgent(t, "change@exemple.fr", PASSWORD);
  const e = await rejection(
    agent.trpc.auth.changePassword.mutate({
      currentPassword: "Pas-le-bon-2026",
      newPassword: "Tout-Nouveau-2026!",
    }),
  );
  assert.match(e.message, /actuel est incorrect/);
  await agent.trpc.auth.changePassword.mutate({
    currentPassword: PASSWORD,
    newPassword: "Tout-Nouveau-2026!",
  });
  await t.agent().trpc.auth.signIn.mutate({
    email: "change@exemple.fr",
    password: "Tout-Nouveau-2026!",
  });
});

accounts("changeEmail() applies only once the new address is confirmed", async ({ t }) => {
  const agent = await signedUpAgent(t, "ancienne@exemple.fr", PASSWORD);
  await agent.trpc.auth.changeEmail.mutate({ email: "nouvelle@exemple.fr", password: PASSWORD });
  assert.is((await agent.trpc.auth.me.query()).email, "ancienne@exemple.fr");
  const token = tokenFrom(await t.mail("nouvelle@exemple.fr", "nouvelle adresse"));
  await agent.trpc.auth.confirmEmailChange.mutate({ token });
  assert.is((await agent.trpc.auth.me.query()).email, "nouvelle@exemple.fr");
});

accounts("an administrator request goes to the super-admin, who accepts it", async ({ t }) => {
  const superAdmin = await superAdminAgent(t);
  await t.agent().trpc.auth.requestAdminAccount.mutate({
    nom: "Alex Martin",
    organisation: "Commune de Saint-Martin",
    email: "alex@mairie.fr",
    motif: "Mettre en ligne les demandes de titre de navigation",
  });
  await t.mail("super@guichet.test", "Nouvelle demande");
  const pending = await superAdmin.trpc.superadmin.demandesAdmin.list.query({});
  const request = pending.find((r) => r.email === "alex@mairie.fr")!;
  assert.ok(request);
  await superAdmin.trpc.superadmin.demandesAdmin.accept.mutate({ id: request.id });
  const token = tokenFrom(await t.mail("alex@mairie.fr", "compte administrateur est validé"));
  const admin = t.agent();
  await admin.trpc.auth.setPassword.mutate({ token, password: "Admin-Commune-2026!" });
  const session = await admin.trpc.auth.session.query();
  assert.equal(session?.roles, ["usager", "administrateur"]);
  const again = await rejection(
    superAdmin.trpc.superadmin.demandesAdmin.accept.mutate({ id: request.id }),
  );
  assert.is(again.data?.httpStatus, 409);
});

accounts("a refused administrator request e-mails the reason", async ({ t }) => {
  const superAdmin = t.agent();
  await signInWithCode(t, superAdmin, {
    email: "super@guichet.test",
    password: "Installation-Solide-2026!",
  });
  await t.agent().trpc.auth.requestAdminAccount.mutate({
    nom: "Sam Durand",
    organisation: "Association",
    email: "sam@asso.fr",
    motif: "Essai",
  });
  const [request] = (await superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
    .filter((r) => r.email === "sam@asso.fr");
  await superAdmin.trpc.superadmin.demandesAdmin.refuse.mutate({
    id: request.id,
    motif: "Réservé aux collectivités",
  });
  const mail = await t.mail("sam@asso.fr", "Votre demande de compte administrateur");
  assert.match(mail.text, /Réservé aux collectivités/);
});

accounts.run();
