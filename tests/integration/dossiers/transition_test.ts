/**
 * Every edge of the lifecycle table, walked through the paths that trigger it (the usager's
 * deposit, an instructeur's decision or batch action, a demande de correction, a declarative
 * démarche's automatic step, the implicit-decision pass), each checked for the same effects:
 * one event row, the tab counters equal to a recount, the `before` then `after` hooks of a
 * spy plugin, one e-mail to the usager. A `before` hook vetoes a demande de correction.
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
import { invitedAgent } from "../../helpers/people.ts";
import { refusal } from "../../helpers/refusal.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { assertCountersMatchDossiers } from "../../helpers/counters.ts";
import spy, { spyRecord } from "../../fixtures/plugins/spy/mod.ts";
import { runImplicitDecisions } from "../../../core/dossiers/implicit_decisions.ts";
import { DOSSIER_STATES, transition } from "../../../core/dossiers/lifecycle.ts";
import { LIFECYCLE_EVENTS } from "../../../core/plugin_sdk/mod.ts";
import { SEND_JOB } from "../../../core/notifications/service.ts";

const USAGER = "camille@exemple.fr";
const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom", mandatory: true }],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  now: Date;
  marc: Agent;
  usager: Agent;
  /** The edges walked so far, as the table below writes them. */
  walked: Set<string>;
}

/** The lifecycle table as edges `from -event/by-> to`, every mode and implicit rule tried. */
function tableEdges(): Set<string> {
  const edges = new Set<string>();
  for (const state of DOSSIER_STATES) {
    for (const event of LIFECYCLE_EVENTS) {
      for (const by of ["usager", "instructeur", "systeme"] as const) {
        for (
          const mode of [
            "instruction",
            "declarative_en_instruction",
            "declarative_accepte",
          ] as const
        ) {
          for (const implicit of [undefined, "sva", "svr"] as const) {
            const r = transition(state, event, {
              by,
              mode,
              implicit,
              motivation: "motif",
              annotationsComplete: true,
            });
            if (r.ok) edges.add(`${state} -${event}/${by}-> ${r.to}`);
          }
        }
      }
    }
  }
  return edges;
}

const lastEventId = async (t: TestInstance, id: number) =>
  (await t.deps.db.selectFrom("dossier_events").select((eb) => eb.fn.max("id").as("m"))
    .where("dossier_id", "=", id).executeTakeFirst())?.m ?? 0;

/** E-mails about dossier `id` queued to the usager so far (sent or not). */
const usagerMails = async (t: TestInstance, id: number) =>
  // The payloads read in JavaScript: the same on SQLite and PostgreSQL (no json_extract).
  (await t.deps.db.selectFrom("jobs").select("payload").where("kind", "=", SEND_JOB).execute())
    .map((j) => JSON.parse(j.payload).message as { to: string; subject: string })
    .filter((m) => m.to === USAGER && m.subject.includes(`n° ${id} `)).length;

/**
 * Runs `act`, lets the queued jobs run, then checks that exactly `events` happened to dossier
 * `id`, each with its effects: an event row, counters equal to a recount, the spy's
 * `before` and `after` hooks in order, one e-mail to the usager.
 */
async function step(
  ctx: Ctx,
  id: number,
  events: readonly string[],
  act: () => Promise<unknown>,
): Promise<void> {
  const since = await lastEventId(ctx.t, id);
  const mails = await usagerMails(ctx.t, id);
  spyRecord.calls.length = 0;
  await act();
  await ctx.t.flush();
  const rows = await ctx.t.deps.db.selectFrom("dossier_events")
    .select(["event", "from_state", "to_state", "automatic"])
    .where("dossier_id", "=", id).where("id", ">", since).orderBy("id").execute();
  assert.equal(rows.map((r) => r.event), events, "one event row each");
  for (const r of rows) {
    const by = r.automatic ? "systeme" : r.event === "deposer" ? "usager" : "instructeur";
    ctx.walked.add(`${r.from_state} -${r.event}/${by}-> ${r.to_state}`);
  }
  await assertCountersMatchDossiers(ctx.t, events.join(", "));
  assert.equal(
    spyRecord.of(id),
    events.flatMap((e) => [`before ${e}`, `after ${e}`]),
    "the hooks, before then after, of each event",
  );
  assert.is(await usagerMails(ctx.t, id) - mails, events.length, "one e-mail to the usager each");
}

