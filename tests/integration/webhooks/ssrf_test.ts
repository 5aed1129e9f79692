/**
 * Webhook addresses that lead inside (loopback, private, link-local…) are refused, at the
 * settings' save and again when a call is sent (the name resolved then, the checked address
 * connected to), unless the operator sets WEBHOOK_ALLOW_PRIVATE=true.
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
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  usager: Agent;
  demarcheId: number;
  server: Deno.HttpServer<Deno.NetAddr>;
  port: number;
  received: number;
}

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [],
};

async function setUp(ctx: Ctx, env: Record<string, string>) {
  ctx.received = 0;
  ctx.server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, () => {
    ctx.received++;
    return new Response(null, { status: 204 });
  });
  ctx.port = ctx.server.addr.port;
  ctx.t = await startTestInstance({ env });
  ctx.admin = await superAdminAgent(ctx.t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: FORM,
  });
  ctx.usager = await signedUpAgent(ctx.t, "proprietaire@exemple.fr");
}

async function tearDown(ctx: Ctx) {
  await ctx.t.stop();
  await ctx.server.shutdown();
}

const save = (ctx: Ctx, url: string) =>
  ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "webhook",
    enabled: true,
    settings: { url },
  });

const refused = suite<Ctx>("webhook addresses without WEBHOOK_ALLOW_PRIVATE");
refused.before((ctx) => setUp(ctx, {}));
refused.after(tearDown);

refused("addresses inside are refused at save, in French", async (ctx) => {
  const cases: [string, RegExp][] = [
    [`http://127.0.0.1:${ctx.port}/guichet`, /boucle locale/],
    [`http://localhost:${ctx.port}/guichet`, /boucle locale/],
    ["http://10.1.2.3/guichet", /réseau privé/],
    ["http://192.168.1.20/guichet", /réseau privé/],
    ["http://172.20.0.5/guichet", /réseau privé/],
    ["http://169.254.169.254/latest/meta-data", /lien local/],
    ["http://100.64.0.1/guichet", /CGNAT/],
    ["http://0.0.0.0/guichet", /non routable/],
    ["http://[::1]/guichet", /boucle locale/],
    ["http://[::]/guichet", /non routable/],
    ["http://[fd00::1]/guichet", /réseau privé/],
    ["http://[fe80::1]/guichet", /lien local/],
    ["http://[::ffff:127.0.0.1]/guichet", /IPv4 dans IPv6/],
  ];
  for (const [url, reason] of cases) {
    const e = await refusal(save(ctx, url));
    assert.is(e.data?.httpStatus, 400, url);
    assert.match(e.message, reason, url);
    assert.match(e.message, /WEBHOOK_ALLOW_PRIVATE/, url);
  }
});

refused("a call to loopback is refused when sent, and logged", async (ctx) => {
  // Saved before the rule, or a name whose address changed since: the send checks again.
  for (const host of ["127.0.0.1", "localhost"]) {
    await ctx.t.deps.db.insertInto("demarche_plugins").values({
      demarche_id: ctx.demarcheId,
      plugin_id: "webhook",
      enabled: 1,
      settings: JSON.stringify({ url: `http://${host}:${ctx.port}/guichet`, secret: "" }),
      updated_at: new Date().toISOString(),
    }).onConflict((oc) =>
      oc.columns(["demarche_id", "plugin_id"]).doUpdateSet({
        settings: JSON.stringify({ url: `http://${host}:${ctx.port}/guichet`, secret: "" }),
      })
    ).execute();
    const sent = await ctx.admin.trpc.admin.webhooks.test.mutate({
      demarcheId: ctx.demarcheId,
    });
    assert.is(sent.status, "en_attente", host);
    assert.match(sent.lastError ?? "", /boucle locale/, host);
    assert.is(sent.lastStatus, null);
    await ctx.t.flush();
  }
  assert.is(ctx.received, 0, "the receiver never heard of it");
});

refused.run();

const allowed = suite<Ctx>("webhook addresses with WEBHOOK_ALLOW_PRIVATE=true");
allowed.before((ctx) => setUp(ctx, { WEBHOOK_ALLOW_PRIVATE: "true" }));
allowed.after(tearDown);

allowed("the operator lets calls reach a local address", async (ctx) => {
  await save(ctx, `http://localhost:${ctx.port}/guichet`);
  const sent = await ctx.admin.trpc.admin.webhooks.test.mutate({
    demarcheId: ctx.demarcheId,
  });
  assert.is(sent.status, "livre");
  assert.is(sent.lastStatus, 204);
  assert.is(ctx.received, 1);
});

allowed.run();
