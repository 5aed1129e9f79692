/**
 * Sessions end when unused (2 hours for an instructeur, 7 days for an usager, 30 days in
 * all), and « Sessions actives » lets one see and close one's own — on a real instance whose
 * clock the test moves.
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
import { publishedDemarche } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";

const PASSWORD = "Un-mot-de-passe-solide-42";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Ctx {
  t: TestInstance;
  now: Date;
}

const sessions = suite<Ctx>("sessions");
const wait = (ctx: Ctx, ms: number) => {
  ctx.now = new Date(ctx.now.getTime() + ms);
};
const emailOf = async (agent: Agent) => (await agent.trpc.auth.session.query())?.email ?? null;

sessions.before(async (ctx) => {
  ctx.now = new Date("2026-03-02T09:00:00.000Z");
  ctx.t = await startTestInstance({ clock: () => ctx.now });
});
sessions.after(async (ctx) => {
  await ctx.t.stop();
});

sessions("an instructeur's session ends after 2 hours without a request", async (ctx) => {
  const { t } = ctx;
  const admin = await adminAgent(t, await superAdminAgent(t), "alex@mairie.fr");
  await publishedDemarche(admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: { champs: [{ stableId: "nom", type: "text", label: "Nom du navire" }], annotations: [] },
  });
  const marc = await invitedAgent(t, "marc@mairie.fr");
  wait(ctx, 1 * HOUR + 59 * MINUTE);
  assert.is(await emailOf(marc), "marc@mairie.fr", "used within 2 hours: still open");
  wait(ctx, 1 * HOUR + 59 * MINUTE);
  assert.is(await emailOf(marc), "marc@mairie.fr", "the last request counts, not the sign-in");
  wait(ctx, 2 * HOUR + 1 * MINUTE);
  assert.is(await emailOf(marc), null, "2 hours and a minute unused: signed out");
  const again = await refusal(marc.trpc.instruction.demarches.query());
  assert.is(again.data?.httpStatus, 401);
});

sessions("an usager is still signed in after 2 hours unused, not after 7 days", async (ctx) => {
  const camille = await signedUpAgent(ctx.t, "camille@exemple.fr", PASSWORD);
  wait(ctx, 3 * HOUR);
  assert.is(await emailOf(camille), "camille@exemple.fr");
  wait(ctx, 6 * DAY);
  assert.is(await emailOf(camille), "camille@exemple.fr");
  wait(ctx, 7 * DAY + MINUTE);
  assert.is(await emailOf(camille), null);
});

sessions("a session used every day still ends 30 days after sign-in", async (ctx) => {
  const dominique = await signedUpAgent(ctx.t, "dominique@exemple.fr", PASSWORD);
  for (let day = 1; day < 30; day++) {
    wait(ctx, DAY);
    assert.is(await emailOf(dominique), "dominique@exemple.fr", `day ${day}`);
  }
  wait(ctx, DAY);
  assert.is(await emailOf(dominique), null);
});

sessions(
  "« Sessions actives » lists one's sessions: start, last activity, browser, address, the current one first",
  async (ctx) => {
    const { t } = ctx;
    await signedUpAgent(t, "lou@exemple.fr", PASSWORD);
    wait(ctx, 2 * MINUTE);
    const laptop = t.agent({ ip: "203.0.113.5", userAgent: FIREFOX });
    await laptop.trpc.auth.signIn.mutate({ email: "lou@exemple.fr", password: PASSWORD });
    const signedInAt = ctx.now.toISOString();
    wait(ctx, 5 * MINUTE);
    const phone = t.agent({ ip: "198.51.100.20", userAgent: IPHONE });
    await phone.trpc.auth.signIn.mutate({ email: "lou@exemple.fr", password: PASSWORD });
    const list = await phone.trpc.auth.sessions.query();
    assert.is(list.length, 3, "the confirmation's session, the laptop's and the phone's");
    assert.equal(
      list.slice(0, 2).map(({ current, browser, ip }) => ({ current, browser, ip })),
      [
        { current: true, browser: "Safari 17 sur iPhone", ip: "198.51.100.20" },
        { current: false, browser: "Firefox 128 sur Linux", ip: "203.0.113.5" },
      ],
    );
    assert.is(list[1].createdAt, signedInAt);
    assert.is(list[1].lastSeenAt, signedInAt);
    assert.ok(list.every((s) => /^[0-9a-f]{64}$/.test(s.id)));
  },
);

sessions("last activity is written at most once a minute", async (ctx) => {
  const { t } = ctx;
  await signedUpAgent(t, "sacha@exemple.fr", PASSWORD);
  const desk = t.agent({ userAgent: FIREFOX });
  await desk.trpc.auth.signIn.mutate({ email: "sacha@exemple.fr", password: PASSWORD });
  const start = ctx.now.toISOString();
  const other = t.agent({ userAgent: IPHONE });
  await other.trpc.auth.signIn.mutate({ email: "sacha@exemple.fr", password: PASSWORD });
  const deskSeen = async () =>
    (await other.trpc.auth.sessions.query()).find((s) => s.browser.startsWith("Firefox"))!
      .lastSeenAt;
  wait(ctx, 30_000);
  await emailOf(desk);
  assert.is(await deskSeen(), start, "30 s later: not written again");
  wait(ctx, 45_000);
  await emailOf(desk);
  assert.is(await deskSeen(), ctx.now.toISOString(), "75 s later: written");
});

sessions("closing another session signs that browser out", async (ctx) => {
  const { t } = ctx;
  const first = await signedUpAgent(t, "noa@exemple.fr", PASSWORD);
  const second = t.agent({ userAgent: IPHONE });
  await second.trpc.auth.signIn.mutate({ email: "noa@exemple.fr", password: PASSWORD });
  const third = t.agent();
  await third.trpc.auth.signIn.mutate({ email: "noa@exemple.fr", password: PASSWORD });
  const phone = (await first.trpc.auth.sessions.query()).find((s) => s.browser.includes("iPhone"))!;
  await first.trpc.auth.closeSession.mutate({ id: phone.id });
  assert.is(await emailOf(second), null, "the closed session's cookie no longer works");
  assert.is(await emailOf(first), "noa@exemple.fr");
  assert.is(await emailOf(third), "noa@exemple.fr");
  const gone = await refusal(first.trpc.auth.closeSession.mutate({ id: phone.id }));
  assert.is(gone.data?.httpStatus, 404);
  assert.match(gone.message, /déjà fermée/);

  const current = (await first.trpc.auth.sessions.query()).find((s) => s.current)!;
  const self = await refusal(first.trpc.auth.closeSession.mutate({ id: current.id }));
  assert.is(self.data?.httpStatus, 400);
  assert.match(self.message, /« Se déconnecter »/);

  await first.trpc.auth.closeOtherSessions.mutate();
  assert.is(await emailOf(third), null);
  assert.is(await emailOf(first), "noa@exemple.fr");
  assert.equal((await first.trpc.auth.sessions.query()).map((s) => s.current), [true]);
});

sessions("one can neither see nor close another person's session", async (ctx) => {
  const { t } = ctx;
  const alice = await signedUpAgent(t, "alice@exemple.fr", PASSWORD);
  const bob = await signedUpAgent(t, "bob@exemple.fr", PASSWORD);
  const [aliceSession] = await alice.trpc.auth.sessions.query();
  assert.ok((await bob.trpc.auth.sessions.query()).every((s) => s.id !== aliceSession.id));
  const denied = await refusal(bob.trpc.auth.closeSession.mutate({ id: aliceSession.id }));
  assert.is(denied.data?.httpStatus, 403);
  assert.is(await emailOf(alice), "alice@exemple.fr", "Alice's session stays open");
  const anonymous = await refusal(t.agent().trpc.auth.closeSession.mutate({ id: aliceSession.id }));
  assert.is(anonymous.data?.httpStatus, 401);
  const listed = await refusal(t.agent().trpc.auth.sessions.query());
  assert.is(listed.data?.httpStatus, 401);
  const malformed = await refusal(bob.trpc.auth.closeSession.mutate({ id: "pas-un-id" }));
  assert.is(malformed.data?.httpStatus, 400);
  assert.match(malformed.message, /Session inconnue/);
});

sessions.run();
