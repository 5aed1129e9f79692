/**
 * Mail flooding (issue 9, hole 7): anonymous requests must not make Guichet e-mail one address
 * over and over. At most 3 account e-mails an hour reach an address (sign-up, reset, confirmation
 * re-sent at sign-in, e-mail change), at most 20 an hour leave for one requesting IP. The mails
 * are counted as the SMTP catcher receives them.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { signedUpAgent, startTestInstance, type TestInstance } from "../../helpers/instance.ts";

const PASSWORD = "Un-mot-de-passe-solide-42";

const quota = suite<{ t: TestInstance; now: number }>("accounts: e-mails per address and per IP");
quota.before(async (ctx) => {
  ctx.now = Date.parse("2026-03-02T09:00:00Z");
  ctx.t = await startTestInstance({ clock: () => new Date(ctx.now) });
});
quota.after(async (ctx) => {
  await ctx.t.stop();
});

async function delivered(t: TestInstance, to: string) {
  await t.flush();
  return t.catcher!.mails.filter((m) => m.to.includes(to)).length;
}

/** Each request from its own IP, so only the per-address limit is at play. */
let nextIp = 1;
const anyone = (t: TestInstance) => t.agent({ ip: `198.18.0.${nextIp++}` });

quota(
  "10 resets, 10 sign-ups and 10 sign-ins at one address deliver at most 3 e-mails an hour",
  async (ctx) => {
    const { t } = ctx;
    const victim = "victime@exemple.fr";
    // Someone signs the victim's address up (1st e-mail) and keeps its password.
    assert.is(
      (await anyone(t).call("auth.signUp", { email: victim, password: PASSWORD })).status,
      200,
    );
    for (let i = 0; i < 10; i++) {
      const reset = await anyone(t).call("auth.requestPasswordReset", { email: victim });
      assert.equal([reset.status, reset.body.result?.data], [200, { ok: true }]);
      const signUp = await anyone(t).call("auth.signUp", { email: victim, password: PASSWORD });
      assert.equal([signUp.status, signUp.body.result?.data], [200, { ok: true }]);
      const signIn = await anyone(t).call("auth.signIn", { email: victim, password: PASSWORD });
      assert.is(signIn.status, 403);
      assert.match(signIn.body.error.message, /pas encore confirmée/);
    }
    assert.is(await delivered(t, victim), 3);
    // An hour later the address may receive e-mails again.
    ctx.now += 61 * 60_000;
    await anyone(t).call("auth.requestPasswordReset", { email: victim });
    assert.is(await delivered(t, victim), 4);
  },
);

quota("one IP gets a French 429 past 20 e-mail requests an hour", async ({ t }) => {
  const ip = "198.51.100.20";
  for (let i = 0; i < 20; i++) {
    const email = `voisin${i}@exemple.fr`;
    const answer = await t.agent({ ip }).call(
      i % 2 ? "auth.signUp" : "auth.requestPasswordReset",
      { email, password: PASSWORD },
    );
    assert.is(answer.status, 200, `request ${i + 1}`);
  }
  const refused = await t.agent({ ip }).call("auth.requestPasswordReset", {
    email: "encore@exemple.fr",
  });
  assert.is(refused.status, 429);
  assert.match(
    refused.body.error.message,
    /Trop de demandes d’e-mail.*Réessayez dans \d+ minutes?/,
  );
  const signUp = await t.agent({ ip }).call("auth.signUp", {
    email: "encore@exemple.fr",
    password: PASSWORD,
  });
  assert.is(signUp.status, 429);
  assert.is(await delivered(t, "encore@exemple.fr"), 0);
  const elsewhere = await t.agent({ ip: "198.51.100.21" }).call("auth.requestPasswordReset", {
    email: "encore@exemple.fr",
  });
  assert.is(elsewhere.status, 200, "another IP is not held back");
});

quota(
  "e-mail change requests to one address stop at 3 an hour, with a French 429",
  async ({ t }) => {
    const agent = await signedUpAgent(t, "changeur@exemple.fr", PASSWORD);
    for (let i = 0; i < 3; i++) {
      await agent.trpc.auth.changeEmail.mutate({ email: "cible@exemple.fr", password: PASSWORD });
    }
    const refused = await agent.call("auth.changeEmail", {
      email: "cible@exemple.fr",
      password: PASSWORD,
    });
    assert.is(refused.status, 429);
    assert.match(refused.body.error.message, /déjà reçu plusieurs e-mails/);
    assert.is(await delivered(t, "cible@exemple.fr"), 3);
  },
);

quota.run();
