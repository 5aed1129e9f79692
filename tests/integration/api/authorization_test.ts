import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { appRouter } from "../../../core/api/router.ts";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
  tokenFrom,
} from "../../helpers/instance.ts";

const PASSWORD = "Un-mot-de-passe-solide-42";

/** A valid input for every super-admin procedure, so the refusal comes from the policy. */
const SUPERADMIN_INPUTS: Record<string, unknown> = {
  "superadmin.demandesAdmin.list": {},
  "superadmin.demandesAdmin.accept": { id: 1 },
  "superadmin.demandesAdmin.refuse": { id: 1, motif: "Non" },
  "superadmin.jobs.list": {},
  "superadmin.jobs.retry": { id: 1 },
  "superadmin.plugins.list": undefined,
  "superadmin.audit.list": {},
  "superadmin.audit.status": undefined,
  "superadmin.audit.verify": undefined,
  "superadmin.antivirus": undefined,
  "superadmin.identityProviders.kinds": undefined,
  "superadmin.identityProviders.list": undefined,
  "superadmin.identityProviders.save": {
    kind: "oidc",
    label: "Connexion Mairie",
    config: {},
    forUsagers: true,
    forAgents: false,
    requiredForAgents: false,
    verifiesIdentity: false,
    enabled: false,
  },
  "superadmin.identityProviders.delete": { id: 1 },
};

const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { type: string } }
>;
const methodOf = (path: string) => procedures[path]._def.type === "query" ? "GET" : "POST";

interface Ctx {
  t: TestInstance;
  superAdmin: Agent;
  usager: Agent;
  admin: Agent;
}

/** An administrateur, through the real flow: request, acceptance, password link. */
async function administrateurAgent(t: TestInstance, superAdmin: Agent, email: string) {
  await t.agent().trpc.auth.requestAdminAccount.mutate({
    nom: "Alex Martin",
    organisation: "Commune de Saint-Martin",
    email,
    motif: "Mettre en ligne une démarche",
  });
  const [request] = (await superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
    .filter((r) => r.email === email);
  await superAdmin.trpc.superadmin.demandesAdmin.accept.mutate({ id: request.id });
  const agent = t.agent();
  const token = tokenFrom(await t.mail(email, "compte administrateur est validé"));
  await agent.trpc.auth.setPassword.mutate({ token, password: "Admin-Commune-2026!" });
  return agent;
}

const denials = suite<Ctx>("authorization through the API");
denials.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.superAdmin = await superAdminAgent(ctx.t);
  ctx.usager = await signedUpAgent(ctx.t, "usager@exemple.fr", PASSWORD);
  ctx.admin = await administrateurAgent(ctx.t, ctx.superAdmin, "alex.martin@mairie.fr");
});
denials.after(async (ctx) => {
  await ctx.t.stop();
});

denials("the list of super-admin procedures below is complete", () => {
  const actual = Object.keys(procedures).filter((p) => p.startsWith("superadmin.")).sort();
  assert.equal(actual, Object.keys(SUPERADMIN_INPUTS).sort());
});

denials("the test agents hold the roles they stand for", async ({ usager, admin, superAdmin }) => {
  assert.equal((await usager.trpc.auth.me.query()).roles, ["usager"]);
  assert.equal((await admin.trpc.auth.me.query()).roles, ["usager", "administrateur"]);
  assert.ok((await superAdmin.trpc.auth.me.query()).roles.includes("super_admin"));
});

for (const [path, input] of Object.entries(SUPERADMIN_INPUTS)) {
  denials(`${path} is refused to anonymous (401), usager and administrateur (403)`, async (ctx) => {
    const anonymous = await ctx.t.agent().call(path, input, methodOf(path));
    assert.is(anonymous.status, 401);
    assert.is(anonymous.body.error.message, "Connectez-vous pour continuer.");
    for (const agent of [ctx.usager, ctx.admin]) {
      const res = await agent.call(path, input, methodOf(path));
      assert.is(res.status, 403);
      assert.is(res.body.error.message, "Vous n’avez pas accès à cette page ou à cette action.");
    }
    // The same input passes the policy for the super-admin.
    const allowed = await ctx.superAdmin.call(path, input, methodOf(path));
    assert.not.ok([401, 403].includes(allowed.status), `super-admin got ${allowed.status}`);
  });
}

