/**
 * The `oidc` plugin's discovery: what it learns of a provider belongs to the instance that
 * asked (its registry, a value), not to the module; a failed discovery is not kept. Real
 * `oidc-provider` servers on loopback, the real app.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  BASE_URL,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import {
  providerSignIn,
  redirectUrisOf,
  startTestProvider,
  type TestProvider,
} from "../../helpers/oidc_provider.ts";

const oidc = suite("oidc plugin: discovery");

/** Configures `issuer` as a FranceConnect-like instance of `t`; returns its id. */
async function configure(
  t: TestInstance,
  p: { issuer: string; clientId: string; clientSecret: string },
) {
  const superAdmin = await superAdminAgent(t);
  return (await superAdmin.trpc.superadmin.identityProviders.save.mutate({
    kind: "oidc",
    preset: "franceconnect",
    label: "FranceConnect",
    config: { issuer: p.issuer, clientId: p.clientId, clientSecret: p.clientSecret },
    forUsagers: true,
    forAgents: false,
    requiredForAgents: false,
    verifiesIdentity: true,
    enabled: true,
  })).id;
}

/** A free loopback port, nothing listening on it once returned. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

oidc("two instances in one process each discover the provider themselves", async () => {
  const provider = await startTestProvider({
    redirectUris: redirectUrisOf(BASE_URL),
    kind: "franceconnect",
  });
  const instances: TestInstance[] = [];
  try {
    for (const [i, sub] of ["fc-un", "fc-deux"].entries()) {
      const t = await startTestInstance();
      instances.push(t);
      const id = await configure(t, provider);
      provider.signInAs({ sub, email: `${sub}@example.fr` });
      const browser = t.agent();
      assert.is(await providerSignIn(t.app, browser, BASE_URL, id), "/");
      assert.is((await browser.trpc.auth.session.query())?.email, `${sub}@example.fr`);
      // Each instance read the configuration itself: nothing was shared through the module.
      assert.is(provider.discoveries, i + 1);
    }
  } finally {
    for (const t of instances) await t.stop();
    await provider.stop();
  }
});

oidc("a failed discovery is not kept: once the provider answers, sign-in works", async () => {
  const port = freePort();
  const t = await startTestInstance();
  let provider: TestProvider | null = null;
  try {
    const id = await configure(t, {
      issuer: `http://127.0.0.1:${port}`,
      clientId: "guichet-franceconnect",
      clientSecret: "secret-de-test-attendu",
    });
    const browser = t.agent();
    const down = await providerSignIn(t.app, browser, BASE_URL, id);
    assert.is(down, `/connexion?erreur=indisponible&fournisseur=${id}`);

    provider = await startTestProvider({
      redirectUris: redirectUrisOf(BASE_URL),
      kind: "franceconnect",
      port,
      clientSecret: "secret-de-test-attendu",
    });
    provider.signInAs({ sub: "fc-retour", email: "retour@example.fr" });
    assert.is(await providerSignIn(t.app, browser, BASE_URL, id), "/");
    assert.is((await browser.trpc.auth.session.query())?.email, "retour@example.fr");
  } finally {
    await t.stop();
    await provider?.stop();
  }
});

oidc.run();
