/**
 * Signing in through FranceConnect- and ProConnect-like providers: real `oidc-provider`
 * servers on loopback, the real app, the real `oidc` plugin. Covers account creation and the
 * way back, linking refused without proof, tampered state / nonce / signature, a provider
 * that is down, the super-admin's write-only secret, agents bound to a provider, « Retirer ».
 *
 * Over 400 lines because every case shares one pair of real providers started once (slow to
 * start); split, each file would start its own.
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
import { adminAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";
import {
  providerSignIn,
  redirectUrisOf,
  startTestProvider,
  type TestProvider,
} from "../../helpers/oidc_provider.ts";
import { identityErrorMessage } from "../../../core/shared/identity_errors.ts";

interface Ctx {
  t: TestInstance;
  superAdmin: Agent;
  fc: TestProvider;
  pc: TestProvider;
  fcId: number;
  pcId: number;
}

const identity = suite<Ctx>("identity providers");

identity.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.fc = await startTestProvider({
    redirectUris: redirectUrisOf(BASE_URL),
    kind: "franceconnect",
  });
  ctx.pc = await startTestProvider({ redirectUris: redirectUrisOf(BASE_URL), kind: "proconnect" });
  ctx.superAdmin = await superAdminAgent(ctx.t);
  const save = ctx.superAdmin.trpc.superadmin.identityProviders.save;
  ctx.fcId = (await save.mutate({
    kind: "oidc",
    preset: "franceconnect",
    label: "FranceConnect",
    config: {
      issuer: ctx.fc.issuer,
      clientId: ctx.fc.clientId,
      clientSecret: ctx.fc.clientSecret,
      scopes:
        "openid given_name family_name birthdate birthplace birthcountry gender email preferred_username",
      acrValues: "eidas1",
    },
    forUsagers: true,
    forAgents: false,
    requiredForAgents: false,
    verifiesIdentity: true,
    enabled: true,
  })).id;
  ctx.pcId = (await save.mutate({
    kind: "oidc",
    preset: "proconnect",
    label: "ProConnect",
    config: {
      issuer: ctx.pc.issuer,
      clientId: ctx.pc.clientId,
      clientSecret: ctx.pc.clientSecret,
      scopes: "openid email given_name usual_name uid siret",
    },
    forUsagers: false,
    forAgents: true,
    requiredForAgents: false,
    verifiesIdentity: false,
    enabled: true,
  })).id;
});
identity.after(async (ctx) => {
  await ctx.fc.stop();
  await ctx.pc.stop();
  await ctx.t.stop();
});

const errorOf = (location: string) => new URL(location, BASE_URL).searchParams.get("erreur");

identity(
  "a first sign-in through FranceConnect creates the account and goes back to the démarche",
  async (ctx) => {
    ctx.fc.signInAs({
      sub: "fc-camille",
      email: "camille.martin@example.fr",
      given_name: "Camille",
      family_name: "Martin",
      birthdate: "1985-04-12",
      gender: "female",
    });
    const browser = ctx.t.agent();
    const location = await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId, {
      retour: "/commencer/permis-de-vegetaliser",
    });
    assert.is(location, "/commencer/permis-de-vegetaliser");
    const session = await browser.trpc.auth.session.query();
    assert.is(session?.email, "camille.martin@example.fr");
    const links = await browser.trpc.auth.identity.links.query();
    assert.equal(links.map((l) => [l.provider, l.name]), [["FranceConnect", "Camille Martin"]]);

    // Again, from another browser: the same account, found by the provider's subject.
    const other = ctx.t.agent();
    assert.is(await providerSignIn(ctx.t.app, other, BASE_URL, ctx.fcId), "/");
    assert.is((await other.trpc.auth.session.query())?.id, session?.id);
  },
);

identity(
  "an identity whose e-mail has an account is not linked on the provider's word",
  async (ctx) => {
    const owner = await signedUpAgent(ctx.t, "dominique@example.fr");
    const ownerId = (await owner.trpc.auth.session.query())!.id;
    ctx.fc.signInAs({ sub: "fc-intrus", email: "dominique@example.fr", given_name: "Intrus" });
    const attacker = ctx.t.agent();
    const location = await providerSignIn(ctx.t.app, attacker, BASE_URL, ctx.fcId);
    assert.match(location, /^\/connexion\/liaison#[A-Za-z0-9_-]{20,}$/);
    assert.is(await attacker.trpc.auth.session.query(), null, "no session on the assertion");
    const token = location.split("#")[1];
    const info = await attacker.trpc.auth.identity.pending.query({ token });
    assert.is(info.email, "dominique@example.fr");

    const wrong = await refusal(
      attacker.trpc.auth.identity.confirmWithPassword.mutate({ token, password: "devine-1234" }),
    );
    assert.is(wrong.message, "Mot de passe incorrect. Réessayez, ou recevez un lien par e-mail.");

    // The owner receives the link; opened in their own browser (without the attacker's
    // waiting token) it links nothing.
    await attacker.trpc.auth.identity.sendEmail.mutate({ token });
    const mail = await ctx.t.mail("dominique@example.fr", "Associer FranceConnect");
    const emailToken = tokenFrom(mail);
    const guess = await refusal(
      owner.trpc.auth.identity.confirmWithEmail.mutate({
        token: emailToken,
        emailToken,
      }),
    );
    assert.match(guess.message, /ouvrez-le dans le navigateur où vous vous êtes connecté/);
    assert.equal(await owner.trpc.auth.identity.links.query(), [], "nothing linked");
    assert.is((await owner.trpc.auth.session.query())?.id, ownerId);
  },
);

identity(
  "the owner links the identity with the account's password, then with the e-mailed link",
  async (ctx) => {
    await signedUpAgent(ctx.t, "sacha@example.fr");
    ctx.fc.signInAs({ sub: "fc-sacha", email: "sacha@example.fr", given_name: "Sacha" });
    const browser = ctx.t.agent();
    const location = await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId, {
      retour: "/dossiers",
    });
    const token = location.split("#")[1];
    const done = await browser.trpc.auth.identity.confirmWithPassword.mutate({
      token,
      password: "Un-mot-de-passe-solide-42",
    });
    assert.equal(done, { signedIn: true, retour: "/dossiers" });
    assert.is((await browser.trpc.auth.session.query())?.email, "sacha@example.fr");
    const again = ctx.t.agent();
    assert.is(await providerSignIn(ctx.t.app, again, BASE_URL, ctx.fcId), "/");
    assert.is((await again.trpc.auth.session.query())?.email, "sacha@example.fr");

    await signedUpAgent(ctx.t, "lou@example.fr");
    ctx.fc.signInAs({ sub: "fc-lou", email: "lou@example.fr", given_name: "Lou" });
    const lou = ctx.t.agent();
    const pending = (await providerSignIn(ctx.t.app, lou, BASE_URL, ctx.fcId)).split("#")[1];
    await lou.trpc.auth.identity.sendEmail.mutate({ token: pending });
    const emailToken = tokenFrom(await ctx.t.mail("lou@example.fr", "Associer FranceConnect"));
    await lou.trpc.auth.identity.confirmWithEmail.mutate({ token: pending, emailToken });
    assert.is((await lou.trpc.auth.session.query())?.email, "lou@example.fr");
    assert.is((await lou.trpc.auth.identity.links.query())[0].provider, "FranceConnect");
  },
);

identity("a tampered state, or another browser's callback, is refused", async (ctx) => {
  ctx.fc.signInAs({ sub: "fc-etat", email: "etat@example.fr" });
  const browser = ctx.t.agent();
  const location = await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId, {
    tamper: {
      callback: (url) => url.searchParams.set("state", "un-etat-invente-de-toutes-pieces"),
    },
  });
  assert.is(errorOf(location), "expiree");
  assert.is(new URL(location, BASE_URL).searchParams.get("fournisseur"), String(ctx.fcId));
  assert.match(identityErrorMessage("expiree", "FranceConnect"), /a expiré, a déjà servi/);
  assert.is(await browser.trpc.auth.session.query(), null);

  const thief = ctx.t.agent();
  const stolen = await providerSignIn(ctx.t.app, thief, BASE_URL, ctx.fcId, {
    tamper: { dropFlowCookie: true },
  });
  assert.is(errorOf(stolen), "expiree");
  assert.is(await thief.trpc.auth.session.query(), null);
});

identity("a tampered nonce is refused", async (ctx) => {
  ctx.fc.signInAs({ sub: "fc-nonce", email: "nonce@example.fr" });
  const browser = ctx.t.agent();
  const location = await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId, {
    tamper: { authorization: (url) => url.searchParams.set("nonce", "nonce-de-l-attaquant-1234") },
  });
  assert.is(errorOf(location), "invalide");
  assert.match(identityErrorMessage("invalide", "FranceConnect"), /n’a pas pu être vérifiée/);
  assert.is(await browser.trpc.auth.session.query(), null);
});

identity("an id_token whose signature was altered is refused", async (ctx) => {
  ctx.fc.signInAs({ sub: "fc-signature", email: "signature@example.fr" });
  ctx.fc.tamper = "signature";
  try {
    const browser = ctx.t.agent();
    const location = await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId);
    assert.is(errorOf(location), "invalide");
    assert.is(await browser.trpc.auth.session.query(), null);
  } finally {
    ctx.fc.tamper = null;
  }
});

identity(
  "a provider that is down: a clear message, and e-mail sign-in still works",
  async (ctx) => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closedPort = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const { id } = await ctx.superAdmin.trpc.superadmin.identityProviders.save.mutate({
      kind: "oidc",
      preset: null,
      label: "Connexion Mairie",
      config: {
        issuer: `http://127.0.0.1:${closedPort}`,
        clientId: "guichet",
        clientSecret: "un-secret-quelconque",
      },
      forUsagers: true,
      forAgents: false,
      requiredForAgents: false,
      verifiesIdentity: false,
      enabled: true,
    });
    const browser = ctx.t.agent();
    const location = await providerSignIn(ctx.t.app, browser, BASE_URL, id, {
      retour: "/commencer/permis",
    });
    assert.is(
      location,
      `/connexion?erreur=indisponible&fournisseur=${id}&retour=%2Fcommencer%2Fpermis`,
    );
    assert.is(
      identityErrorMessage("indisponible", "Connexion Mairie"),
      "« Connexion Mairie » ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre adresse e-mail et votre mot de passe.",
    );
    await signedUpAgent(ctx.t, "panne@example.fr");
    const fallback = ctx.t.agent();
    await fallback.trpc.auth.signIn.mutate({
      email: "panne@example.fr",
      password: "Un-mot-de-passe-solide-42",
    });
    assert.is((await fallback.trpc.auth.session.query())?.email, "panne@example.fr");
    await ctx.superAdmin.trpc.superadmin.identityProviders.delete.mutate({ id });
  },
);

identity("the super-admin never reads a client secret back; blank keeps it", async (ctx) => {
  const list = await ctx.superAdmin.trpc.superadmin.identityProviders.list.query();
  const fc = list.find((p) => p.id === ctx.fcId)!;
  assert.not.ok("clientSecret" in fc.config);
  assert.equal(fc.secretsSet, ["clientSecret"]);
  assert.is(fc.redirectUri, `${BASE_URL}/connexion/fournisseur/${ctx.fcId}/retour`);
  assert.not.match(JSON.stringify(list), ctx.fc.clientSecret);
  // The form's schema marks the secret write-only: the page makes it a password input.
  const [oidcKind] = await ctx.superAdmin.trpc.superadmin.identityProviders.kinds.query();
  const properties = (oidcKind.configSchema as {
    properties: Record<string, { writeOnly?: boolean }>;
  }).properties;
  assert.is(properties.clientSecret.writeOnly, true);
  assert.is(properties.clientId.writeOnly, undefined);
  await ctx.superAdmin.trpc.superadmin.identityProviders.save.mutate({
    id: ctx.fcId,
    kind: "oidc",
    preset: "franceconnect",
    label: "FranceConnect",
    config: { ...fc.config, clientSecret: "" },
    forUsagers: true,
    forAgents: false,
    requiredForAgents: false,
    verifiesIdentity: true,
    enabled: true,
  });
  ctx.fc.signInAs({ sub: "fc-secret", email: "secret@example.fr" });
  const browser = ctx.t.agent();
  assert.is(await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId), "/");
  const bad = await refusal(
    ctx.superAdmin.trpc.superadmin.identityProviders.save.mutate({
      kind: "oidc",
      label: "Sans émetteur",
      config: { issuer: "http://idp.example.fr", clientId: "x", clientSecret: "y" },
      forUsagers: true,
      forAgents: false,
      requiredForAgents: false,
      verifiesIdentity: false,
      enabled: true,
    }),
  );
  assert.match(bad.message, /L’émetteur doit commencer par https:\/\//);
  const usager = await signedUpAgent(ctx.t, "curieux@example.fr");
  const denied = await refusal(usager.trpc.superadmin.identityProviders.list.query());
  assert.is(denied.data?.code, "FORBIDDEN");
});

identity(
  "ProConnect serves agents only, and agents bound to it cannot use their password",
  async (ctx) => {
    ctx.pc.signInAs({ sub: "pc-usager", email: "usager.pc@example.fr", usual_name: "Usager" });
    const stranger = ctx.t.agent();
    assert.is(
      errorOf(await providerSignIn(ctx.t.app, stranger, BASE_URL, ctx.pcId)),
      "reserve_agents",
    );

    const admin = await adminAgent(ctx.t, ctx.superAdmin, "agent@mairie.fr");
    assert.ok(admin);
    ctx.fc.signInAs({ sub: "fc-agent", email: "agent@mairie.fr" });
    assert.is(
      errorOf(await providerSignIn(ctx.t.app, ctx.t.agent(), BASE_URL, ctx.fcId)),
      "reserve_usagers",
    );

    const list = await ctx.superAdmin.trpc.superadmin.identityProviders.list.query();
    const pc = list.find((p) => p.id === ctx.pcId)!;
    const save = (requiredForAgents: boolean) =>
      ctx.superAdmin.trpc.superadmin.identityProviders.save.mutate({
        id: ctx.pcId,
        kind: "oidc",
        preset: "proconnect",
        label: "ProConnect",
        config: pc.config,
        forUsagers: false,
        forAgents: true,
        requiredForAgents,
        verifiesIdentity: false,
        enabled: true,
      });
    await save(true);
    try {
      const byPassword = await refusal(
        ctx.t.agent().trpc.auth.signIn.mutate({
          email: "agent@mairie.fr",
          password: "Administrer-La-Commune-2026",
        }),
      );
      assert.is(
        byPassword.message,
        "Les agents (instructeurs, administrateurs) de ce site se connectent avec « ProConnect » : choisissez ce bouton sur la page de connexion.",
      );
      // The super-admin keeps the password: an outage of ProConnect never locks the site.
      ctx.pc.signInAs({ sub: "pc-agent", email: "agent@mairie.fr", usual_name: "Agent" });
      const browser = ctx.t.agent();
      const pending = (await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.pcId)).split("#")[1];
      await browser.trpc.auth.identity.confirmWithPassword.mutate({
        token: pending,
        password: "Administrer-La-Commune-2026",
      });
      const session = await browser.trpc.auth.session.query();
      assert.is(session?.email, "agent@mairie.fr");
      assert.ok(session?.roles.includes("administrateur"));
    } finally {
      await save(false);
    }
  },
);

identity("« Retirer » unlinks an identity, but not the only way to sign in", async (ctx) => {
  ctx.fc.signInAs({ sub: "fc-seul", email: "seul@example.fr", given_name: "Seul" });
  const browser = ctx.t.agent();
  await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId);
  const [link] = await browser.trpc.auth.identity.links.query();
  const only = await refusal(browser.trpc.auth.identity.removeLink.mutate({ id: link.id }));
  assert.match(only.message, /C’est votre seul moyen de connexion/);

  const withPassword = await signedUpAgent(ctx.t, "double@example.fr");
  ctx.fc.signInAs({ sub: "fc-double", email: "double@example.fr" });
  const fcBrowser = ctx.t.agent();
  const pending = (await providerSignIn(ctx.t.app, fcBrowser, BASE_URL, ctx.fcId)).split("#")[1];
  await fcBrowser.trpc.auth.identity.confirmWithPassword.mutate({
    token: pending,
    password: "Un-mot-de-passe-solide-42",
  });
  const [linked] = await withPassword.trpc.auth.identity.links.query();
  const foreign = await refusal(browser.trpc.auth.identity.removeLink.mutate({ id: linked.id }));
  assert.is(foreign.data?.code, "NOT_FOUND");
  await withPassword.trpc.auth.identity.removeLink.mutate({ id: linked.id });
  assert.equal(await withPassword.trpc.auth.identity.links.query(), []);
  // Unlinked: the identity waits again for proof instead of signing in.
  assert.match(
    await providerSignIn(ctx.t.app, ctx.t.agent(), BASE_URL, ctx.fcId),
    /^\/connexion\/liaison#/,
  );
});

identity("signing out of a FranceConnect session ends it at the provider too", async (ctx) => {
  ctx.fc.signInAs({ sub: "fc-camille", email: "camille.martin@example.fr" });
  const browser = ctx.t.agent();
  await providerSignIn(ctx.t.app, browser, BASE_URL, ctx.fcId);
  const { logoutUrl } = await browser.trpc.auth.signOut.mutate();
  const url = new URL(logoutUrl!);
  assert.is(url.origin + url.pathname, `${ctx.fc.issuer}/session/end`);
  assert.ok(url.searchParams.get("id_token_hint"));
  assert.is(url.searchParams.get("post_logout_redirect_uri"), `${BASE_URL}/`);
  assert.is(await browser.trpc.auth.session.query(), null);
});

identity(
  "starting sign-ins through a provider is limited per client address, like sign-in",
  async (ctx) => {
    const start = (ip: string) =>
      ctx.t.app.fetch(
        new Request(`${BASE_URL}/connexion/fournisseur/${ctx.fcId}?retour=%2Fcompte`),
        { remoteAddr: { hostname: ip, port: 1234, transport: "tcp" } },
      );
    for (let i = 0; i < 50; i++) {
      const res = await start("198.51.100.7");
      assert.ok(res.headers.get("location")!.startsWith(ctx.fc.issuer), `start ${i + 1}`);
    }
    const refused = await start("198.51.100.7");
    assert.is(refused.status, 303);
    const location = refused.headers.get("location")!;
    assert.is(
      location,
      `/connexion?erreur=trop_de_tentatives&fournisseur=${ctx.fcId}&retour=%2Fcompte`,
    );
    assert.match(
      identityErrorMessage("trop_de_tentatives", "FranceConnect"),
      /^Trop de connexions avec « FranceConnect » commencées depuis votre adresse/,
    );
    // Another address is not held back.
    const other = await start("198.51.100.8");
    assert.ok(other.headers.get("location")!.startsWith(ctx.fc.issuer));
  },
);

identity("a provider number past PostgreSQL's integer is an unknown provider", async (ctx) => {
  // Ids are 32-bit integers on PostgreSQL: a larger one in a query is an error there (a 500).
  const location = await providerSignIn(ctx.t.app, ctx.t.agent(), BASE_URL, 2 ** 31);
  assert.is(location, `/connexion?erreur=inconnu&fournisseur=${2 ** 31}`);
});

identity.run();
