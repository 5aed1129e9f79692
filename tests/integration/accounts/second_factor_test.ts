/**
 * « Double authentification »: enrolment, sign-in with the app's code or a code de secours,
 * replays and guesses refused, the super-admin's space closed until it is on — on a real
 * instance whose clock the test moves; the codes are computed as an authenticator app would.
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
import { adminAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";
import { enrolSecondFactor } from "../../helpers/second_factor.ts";
import { totpCode } from "../../../core/accounts/totp.ts";

const ADMIN_PASSWORD = "Administrer-La-Commune-2026";

interface Ctx {
  t: TestInstance;
  now: Date;
  superAdmin: Agent;
  superSecret: string;
}

const totp = suite<Ctx>("double authentification");
const wait = (ctx: Ctx, ms: number) => {
  ctx.now = new Date(ctx.now.getTime() + ms);
};
const emailOf = async (agent: Agent) => (await agent.trpc.auth.session.query())?.email ?? null;

/** An administrateur with the second factor on; returns the agent, its secret and codes. */
async function enrolledAdmin(ctx: Ctx, email: string) {
  const agent = await adminAgent(ctx.t, ctx.superAdmin, email);
  return { agent, ...await enrolSecondFactor(ctx.t, agent) };
}

totp.before(async (ctx) => {
  ctx.now = new Date("2026-03-02T09:00:10.000Z");
  ctx.t = await startTestInstance({ clock: () => ctx.now });
});
totp.after(async (ctx) => {
  await ctx.t.stop();
});

totp("a super-admin's procedures are refused until the second factor is on", async (ctx) => {
  const { t } = ctx;
  const superAdmin = ctx.superAdmin = await superAdminAgent(t, "super@guichet.test", {
    secondFactor: false,
  });
  assert.equal(await superAdmin.trpc.auth.session.query().then((s) => s?.secondFactor), false);
  for (
    const call of [
      () => superAdmin.trpc.superadmin.demandesAdmin.list.query({}),
      () => superAdmin.trpc.superadmin.jobs.list.query({}),
      () => superAdmin.trpc.superadmin.plugins.list.query(),
    ]
  ) {
    const denied = await refusal(call());
    assert.is(denied.data?.httpStatus, 403);
    assert.match(denied.message, /Activez la double authentification dans « Mon compte »/);
  }
  const status = await superAdmin.trpc.auth.secondFactor.status.query();
  assert.equal({ enabled: status.enabled, required: status.required }, {
    enabled: false,
    required: true,
  });
  ctx.superSecret = (await enrolSecondFactor(t, superAdmin)).secret;
  assert.equal(await superAdmin.trpc.superadmin.demandesAdmin.list.query({}), []);
  assert.equal(await superAdmin.trpc.auth.session.query().then((s) => s?.secondFactor), true);
});

