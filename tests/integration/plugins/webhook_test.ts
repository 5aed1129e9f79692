/**
 * The webhook plugin against a real HTTP receiver: switched on for a démarche, each state
 * change of its dossiers is POSTed, signed with the secret; a receiver answering with an error
 * gets the call again after the backoff; a bad address or a short secret is refused in French;
 * switched off, nothing is sent. (The delivery log, ordering and address checks are the
 * core's: tests/integration/webhooks/.) The receiver is on 127.0.0.1: WEBHOOK_ALLOW_PRIVATE.
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
import { invitedAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { signature } from "../../../plugins/webhook/mod.ts";

interface Received {
  body: string;
  signature: string | null;
  contentType: string | null;
}

interface Ctx {
  t: TestInstance;
  now: Date;
  admin: Agent;
  marc: Agent;
  usager: Agent;
  demarcheId: number;
  server: Deno.HttpServer<Deno.NetAddr>;
  url: string;
  received: Received[];
  /** The status the receiver answers with next. */
  answer: number;
}

const SECRET = "un-secret-partage-2026";

const webhook = suite<Ctx>("webhook plugin");
webhook.before(async (ctx) => {
  ctx.received = [];
  ctx.answer = 200;
  ctx.server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    ctx.received.push({
      body: await req.text(),
      signature: req.headers.get("x-guichet-signature"),
      contentType: req.headers.get("content-type"),
    });
    return new Response(null, { status: ctx.answer });
  });
  ctx.url = `http://127.0.0.1:${ctx.server.addr.port}/guichet`;
  ctx.now = new Date("2026-11-29T10:00:00Z");
  const t = ctx.t = await startTestInstance({
    clock: () => ctx.now,
    env: { WEBHOOK_ALLOW_PRIVATE: "true" },
  });
  ctx.admin = await superAdminAgent(t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
      annotations: [],
    },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
});
webhook.after(async (ctx) => {
  await ctx.t.stop();
  await ctx.server.shutdown();
});

async function deposited(ctx: Ctx): Promise<number> {
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path: "titre-navigation" });
  await u.save.mutate({ id, values: { nom: "Le Goéland" } });
  await u.deposer.mutate({ id });
  return id;
}

const setWebhook = (ctx: Ctx, enabled: boolean, settings: Record<string, unknown>) =>
  ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "webhook",
    enabled,
    settings,
  });

webhook("off by default: a deposit calls nobody", async (ctx) => {
  await deposited(ctx);
  await ctx.t.flush();
  assert.is(ctx.received.length, 0);
});

webhook("a bad address or a short secret is refused in French", async (ctx) => {
  const ftp = await refusal(setWebhook(ctx, true, { url: "ftp://si.mairie.fr" }));
  assert.is(ftp.data?.httpStatus, 400);
  assert.match(ftp.message, /https:\/\//);
  const short = await refusal(setWebhook(ctx, true, { url: ctx.url, secret: "court" }));
  assert.match(short.message, /au moins 16 caractères/);
});

webhook("each state change is POSTed once, signed with the secret", async (ctx) => {
  await setWebhook(ctx, true, { url: ctx.url, secret: SECRET });
  const id = await deposited(ctx);
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
  await ctx.t.flush();
  assert.equal(
    ctx.received.map((r) => JSON.parse(r.body)),
    [
      ["deposer", "en_construction"],
      ["passer_en_instruction", "en_instruction"],
      ["accepter", "accepte"],
    ].map(([evenement, etat], i) => ({
      evenement,
      etat,
      dossier: id,
      demarche: ctx.demarcheId,
      date: ctx.now.toISOString(),
      livraison: JSON.parse(ctx.received[i].body).livraison,
    })),
  );
  for (const r of ctx.received) {
    assert.is(r.contentType, "application/json");
    assert.is(r.signature, signature(SECRET, r.body), "the HMAC of the body under the secret");
  }
});

webhook("a receiver in error gets the call again after the backoff", async (ctx) => {
  ctx.received.length = 0;
  ctx.answer = 503;
  const id = await deposited(ctx);
  await ctx.t.flush();
  assert.is(ctx.received.length, 1, "tried once");
  const [failed] = (await ctx.admin.trpc.admin.webhooks.list.query({
    demarcheId: ctx.demarcheId,
  })).items;
  assert.match(failed.lastError ?? "", /a répondu 503/);
  ctx.answer = 200;
  ctx.now = new Date(ctx.now.getTime() + 60_000);
  await ctx.t.flush();
  assert.is(ctx.received.length, 2, "tried again once the backoff is past");
  assert.is(JSON.parse(ctx.received[1].body).dossier, id);
});

webhook("switched off, nothing more is sent", async (ctx) => {
  ctx.received.length = 0;
  await setWebhook(ctx, false, { url: ctx.url, secret: SECRET });
  await deposited(ctx);
  await ctx.t.flush();
  assert.is(ctx.received.length, 0);
});

webhook.run();
