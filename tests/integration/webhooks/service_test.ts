/**
 * Webhook deliveries (core/webhooks/) against a real HTTP receiver on loopback: each event
 * is logged for the démarche's administrateurs, carries a delivery id kept across its
 * retries, is retried with backoff for 72 h then marked failed (the administrateurs told
 * by e-mail), waits behind an earlier event of its dossier, and can be sent again or tried
 * with a test event. The receiver is on 127.0.0.1, so this instance runs with
 * WEBHOOK_ALLOW_PRIVATE=true; the refusals without it are in ssrf_test.ts.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  keepSessionsOpen,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { adminAgent, invitedAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { signature } from "../../../plugins/webhook/mod.ts";
import { up } from "../../../migrations/0054_webhook_legacy_jobs.ts";

interface Received {
  body: { evenement: string; dossier: number | null; livraison: string };
  raw: string;
  livraison: string | null;
  signature: string | null;
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
  /** The statuses the receiver answers with, in turn; 200 once they are used. */
  answers: number[];
}

const SECRET = "un-secret-partage-2026";
const HOUR = 3_600_000;

const deliveries = suite<Ctx>("webhook deliveries");
deliveries.before(async (ctx) => {
  ctx.received = [];
  ctx.answers = [];
  ctx.server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const raw = await req.text();
    ctx.received.push({
      raw,
      body: JSON.parse(raw),
      livraison: req.headers.get("x-guichet-livraison"),
      signature: req.headers.get("x-guichet-signature"),
    });
    return new Response(null, { status: ctx.answers.shift() ?? 200 });
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
  await ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "webhook",
    enabled: true,
    settings: { url: ctx.url, secret: SECRET },
  });
  // The clock runs 72 hours ahead: its people stay signed in.
  await keepSessionsOpen(t);
});
deliveries.after(async (ctx) => {
  await ctx.t.stop();
  await ctx.server.shutdown();
});
deliveries.before.each((ctx) => {
  ctx.received.length = 0;
  ctx.answers.length = 0;
});

async function deposited(ctx: Ctx): Promise<number> {
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path: "titre-navigation" });
  await u.save.mutate({ id, values: { nom: "Le Goéland" } });
  await u.deposer.mutate({ id });
  return id;
}

const list = (ctx: Ctx, opts: { limit?: number; before?: number } = {}) =>
  ctx.admin.trpc.admin.webhooks.list.query({ demarcheId: ctx.demarcheId, ...opts });

/** Moves the clock on by `ms`, then runs the jobs due. */
async function later(ctx: Ctx, ms: number) {
  ctx.now = new Date(ctx.now.getTime() + ms);
  await ctx.t.flush();
}

deliveries("each event is logged as delivered, with its id, attempts and response", async (ctx) => {
  const id = await deposited(ctx);
  await ctx.t.flush();
  assert.is(ctx.received.length, 1);
  const [sent] = ctx.received;
  assert.is(sent.body.evenement, "deposer");
  assert.is(sent.body.dossier, id);
  assert.match(sent.livraison ?? "", /^[0-9a-f-]{36}$/);
  assert.is(sent.body.livraison, sent.livraison, "the signed body names the delivery too");
  assert.is(sent.signature, signature(SECRET, sent.raw));
  const { items } = await list(ctx);
  assert.equal(
    {
      ...items[0],
      createdAt: undefined,
      lastAttemptAt: undefined,
    },
    {
      id: items[0].id,
      livraison: sent.livraison,
      evenement: "deposer",
      dossierId: id,
      status: "livre",
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      nextAttemptAt: null,
      waiting: false,
      createdAt: undefined,
      lastAttemptAt: undefined,
    },
  );
});

deliveries("a retry carries the same delivery id, after the backoff", async (ctx) => {
  ctx.answers.push(503);
  await deposited(ctx);
  await ctx.t.flush();
  const [pending] = (await list(ctx)).items;
  assert.is(pending.status, "en_attente");
  assert.is(pending.attempts, 1);
  assert.is(pending.lastStatus, 503);
  assert.match(pending.lastError ?? "", /a répondu 503/);
  assert.ok(pending.nextAttemptAt && pending.nextAttemptAt > ctx.now.toISOString());
  await ctx.t.flush();
  assert.is(ctx.received.length, 1, "not again before the next try");
  await later(ctx, 60_000);
  assert.is(ctx.received.length, 2);
  assert.is(ctx.received[1].livraison, ctx.received[0].livraison);
  assert.is(ctx.received[1].raw, ctx.received[0].raw, "the very same body");
  const [done] = (await list(ctx)).items;
  assert.equal([done.status, done.attempts, done.livraison], [
    "livre",
    2,
    ctx.received[0].livraison,
  ]);
});

