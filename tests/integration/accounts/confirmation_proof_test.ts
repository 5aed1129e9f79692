/**
 * A confirmation link confirms the account for whoever signed up, not for whoever clicks it:
 * the browser that signed up (its proof), or someone who knows the password chosen then. A
 * stranger who signs up with someone's address cannot have its owner's click confirm an
 * account that opens with the stranger's password.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { startTestInstance, type TestInstance, tokenFrom } from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";

const PASSWORD = "Mot-de-passe-de-l-intrus-7";

const proof = suite<{ t: TestInstance }>("confirmation proof");
proof.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
proof.after(async (ctx) => {
  await ctx.t.stop();
});

proof("the owner's click on a stranger's sign-up confirms nothing", async ({ t }) => {
  const stranger = t.agent({ ip: "198.51.100.7" });
  await stranger.trpc.auth.signUp.mutate({
    email: "maire@commune.fr",
    password: PASSWORD,
    navigateur: "preuve-du-navigateur-de-l-intrus",
  });
  const token = tokenFrom(await t.mail("maire@commune.fr", "Confirmez votre adresse"));
  const owner = t.agent();
  const asked = await refusal(owner.trpc.auth.confirmEmail.mutate({ token }));
  assert.is(asked.data?.httpStatus, 400);
  assert.match(asked.message, /saisissez le mot de passe choisi à l’inscription/);
  const guessed = await refusal(owner.trpc.auth.confirmEmail.mutate({
    token,
    navigateur: "une-autre-preuve-quelconque",
    password: "Je-ne-le-connais-pas-1",
  }));
  assert.match(guessed.message, /Ce n’est pas le mot de passe/);
  assert.is(await owner.trpc.auth.session.query(), null);
  const user = await t.deps.db.selectFrom("users").select("email_verified_at")
    .where("email", "=", "maire@commune.fr").executeTakeFirstOrThrow();
  assert.is(user.email_verified_at, null, "still unconfirmed");
  const signIn = await refusal(
    stranger.trpc.auth.signIn.mutate({ email: "maire@commune.fr", password: PASSWORD }),
  );
  assert.ok((signIn.data?.httpStatus ?? 0) >= 400, "the stranger cannot sign in");
});

proof("the browser that signed up confirms at once", async ({ t }) => {
  const agent = t.agent();
  const navigateur = "preuve-de-ce-navigateur-ci";
  await agent.trpc.auth.signUp.mutate({
    email: "camille@exemple.fr",
    password: "Un-mot-de-passe-solide-42",
    navigateur,
  });
  const token = tokenFrom(await t.mail("camille@exemple.fr", "Confirmez votre adresse"));
  await agent.trpc.auth.confirmEmail.mutate({ token, navigateur });
  assert.is((await agent.trpc.auth.session.query())?.email, "camille@exemple.fr");
});

proof("another browser confirms with the password chosen at sign-up", async ({ t }) => {
  await t.agent().trpc.auth.signUp.mutate({
    email: "dominique@exemple.fr",
    password: "Un-mot-de-passe-solide-42",
    navigateur: "preuve-du-telephone-de-dominique",
  });
  const token = tokenFrom(await t.mail("dominique@exemple.fr", "Confirmez votre adresse"));
  const laptop = t.agent();
  await laptop.trpc.auth.confirmEmail.mutate({ token, password: "Un-mot-de-passe-solide-42" });
  assert.is((await laptop.trpc.auth.session.query())?.email, "dominique@exemple.fr");
});

proof("guessing the password at confirmation is limited like sign-in", async ({ t }) => {
  await t.agent().trpc.auth.signUp.mutate({
    email: "cible@exemple.fr",
    password: "Un-mot-de-passe-solide-42",
  });
  const token = tokenFrom(await t.mail("cible@exemple.fr", "Confirmez votre adresse"));
  const guesser = t.agent();
  let limited = false;
  for (let i = 0; i < 60 && !limited; i++) {
    const e = await refusal(
      guesser.trpc.auth.confirmEmail.mutate({ token, password: `Essai-numero-${i}-xx` }),
    );
    limited = e.data?.httpStatus === 429;
  }
  assert.ok(limited, "refused with a 429 before 60 guesses");
  const right = await refusal(
    guesser.trpc.auth.confirmEmail.mutate({ token, password: "Un-mot-de-passe-solide-42" }),
  );
  assert.is(right.data?.httpStatus, 429, "even the right password waits");
});

proof.run();
