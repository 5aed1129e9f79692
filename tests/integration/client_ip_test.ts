/**
 * Behind a reverse proxy: the client is named by `X-Forwarded-For` only when the proxy is in
 * `TRUSTED_PROXIES`, so two people behind the same proxy have their own sign-in limit, and a
 * client cannot choose its address by sending the header itself. The mail catcher's page,
 * which holds sign-in links, answers only a development instance opened on its own machine.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { BASE_URL, startTestInstance, type TestInstance } from "../helpers/instance.ts";

const PROXY = "10.0.0.2";
const SIGN_IN_IP_LIMIT = 50;

/** A failed sign-in (unknown address, so only the per-IP count grows) through `peer`. */
async function failSignIn(t: TestInstance, peer: string, forwardedFor: string, n: number) {
  const res = await t.agent({ ip: peer }).fetch(`${BASE_URL}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ email: `inconnu-${n}@exemple.fr`, password: "Pas-le-bon-mot-42" }),
  });
  return { status: res.status, message: (await res.json()).error.message as string };
}

const trusted = suite<{ t: TestInstance }>("sign-in limit behind a trusted proxy");
trusted.before(async (ctx) => {
  ctx.t = await startTestInstance({ env: { TRUSTED_PROXIES: "10.0.0.0/24, ::1" } });
});
trusted.after(async (ctx) => {
  await ctx.t.stop();
});

trusted("two clients behind the proxy are limited separately", async ({ t }) => {
  for (let i = 0; i < SIGN_IN_IP_LIMIT; i++) {
    // The left entry is the client's own claim, different each time: never believed.
    const { status } = await failSignIn(t, PROXY, `192.0.2.${i}, 198.51.100.7`, i);
    assert.is(status, 401);
  }
  const locked = await failSignIn(t, PROXY, "198.51.100.7", 100);
  assert.is(locked.status, 429);
  assert.match(locked.message, /Trop de tentatives/);
  const other = await failSignIn(t, PROXY, "203.0.113.9", 101);
  assert.is(other.status, 401);
  assert.match(other.message, /mot de passe incorrect/);
});

const untrusted = suite<{ t: TestInstance }>("sign-in limit without TRUSTED_PROXIES");
untrusted.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
untrusted.after(async (ctx) => {
  await ctx.t.stop();
});

untrusted("X-Forwarded-For is ignored: the peer's address is counted", async ({ t }) => {
  for (let i = 0; i < SIGN_IN_IP_LIMIT; i++) {
    const { status } = await failSignIn(t, "192.0.2.50", `198.51.100.${i}`, i);
    assert.is(status, 401);
  }
  const spoofed = await failSignIn(t, "192.0.2.50", "203.0.113.9", 100);
  assert.is(spoofed.status, 429);
});

const devMails = suite<{ local: TestInstance; proxied: TestInstance }>(
  "/_dev/mails only for a local instance, straight from its machine",
);
devMails.before(async (ctx) => {
  ctx.local = await startTestInstance();
  ctx.proxied = await startTestInstance({
    env: { BASE_URL: "https://guichet.exemple.fr", TRUSTED_PROXIES: "127.0.0.1" },
  });
});
devMails.after(async (ctx) => {
  await ctx.local.stop();
  await ctx.proxied.stop();
});

const devPage = (t: TestInstance, peer: string, headers: Record<string, string> = {}) =>
  t.agent({ ip: peer }).fetch(`${BASE_URL}/_dev/mails`, { headers });

devMails("a local instance shows it to a loopback client", async ({ local }) => {
  const res = await devPage(local, "127.0.0.1");
  assert.is(res.status, 200);
  assert.match(await res.text(), /E-mails envoyés/);
  assert.is((await devPage(local, "::1")).status, 200);
});

devMails("a request forwarded by a proxy on the machine gets a 404", async ({ local }) => {
  const forwarded: Record<string, string>[] = [
    { "x-forwarded-for": "203.0.113.9" },
    { forwarded: "for=203.0.113.9;proto=https" },
  ];
  for (const headers of forwarded) {
    const res = await devPage(local, "127.0.0.1", headers);
    assert.is(res.status, 404, JSON.stringify(headers));
    const text = await res.text();
    assert.not.match(text, /E-mails envoyés/);
    assert.match(text, /introuvable/);
  }
});

devMails("another machine gets a 404", async ({ local }) => {
  const res = await devPage(local, "192.0.2.1");
  assert.is(res.status, 404);
});

devMails("an instance with an https BASE_URL never shows it", async ({ proxied }) => {
  const res = await devPage(proxied, "127.0.0.1");
  assert.is(res.status, 404);
  assert.not.match(await res.text(), /E-mails envoyés/);
});

trusted.run();
untrusted.run();
devMails.run();