deliveries(
  "a later event of a dossier waits for its earlier one, then both go in order",
  async (ctx) => {
    ctx.answers.push(500);
    const id = await deposited(ctx);
    await ctx.t.flush();
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    await ctx.t.flush();
    assert.equal(ctx.received.map((r) => r.body.evenement), ["deposer"], "the second one waits");
    const [second, first] = (await list(ctx)).items;
    assert.equal([second.evenement, second.status, second.attempts, second.waiting], [
      "passer_en_instruction",
      "en_attente",
      0,
      true,
    ]);
    assert.is(first.status, "en_attente");
    await later(ctx, 60_000);
    assert.equal(ctx.received.map((r) => [r.body.evenement, r.body.dossier]), [
      ["deposer", id],
      ["deposer", id],
      ["passer_en_instruction", id],
    ]);
    assert.equal((await list(ctx, { limit: 2 })).items.map((d) => d.status), ["livre", "livre"]);
  },
);

deliveries(
  "after 72 h of errors a delivery fails and the administrateurs are told",
  async (ctx) => {
    ctx.answers.push(...new Array(200).fill(502));
    const start = ctx.now.getTime();
    const id = await deposited(ctx);
    await ctx.t.flush();
    let [d] = (await list(ctx)).items;
    const delays: number[] = [];
    while (d.status === "en_attente") {
      const next = new Date(d.nextAttemptAt!).getTime();
      delays.push(next - ctx.now.getTime());
      await later(ctx, next - ctx.now.getTime());
      [d] = (await list(ctx)).items;
    }
    assert.is(d.status, "echec");
    assert.is(d.nextAttemptAt, null);
    assert.ok(delays[1] > delays[0] && delays[2] > delays[1], "the waits grow");
    const span = ctx.now.getTime() - start;
    assert.ok(span >= 72 * HOUR && span < 73 * HOUR, `tried for 72 h (${span / HOUR} h)`);
    assert.is(ctx.received.length, d.attempts);
    const mail = await ctx.t.mail("super@guichet.test", "Webhook en échec");
    assert.match(mail.text, new RegExp(`dossier n° ${id}`));
    assert.match(mail.text, /a répondu 502/);
    assert.match(mail.text, /\/admin\/demarches\/\d+\/webhook/);
    await ctx.t.flush();
    assert.is(ctx.received.length, d.attempts, "no try after the failure");
  },
);

deliveries("« Renvoyer » sends a delivery again with its id", async (ctx) => {
  const [failed] = (await list(ctx)).items;
  assert.is(failed.status, "echec");
  const webhooks = ctx.admin.trpc.admin.webhooks;
  const resent = await webhooks.resend.mutate({ demarcheId: ctx.demarcheId, id: failed.id });
  assert.is(resent.status, "livre");
  assert.is(ctx.received.length, 1);
  assert.is(ctx.received[0].livraison, failed.livraison);
  assert.is((await list(ctx)).items[0].status, "livre");
  await ctx.t.flush();
  assert.is(ctx.received.length, 1, "its queued job finds it delivered");
});

deliveries("« Envoyer un test » posts a test event, shown in the log", async (ctx) => {
  const webhooks = ctx.admin.trpc.admin.webhooks;
  const sent = await webhooks.test.mutate({ demarcheId: ctx.demarcheId });
  assert.is(sent.status, "livre");
  assert.is(ctx.received.length, 1);
  assert.equal(
    { ...ctx.received[0].body, date: undefined },
    {
      evenement: "test",
      etat: null,
      dossier: null,
      demarche: ctx.demarcheId,
      date: undefined,
      livraison: sent.livraison,
    },
  );
  const [logged] = (await list(ctx)).items;
  assert.equal([logged.evenement, logged.dossierId, logged.status], ["test", null, "livre"]);
});

deliveries("the log is newest first, paged by a cursor", async (ctx) => {
  const all = (await list(ctx, { limit: 100 })).items;
  assert.ok(all.length >= 5);
  assert.equal(all.map((d) => d.id), [...all.map((d) => d.id)].sort((a, b) => b - a));
  const first = await list(ctx, { limit: 2 });
  assert.is(first.items.length, 2);
  assert.is(first.next, first.items[1].id);
  const second = await list(ctx, { limit: 2, before: first.next! });
  assert.equal(second.items.map((d) => d.id), all.slice(2, 4).map((d) => d.id));
});