denials("a refused super-admin mutation changes nothing", async ({ t, admin, superAdmin }) => {
  await t.agent().trpc.auth.requestAdminAccount.mutate({
    nom: "Sam Durand",
    organisation: "Association",
    email: "sam@asso.fr",
    motif: "Essai",
  });
  const [request] = (await superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
    .filter((r) => r.email === "sam@asso.fr");
  assert.is((await admin.call("superadmin.demandesAdmin.accept", { id: request.id })).status, 403);
  const still = await superAdmin.trpc.superadmin.demandesAdmin.list.query({});
  assert.ok(still.some((r) => r.id === request.id));
});

for (
  const [path, input] of [
    ["auth.me", undefined],
    ["auth.changePassword", { currentPassword: PASSWORD, newPassword: "Tout-Nouveau-2026!" }],
    ["auth.changeEmail", { email: "autre@exemple.fr", password: PASSWORD }],
  ] as const
) {
  denials(`${path} asks anonymous to sign in`, async ({ t }) => {
    const res = await t.agent().call(path, input, methodOf(path));
    assert.is(res.status, 401);
    assert.is(res.body.error.message, "Connectez-vous pour continuer.");
  });
}

denials("auth.me gives each person their own account, whatever the input", async (ctx) => {
  const other = await signedUpAgent(ctx.t, "voisin@exemple.fr", PASSWORD);
  const mine = await ctx.usager.trpc.auth.me.query();
  const theirs = await other.trpc.auth.me.query();
  assert.is(mine.email, "usager@exemple.fr");
  assert.is(theirs.email, "voisin@exemple.fr");
  assert.is.not(mine.id, theirs.id);
  const sneaky = await ctx.usager.call("auth.me", { id: theirs.id, email: theirs.email }, "GET");
  assert.is(sneaky.status, 200);
  assert.is(sneaky.body.result.data.email, "usager@exemple.fr");
  assert.is(sneaky.body.result.data.id, mine.id);
});

async function fromOrigin(t: TestInstance, agent: Agent, origin: string, path: string) {
  const headers = new Headers({ "content-type": "application/json", origin });
  if (agent.cookie) headers.set("cookie", agent.cookie);
  const res = await t.app.fetch(
    new Request(`${BASE_URL}/trpc/${path}`, { method: "POST", headers, body: "{}" }),
    { remoteAddr: { hostname: "192.0.2.9", port: 1, transport: "tcp" } },
  );
  return { status: res.status, body: await res.json(), cookies: res.headers.getSetCookie() };
}

denials("a POST from a foreign site is refused and does nothing", async (ctx) => {
  const victim = await signedUpAgent(ctx.t, "victime@exemple.fr", PASSWORD);
  for (const origin of ["https://attaquant.example", "null", "http://localhost:8001"]) {
    const res = await fromOrigin(ctx.t, victim, origin, "auth.signOut");
    assert.is(res.status, 403, origin);
    assert.is(res.body.error.message, "Requête refusée : elle ne vient pas de ce site.");
    assert.equal(res.cookies, []);
  }
  assert.is((await victim.trpc.auth.session.query())?.email, "victime@exemple.fr");
  // The same request from the site itself goes through.
  assert.is((await fromOrigin(ctx.t, victim, BASE_URL, "auth.signOut")).status, 200);
  victim.cookie = "";
});

denials("a mutation cannot be triggered by a GET (a link or an image)", async (ctx) => {
  const victim = await signedUpAgent(ctx.t, "lien@exemple.fr", PASSWORD);
  const res = await victim.call("auth.signOut", undefined, "GET");
  assert.is(res.status, 405);
  assert.match(res.body.error.message, /appelez-la en POST/);
  assert.is((await victim.trpc.auth.session.query())?.email, "lien@exemple.fr");
});

denials("a made-up session cookie is anonymous", async ({ t }) => {
  const agent = t.agent();
  agent.cookie = "guichet_session=invente-de-toutes-pieces";
  assert.is(await agent.trpc.auth.session.query(), null);
  assert.is((await agent.call("auth.me", undefined, "GET")).status, 401);
});

denials.run();