totp("enrolment needs a code of the new secret, then gives ten codes de secours", async (ctx) => {
  const { t } = ctx;
  const agent = await adminAgent(t, ctx.superAdmin, "camille@mairie.fr");
  const { secret, uri } = await agent.trpc.auth.secondFactor.start.mutate();
  assert.match(secret, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  const plain = secret.replaceAll(" ", "");
  assert.ok(uri.startsWith("otpauth://totp/Guichet%20localhost%3A8000:camille%40mairie.fr?"), uri);
  assert.match(uri, new RegExp(`secret=${plain}&`));
  const wrong = await refusal(agent.trpc.auth.secondFactor.confirm.mutate({ code: "000000" }));
  assert.is(wrong.data?.httpStatus, 400);
  assert.match(wrong.data?.fields?.code ?? "", /6 chiffres que l’application affiche/);
  assert.is((await agent.trpc.auth.secondFactor.status.query()).enabled, false);
  const { recoveryCodes } = await agent.trpc.auth.secondFactor.confirm.mutate({
    code: totpCode(plain, ctx.now.getTime()),
  });
  assert.is(new Set(recoveryCodes).size, 10);
  const status = await agent.trpc.auth.secondFactor.status.query();
  assert.equal([status.enabled, status.recoveryCodesLeft, status.required], [true, 10, false]);
  const again = await refusal(agent.trpc.auth.secondFactor.start.mutate());
  assert.is(again.data?.httpStatus, 409);
});

totp("an usager is not offered the second factor", async (ctx) => {
  const usager = await signedUpAgent(ctx.t, "usager@exemple.fr");
  assert.is((await usager.trpc.auth.secondFactor.status.query()).available, false);
  const denied = await refusal(usager.trpc.auth.secondFactor.start.mutate());
  assert.is(denied.data?.httpStatus, 403);
});

totp("turning it on closes the account's other sessions", async (ctx) => {
  const { t } = ctx;
  const agent = await adminAgent(t, ctx.superAdmin, "ines@mairie.fr");
  const other = t.agent();
  await other.trpc.auth.signIn.mutate({ email: "ines@mairie.fr", password: ADMIN_PASSWORD });
  assert.is(await emailOf(other), "ines@mairie.fr");
  await enrolSecondFactor(t, agent);
  assert.is(await emailOf(other), null);
  assert.is(await emailOf(agent), "ines@mairie.fr");
});

totp("sign-in then needs the code: the password alone opens no session", async (ctx) => {
  const { t } = ctx;
  const { secret } = await enrolledAdmin(ctx, "lea@mairie.fr");
  wait(ctx, 60_000);
  const browser = t.agent();
  const first = await browser.trpc.auth.signIn.mutate({
    email: "lea@mairie.fr",
    password: ADMIN_PASSWORD,
  });
  assert.type(first.challenge, "string");
  assert.is(browser.cookie, "", "no session cookie before the code");
  assert.is(await emailOf(browser), null);
  const wrong = await refusal(
    browser.trpc.auth.verifySecondFactor.mutate({ challenge: first.challenge!, code: "123456" }),
  );
  assert.is(wrong.data?.httpStatus, 401);
  assert.match(wrong.message, /Ce code n’est pas valable/);
  await browser.trpc.auth.verifySecondFactor.mutate({
    challenge: first.challenge!,
    code: totpCode(secret, ctx.now.getTime()),
  });
  assert.is(await emailOf(browser), "lea@mairie.fr");
  const used = await refusal(
    t.agent().trpc.auth.verifySecondFactor.mutate({
      challenge: first.challenge!,
      code: totpCode(secret, ctx.now.getTime() + 30_000),
    }),
  );
  assert.match(used.message, /La connexion a expiré/, "a challenge serves once");
});

totp("a code is accepted once: replayed within its window, it is refused", async (ctx) => {
  const { t } = ctx;
  const { secret } = await enrolledAdmin(ctx, "yann@mairie.fr");
  wait(ctx, 60_000);
  const code = totpCode(secret, ctx.now.getTime());
  const first = t.agent();
  const a = await first.trpc.auth.signIn.mutate({
    email: "yann@mairie.fr",
    password: ADMIN_PASSWORD,
  });
  await first.trpc.auth.verifySecondFactor.mutate({ challenge: a.challenge!, code });
  wait(ctx, 5_000);
  const thief = t.agent({ ip: "198.51.100.66" });
  const b = await thief.trpc.auth.signIn.mutate({
    email: "yann@mairie.fr",
    password: ADMIN_PASSWORD,
  });
  const replay = await refusal(
    thief.trpc.auth.verifySecondFactor.mutate({ challenge: b.challenge!, code }),
  );
  assert.is(replay.data?.httpStatus, 401);
  const older = totpCode(secret, ctx.now.getTime() - 30_000);
  const previous = await refusal(
    thief.trpc.auth.verifySecondFactor.mutate({ challenge: b.challenge!, code: older }),
  );
  assert.is(previous.data?.httpStatus, 401, "nor an earlier code once a later one was used");
  assert.is(await emailOf(thief), null);
});

totp("a code de secours signs in once", async (ctx) => {
  const { t } = ctx;
  const { agent, recoveryCodes } = await enrolledAdmin(ctx, "nolwenn@mairie.fr");
  const signIn = async (code: string) => {
    const browser = t.agent();
    const { challenge } = await browser.trpc.auth.signIn.mutate({
      email: "nolwenn@mairie.fr",
      password: ADMIN_PASSWORD,
    });
    await browser.trpc.auth.verifySecondFactor.mutate({ challenge: challenge!, code });
    return browser;
  };
  // Typed as people do: capitals, a space instead of the dash.
  const typed = recoveryCodes[3].toUpperCase().replace("-", " ");
  assert.is(await emailOf(await signIn(typed)), "nolwenn@mairie.fr");
  const again = await refusal(signIn(recoveryCodes[3]));
  assert.is(again.data?.httpStatus, 401);
  assert.is((await agent.trpc.auth.secondFactor.status.query()).recoveryCodesLeft, 9);
});

totp(
  "wrong codes count like wrong passwords, and the password again does not reset the count",
  async (ctx) => {
    const { t } = ctx;
    const { secret } = await enrolledAdmin(ctx, "gwen@mairie.fr");
    wait(ctx, 60_000);
    for (let i = 0; i < 5; i++) {
      const browser = t.agent({ ip: `198.51.100.${10 + i}` });
      const { challenge } = await browser.trpc.auth.signIn.mutate({
        email: "gwen@mairie.fr",
        password: ADMIN_PASSWORD,
      });
      const e = await refusal(
        browser.trpc.auth.verifySecondFactor.mutate({ challenge: challenge!, code: "000000" }),
      );
      assert.is(e.data?.httpStatus, 401, `attempt ${i + 1}`);
    }
    const blocked = await refusal(
      t.agent({ ip: "198.51.100.99" }).trpc.auth.signIn.mutate({
        email: "gwen@mairie.fr",
        password: ADMIN_PASSWORD,
      }),
    );
    assert.is(blocked.data?.httpStatus, 429);
    assert.match(blocked.message, /Trop de tentatives/);
    wait(ctx, 16 * 60_000);
    const browser = t.agent();
    const { challenge } = await browser.trpc.auth.signIn.mutate({
      email: "gwen@mairie.fr",
      password: ADMIN_PASSWORD,
    });
    await browser.trpc.auth.verifySecondFactor.mutate({
      challenge: challenge!,
      code: totpCode(secret, ctx.now.getTime()),
    });
    assert.is(await emailOf(browser), "gwen@mairie.fr");
  },
);

totp("the challenge lasts ten minutes", async (ctx) => {
  const { t } = ctx;
  const { secret } = await enrolledAdmin(ctx, "erwan@mairie.fr");
  const browser = t.agent();
  const { challenge } = await browser.trpc.auth.signIn.mutate({
    email: "erwan@mairie.fr",
    password: ADMIN_PASSWORD,
  });
  wait(ctx, 10 * 60_000 + 1_000);
  const late = await refusal(
    browser.trpc.auth.verifySecondFactor.mutate({
      challenge: challenge!,
      code: totpCode(secret, ctx.now.getTime()),
    }),
  );
  assert.is(late.data?.httpStatus, 400);
  assert.match(late.message, /saisissez de nouveau votre adresse e-mail et votre mot de passe/);
});

totp("a password reset link does not open a session past the second factor", async (ctx) => {
  const { t } = ctx;
  await enrolledAdmin(ctx, "soizic@mairie.fr");
  const browser = t.agent();
  await browser.trpc.auth.requestPasswordReset.mutate({ email: "soizic@mairie.fr" });
  const token = tokenFrom(await t.mail("soizic@mairie.fr", "nouveau mot de passe"));
  await browser.trpc.auth.setPassword.mutate({ token, password: "Nouveau-Secret-2026!" });
  assert.is(await emailOf(browser), null, "whoever reads the mailbox still needs the code");
  const { challenge } = await browser.trpc.auth.signIn.mutate({
    email: "soizic@mairie.fr",
    password: "Nouveau-Secret-2026!",
  });
  assert.type(challenge, "string", "the new password works, with the code");
});

totp("turning it off needs the password and a current code", async (ctx) => {
  const { t } = ctx;
  const { agent, secret } = await enrolledAdmin(ctx, "morgane@mairie.fr");
  wait(ctx, 60_000);
  const badPassword = await refusal(
    agent.trpc.auth.secondFactor.disable.mutate({
      password: "Pas-le-bon-2026!",
      code: totpCode(secret, ctx.now.getTime()),
    }),
  );
  assert.equal(badPassword.data?.fields, { password: "Le mot de passe est incorrect." });
  const badCode = await refusal(
    agent.trpc.auth.secondFactor.disable.mutate({ password: ADMIN_PASSWORD, code: "000000" }),
  );
  assert.ok(badCode.data?.fields?.code);
  assert.is((await agent.trpc.auth.secondFactor.status.query()).enabled, true);
  await agent.trpc.auth.secondFactor.disable.mutate({
    password: ADMIN_PASSWORD,
    code: totpCode(secret, ctx.now.getTime()),
  });
  assert.is((await agent.trpc.auth.secondFactor.status.query()).enabled, false);
  const browser = t.agent();
  const result = await browser.trpc.auth.signIn.mutate({
    email: "morgane@mairie.fr",
    password: ADMIN_PASSWORD,
  });
  assert.is(result.challenge, null);
  assert.is(await emailOf(browser), "morgane@mairie.fr");
});

totp("the super-admin's space closes again if the second factor is turned off", async (ctx) => {
  wait(ctx, 60_000);
  await ctx.superAdmin.trpc.auth.secondFactor.disable.mutate({
    password: "Installation-Solide-2026!",
    code: totpCode(ctx.superSecret, ctx.now.getTime()),
  });
  const denied = await refusal(ctx.superAdmin.trpc.superadmin.demandesAdmin.list.query({}));
  assert.is(denied.data?.httpStatus, 403);
  assert.match(denied.message, /double authentification/);
});

totp.run();