deliveries("only the démarche's administrateurs read the log or send", async (ctx) => {
  const other = await adminAgent(ctx.t, ctx.admin, "autre-admin@mairie.fr");
  const [d] = (await list(ctx)).items;
  // One call at a time: a refusal arriving while another is awaited would be unhandled.
  const denied = [
    () => other.trpc.admin.webhooks.list.query({ demarcheId: ctx.demarcheId }),
    () => other.trpc.admin.webhooks.resend.mutate({ demarcheId: ctx.demarcheId, id: d.id }),
    () => other.trpc.admin.webhooks.test.mutate({ demarcheId: ctx.demarcheId }),
  ];
  for (const call of denied) assert.is((await refusal(call())).data?.httpStatus, 404);
  const instructeur = await refusal(
    ctx.marc.trpc.admin.webhooks.list.query({ demarcheId: ctx.demarcheId }),
  );
  assert.is(instructeur.data?.httpStatus, 403);
  const anonymous = await refusal(
    ctx.t.agent().trpc.admin.webhooks.list.query({ demarcheId: ctx.demarcheId }),
  );
  assert.is(anonymous.data?.httpStatus, 401);
  // A delivery of another démarche is not reached through this one.
  const mine = await other.trpc.admin.demarches.create.mutate({ titre: "Autre démarche" });
  const crossed = await refusal(
    other.trpc.admin.webhooks.resend.mutate({ demarcheId: mine.id, id: d.id }),
  );
  assert.is(crossed.data?.httpStatus, 404);
  assert.is(ctx.received.length, 0, "nothing was sent for them");
});

deliveries(
  "an event queued by the plugin before the upgrade is delivered after it, in its order",
  async (ctx) => {
    const id = await deposited(ctx);
    await ctx.t.flush();
    ctx.received.length = 0;
    const db = ctx.t.deps.db;
    const at = new Date(ctx.now.getTime() - HOUR).toISOString();
    const legacy = (status: string, payload: Record<string, unknown>) =>
      db.insertInto("jobs").values({
        kind: "plugin.after_hook",
        payload: JSON.stringify(payload),
        status,
        attempts: 2,
        max_attempts: 8,
        run_at: ctx.now.toISOString(),
        created_at: at,
        updated_at: at,
      }).returning("id").executeTakeFirstOrThrow();
    const event = { demarcheId: ctx.demarcheId, dossierId: id, at };
    // Queued in this order while the receiver was down: the first two are the webhook's.
    await legacy("pending", { pluginId: "webhook", event: "passer_en_instruction", ...event });
    await legacy("running", { pluginId: "webhook", event: "accepter", ...event });
    const other = await legacy("pending", { pluginId: "autre", event: "accepter", ...event });
    const done = await legacy("done", { pluginId: "webhook", event: "refuser", ...event });
    await up(db);
    const left = await db.selectFrom("jobs").select(["id", "status"])
      .where("kind", "=", "plugin.after_hook").orderBy("id").execute();
    assert.equal(left.map((j) => [j.id, j.status]), [[other.id, "pending"], [done.id, "done"]]);
    await ctx.t.flush();
    await later(ctx, 0);
    // Dated when they happened, not when they were converted.
    assert.equal(
      ctx.received.map((r) => [r.body.evenement, r.body.dossier, JSON.parse(r.raw).date]),
      [["passer_en_instruction", id, at], ["accepter", id, at]],
    );
    const { items } = await list(ctx);
    assert.equal(
      items.slice(0, 2).map((d) => [d.evenement, d.status, d.dossierId]),
      [["accepter", "livre", id], ["passer_en_instruction", "livre", id]],
    );
  },
);

deliveries("bad inputs get a French 400", async (ctx) => {
  const webhooks = ctx.admin.trpc.admin.webhooks;
  const e = await refusal(
    webhooks.list.query({ demarcheId: ctx.demarcheId, limit: 5000 } as never),
  );
  assert.is(e.data?.httpStatus, 400);
  assert.match(e.message, /livraisons/);
});

deliveries("with the webhook switched off, a test is refused in French", async (ctx) => {
  await ctx.admin.trpc.admin.demarches.setFonctionnalite.mutate({
    id: ctx.demarcheId,
    pluginId: "webhook",
    enabled: false,
    settings: { url: ctx.url, secret: SECRET },
  });
  const e = await refusal(
    ctx.admin.trpc.admin.webhooks.test.mutate({ demarcheId: ctx.demarcheId }),
  );
  assert.is(e.data?.httpStatus, 409);
  assert.match(e.message, /Activez/);
  assert.is(ctx.received.length, 0);
});

deliveries.run();