async function deposit(ctx: Ctx, path: string, events = ["deposer"]): Promise<number> {
  const u = ctx.usager.trpc.usager;
  const { id } = await u.start.mutate({ path, test: false });
  await u.save.mutate({ id, values: { nom: "Camille" } });
  await step(ctx, id, events, () => u.deposer.mutate({ id }));
  return id;
}

const decide = (
  ctx: Ctx,
  id: number,
  event:
    | "passer_en_instruction"
    | "repasser_en_construction"
    | "accepter"
    | "refuser"
    | "classer_sans_suite"
    | "repasser_en_instruction",
) =>
  step(
    ctx,
    id,
    [event],
    () => ctx.marc.trpc.instruction.decide.mutate({ id, event, motivation: "Vu le dossier." }),
  );

const stateOf = async (ctx: Ctx, id: number) =>
  (await ctx.marc.trpc.instruction.dossier.query({ id })).state;

const edges = suite<Ctx>("every lifecycle edge, whoever triggers it");
edges.before(async (ctx) => {
  ctx.now = new Date("2026-01-05T09:00:00.000Z");
  ctx.walked = new Set();
  const t = ctx.t = await startTestInstance({
    clock: () => ctx.now,
    extraPlugins: [{ source: "fixtures/spy", definition: spy }],
  });
  const admin = await superAdminAgent(t);
  const publish = (path: string, settings: Parameters<typeof publishedDemarche>[1]["settings"]) =>
    publishedDemarche(admin, { titre: `Démarche ${path}`, path, form: FORM, settings });
  await publish("permis", {});
  await publishedDemarche(admin, {
    titre: "Démarche annotée",
    path: "annotee",
    form: {
      ...FORM,
      annotations: [{ stableId: "vu", type: "text", label: "Vérifié par", mandatory: true }],
    },
  });
  await publish("declaration", { mode: "declarative_en_instruction" });
  await publish("enregistrement", { mode: "declarative_accepte" });
  await publish("terrasse", {
    decisionImplicite: { decision: "sva", period: 10, unit: "jours", resume: "reset" },
  });
  await publish("bruit", {
    decisionImplicite: { decision: "svr", period: 10, unit: "jours", resume: "reset" },
  });
  ctx.marc = await invitedAgent(t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(t, USAGER);
  await keepSessionsOpen(t);
});
edges.before.each(() => spyRecord.clear());
edges.after(async (ctx) => {
  await ctx.t.stop();
});

edges("an instructeur's decisions, each way there and back", async (ctx) => {
  const id = await deposit(ctx, "permis");
  await decide(ctx, id, "passer_en_instruction");
  await decide(ctx, id, "repasser_en_construction");
  await decide(ctx, id, "passer_en_instruction");
  await decide(ctx, id, "accepter");
  await decide(ctx, id, "repasser_en_instruction");
  await decide(ctx, id, "refuser");
  await decide(ctx, id, "repasser_en_instruction");
  await decide(ctx, id, "classer_sans_suite");
  await decide(ctx, id, "repasser_en_instruction");
  assert.is(await stateOf(ctx, id), "en_instruction");
});

edges("a demande de correction is repasser_en_construction, hooks included", async (ctx) => {
  const id = await deposit(ctx, "permis");
  await decide(ctx, id, "passer_en_instruction");
  await step(
    ctx,
    id,
    ["repasser_en_construction"],
    () =>
      ctx.marc.trpc.messagerie.requestCorrection.mutate({
        dossierId: id,
        body: "Le nom est incomplet.",
        reason: "incomplete",
      }),
  );
  assert.is(await stateOf(ctx, id), "en_construction");
  await ctx.t.mail(USAGER, `Votre dossier n° ${id} est à corriger`);
});

edges("a plugin's before hook may veto a demande de correction", async (ctx) => {
  const id = await deposit(ctx, "permis");
  await decide(ctx, id, "passer_en_instruction");
  const veto = "Le service des archives doit d’abord valider ce retour.";
  spyRecord.vetoes.set("repasser_en_construction", veto);
  spyRecord.calls.length = 0;
  const mails = await usagerMails(ctx.t, id);
  const refused = await refusal(ctx.marc.trpc.messagerie.requestCorrection.mutate({
    dossierId: id,
    body: "Le nom est incomplet.",
    reason: "incomplete",
  }));
  assert.is(refused.message, veto);
  assert.is(refused.data?.httpStatus, 409);
  assert.is(await stateOf(ctx, id), "en_instruction");
  const thread = await ctx.marc.trpc.messagerie.list.query({ dossierId: id });
  assert.is(thread.messages.length, 0, "the demande is not kept either");
  assert.is(await usagerMails(ctx.t, id), mails);
  assert.equal(spyRecord.of(id), ["before repasser_en_construction"]);
});

edges("batch actions go through the same transition", async (ctx) => {
  const id = await deposit(ctx, "permis");
  const batch = (action: "passer_en_instruction" | "accepter") =>
    step(ctx, id, [action], async () => {
      const [r] = await ctx.marc.trpc.instruction.batch.mutate({
        ids: [id],
        action,
        motivation: "",
      });
      assert.ok(r.ok, r.message ?? "");
    });
  await batch("passer_en_instruction");
  await batch("accepter");
});

edges("a declarative démarche's automatic step after the deposit", async (ctx) => {
  const declared = await deposit(ctx, "declaration", ["deposer", "passer_en_instruction"]);
  assert.is(await stateOf(ctx, declared), "en_instruction");
  const registered = await deposit(ctx, "enregistrement", ["deposer", "accepter_automatiquement"]);
  assert.is(await stateOf(ctx, registered), "accepte");
});

edges("the implicit decisions, from construction and from instruction", async (ctx) => {
  ctx.now = new Date("2026-02-02T09:00:00.000Z");
  const svaBuilt = await deposit(ctx, "terrasse");
  const svaInstructed = await deposit(ctx, "terrasse");
  await decide(ctx, svaInstructed, "passer_en_instruction");
  const svrBuilt = await deposit(ctx, "bruit");
  const svrInstructed = await deposit(ctx, "bruit");
  await decide(ctx, svrInstructed, "passer_en_instruction");
  ctx.now = new Date("2026-02-20T09:00:00.000Z");
  const since = new Map<number, number>();
  for (const id of [svaBuilt, svaInstructed, svrBuilt, svrInstructed]) {
    since.set(id, await lastEventId(ctx.t, id));
  }
  // One pass decides all four; each is then checked on its own.
  let decided = 0;
  await step(ctx, svaBuilt, ["accepter_automatiquement"], async () => {
    decided = await runImplicitDecisions(ctx.t.deps);
  });
  assert.is(decided, 4);
  for (
    const [id, event, mails] of [
      [svaInstructed, "accepter_automatiquement", 3],
      [svrBuilt, "refuser_automatiquement", 2],
      [svrInstructed, "refuser_automatiquement", 3],
    ] as const
  ) {
    const rows = await ctx.t.deps.db.selectFrom("dossier_events")
      .select(["event", "from_state", "to_state"])
      .where("dossier_id", "=", id).where("id", ">", since.get(id)!).execute();
    assert.equal(rows.map((r) => r.event), [event]);
    ctx.walked.add(`${rows[0].from_state} -${event}/systeme-> ${rows[0].to_state}`);
    assert.equal(spyRecord.of(id), [`before ${event}`, `after ${event}`]);
    assert.is(await usagerMails(ctx.t, id), mails, "deposit, instruction if any, decision");
  }
});

edges(
  "a refused decision says why for code (reason), 400 when the instructeur can fix it, else 409",
  async (ctx) => {
    const id = await deposit(ctx, "annotee");
    await decide(ctx, id, "passer_en_instruction");
    const decideNow = (event: "accepter" | "refuser" | "passer_en_instruction", motivation = "") =>
      refusal(ctx.marc.trpc.instruction.decide.mutate({ id, event, motivation }));
    const annotations = await decideNow("accepter");
    assert.equal(
      [annotations.data?.httpStatus, annotations.data?.reason],
      [400, "annotations"],
    );
    assert.ok(annotations.data?.fields?.vu, "the annotation to fill is named");
    const motive = await decideNow("refuser");
    assert.equal([motive.data?.httpStatus, motive.data?.reason], [400, "motivation"]);
    assert.equal(motive.data?.fields?.motivation, motive.message);
    const moved = await decideNow("passer_en_instruction");
    assert.equal([moved.data?.httpStatus, moved.data?.reason], [409, "state"]);
    assert.is(moved.message, "Ce dossier est en instruction : cette action n’est plus possible.");
  },
);

edges("every edge of the lifecycle table was walked", (ctx) => {
  assert.equal([...ctx.walked].sort(), [...tableEdges()].sort());
});

edges.run();
