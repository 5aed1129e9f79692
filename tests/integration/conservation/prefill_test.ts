/**
 * Conservation of brouillons prefilled through the API: one nobody has claimed yet belongs to
 * the placeholder account `preremplissage@guichet.invalid`, so no notice is queued for it (it
 * would go to an address that cannot receive mail); it is deleted at its expiry all the same,
 * and its link then says so. A claimed one is an ordinary brouillon: its usager is told.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  BASE_URL,
  keepSessionsOpen,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { runConservation } from "../../../core/conservation/daily.ts";
import { PREFILL_HOLDER } from "../../../core/api_rest/prefill.ts";

interface Ctx {
  t: TestInstance;
  now: Date;
  admin: Agent;
  usager: Agent;
  demarcheId: number;
  secret: string;
}

/** A brouillon prefilled through the API: its number and its link's secret. */
async function prefilled(ctx: Ctx, nom: string) {
  const res = await ctx.t.app.fetch(
    new Request(`${BASE_URL}/api/v1/demarches/${ctx.demarcheId}/dossiers`, {
      method: "POST",
      headers: { authorization: `Bearer ${ctx.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ champs: { nom } }),
    }),
  );
  const body = await res.json();
  assert.is(res.status, 201, JSON.stringify(body));
  return { id: body.dossier.id as number, secret: (body.lien as string).split("/").at(-1)! };
}

const exists = async (ctx: Ctx, id: number) =>
  (await ctx.t.deps.db.selectFrom("dossiers").select("id").where("id", "=", id).execute())
    .length === 1;

/** Mails to `to`, caught or still queued. */
async function mailsTo(ctx: Ctx, to: string) {
  await ctx.t.flush();
  const caught = ctx.t.catcher!.mails.filter((m) => m.to.includes(to));
  const queued = await ctx.t.deps.db.selectFrom("jobs").select("payload")
    .where("payload", "like", `%${to}%`).execute();
  return { caught, queued };
}

const conservation = suite<Ctx>("conservation of prefilled brouillons");
conservation.before(async (ctx) => {
  ctx.now = new Date("2026-01-10T09:00:00Z");
  ctx.t = await startTestInstance({ clock: () => ctx.now });
  ctx.admin = await superAdminAgent(ctx.t);
  ctx.demarcheId = await publishedDemarche(ctx.admin, {
    titre: "Permis de naviguer",
    path: "permis",
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
      annotations: [],
    },
    settings: { retentionMonths: 6 },
  });
  ctx.secret = (await ctx.admin.trpc.admin.jetons.create.mutate({
    label: "Logiciel métier",
    days: 365,
    demarcheIds: null,
    access: "instruction",
  })).secret;
  ctx.usager = await signedUpAgent(ctx.t, "marin@exemple.fr");
  // The clock moves months ahead: the sessions must outlive it.
  await keepSessionsOpen(ctx.t);
});
conservation.after(async (ctx) => {
  await ctx.t.stop();
});

conservation(
  "an unclaimed prefilled brouillon gets no notice and is deleted at its expiry; a claimed one is told",
  async (ctx) => {
    const waiting = await prefilled(ctx, "Le Cormoran");
    const claimed = await prefilled(ctx, "La Sterne");
    assert.equal(
      await ctx.usager.trpc.usager.preremplissage.mutate({ secret: claimed.secret }),
      { id: claimed.id },
    );
    // A brouillon expires 3 months after its last change; notices go 14 days before.
    ctx.now = new Date("2026-03-28T09:00:00Z");
    await runConservation(ctx.t.deps);
    const holder = await mailsTo(ctx, PREFILL_HOLDER);
    assert.equal(holder.caught.map((m) => m.subject), [], "no notice to the placeholder");
    assert.equal(holder.queued, [], "none queued either");
    const told = (await mailsTo(ctx, "marin@exemple.fr")).caught
      .filter((m) => m.subject.startsWith(`Votre dossier n° ${claimed.id} sera supprimé`));
    assert.is(told.length, 1, "the usager who claimed a prefill is told as for any brouillon");
    assert.ok(await exists(ctx, waiting.id), "kept until its expiry");

    // The day before its expiry it is still there; at its expiry it goes, with its link.
    ctx.now = new Date("2026-04-09T09:00:00Z");
    await runConservation(ctx.t.deps);
    assert.ok(await exists(ctx, waiting.id));
    ctx.now = new Date("2026-04-10T09:00:01Z");
    await runConservation(ctx.t.deps);
    assert.not.ok(await exists(ctx, waiting.id), "deleted at its expiry");
    const link = await ctx.t.deps.db.selectFrom("dossier_prefills").select("dossier_id")
      .where("dossier_id", "=", waiting.id).execute();
    assert.equal(link, [], "its link is gone with it");
    const late = await signedUpAgent(ctx.t, "retard@exemple.fr");
    const opened = await late.call("usager.preremplissage", { secret: waiting.secret });
    assert.is(opened.status, 404);
    assert.match(opened.body.error.message, /n’existe pas ou plus/);
    const deleted = await ctx.t.deps.db.selectFrom("deleted_dossiers").select("reason")
      .where("dossier_id", "=", waiting.id).executeTakeFirstOrThrow();
    assert.is(deleted.reason, "expire");
    assert.is((await mailsTo(ctx, PREFILL_HOLDER)).caught.length, 0);
    assert.ok(await exists(ctx, claimed.id), "the claimed one waits its 14 days after notice");
  },
);

conservation.run();
