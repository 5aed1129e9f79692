/**
 * « Silence vaut accord / rejet » with a moving clock: the date set at deposit, the daily
 * pass deciding on the day through the automatic path (event, motivation, e-mail, counters),
 * a demande de correction suspending it, reset and continue at the re-deposit, an
 * instructeur's decision clearing it; the setting refused in French where it cannot apply.
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
import { publishedDemarche, SERVICE } from "../../helpers/demarche.ts";
import {
  runImplicitDecisions,
  runImplicitDecisionsIfDue,
} from "../../../core/dossiers/implicit_decisions.ts";

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom", mandatory: true }],
  annotations: [],
};

interface Ctx {
  t: TestInstance;
  now: Date;
  admin: Agent;
  marc: Agent;
  usager: Agent;
  sva: number;
  svr: number;
}

const at = (ctx: Ctx, iso: string) => {
  ctx.now = new Date(iso);
};

async function deposit(ctx: Ctx, path: string) {
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path, test: false });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Camille" } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  return id;
}

const pass = (ctx: Ctx) => runImplicitDecisions(ctx.t.deps);
const usagerView = (ctx: Ctx, id: number) => ctx.usager.trpc.usager.dossier.query({ id });
const instructeurView = (ctx: Ctx, id: number) => ctx.marc.trpc.instruction.dossier.query({ id });

const implicit = suite<Ctx>("silence vaut accord / rejet");
implicit.before(async (ctx) => {
  ctx.now = new Date("2026-01-05T09:00:00.000Z");
  ctx.t = await startTestInstance({ clock: () => ctx.now });
  ctx.admin = await superAdminAgent(ctx.t);
  ctx.sva = await publishedDemarche(ctx.admin, {
    titre: "Autorisation de terrasse",
    path: "terrasse",
    form: FORM,
    settings: { decisionImplicite: { decision: "sva", period: 1, unit: "mois", resume: "reset" } },
  });
  ctx.svr = await publishedDemarche(ctx.admin, {
    titre: "Dérogation de bruit",
    path: "bruit",
    form: FORM,
    settings: {
      decisionImplicite: { decision: "svr", period: 10, unit: "jours", resume: "continue" },
    },
  });
  ctx.marc = await invitedAgent(ctx.t, "marc@mairie.fr");
  ctx.usager = await signedUpAgent(ctx.t, "camille@exemple.fr");
  // The clock moves months ahead: the sessions must outlive it.
  await keepSessionsOpen(ctx.t);
});
implicit.after(async (ctx) => {
  await ctx.t.stop();
});

implicit(
  "the date is set at deposit, months clamped to their end, shown to both sides",
  async (ctx) => {
    at(ctx, "2026-01-31T10:00:00.000Z");
    const id = await deposit(ctx, "terrasse");
    assert.equal((await usagerView(ctx, id)).implicitDecision, {
      decision: "sva",
      on: "2026-02-28",
      suspended: false,
    });
    assert.is((await instructeurView(ctx, id)).implicitDecision?.on, "2026-02-28");
    const page = await ctx.t.agent().trpc.usager.demarche.query({ path: "terrasse", test: false });
    assert.is(
      page.decisionImplicite,
      "Sans réponse dans un délai de 1 mois, la demande est acceptée.",
    );
  },
);

implicit("SVA accepts on the day, once, through the automatic path", async (ctx) => {
  at(ctx, "2026-03-02T10:00:00.000Z");
  const id = await deposit(ctx, "terrasse"); // on 2026-04-02
  at(ctx, "2026-04-01T21:30:00.000Z"); // 23:30 on 1 April in France
  await pass(ctx);
  assert.is((await usagerView(ctx, id)).state, "en_construction");
  at(ctx, "2026-04-02T01:30:00.000Z");
  await pass(ctx);
  const d = await instructeurView(ctx, id);
  assert.is(d.state, "accepte");
  assert.is(d.implicitDecision, null);
  assert.is(
    d.motivation,
    "Décision implicite d’acceptation : l’administration n’a pas répondu dans le délai de 1 mois (silence vaut accord).",
  );
  const last = d.events.at(-1)!;
  assert.is(last.event, "accepter_automatiquement");
  assert.ok(last.automatic);
  assert.is(last.motivation, d.motivation);
  await ctx.t.mail("camille@exemple.fr", `Votre dossier n° ${id} est accepté`);
  const dashboard = await ctx.marc.trpc.instruction.dashboard.query({
    demarcheId: ctx.sva,
    tab: "traites",
  });
  assert.ok(dashboard.dossiers.some((r) => r.id === id));
  assert.is(dashboard.counts.traites, dashboard.dossiers.length);
  const tous = await ctx.marc.trpc.instruction.dashboard.query({
    demarcheId: ctx.sva,
    tab: "tous",
  });
  assert.is(tous.counts.tous, tous.dossiers.length);
  const aSuivre = await ctx.marc.trpc.instruction.dashboard.query({
    demarcheId: ctx.sva,
    tab: "a_suivre",
  });
  assert.is(aSuivre.counts.a_suivre, aSuivre.dossiers.length);
  // A second pass, as a second process would, finds nothing left to decide.
  assert.is(await pass(ctx), 0);
  const events = (await instructeurView(ctx, id)).events;
  assert.is(events.filter((e) => e.event === "accepter_automatiquement").length, 1);
});

implicit("the daily pass is claimed once a day, whichever process asks", async (ctx) => {
  at(ctx, "2026-04-03T02:00:00.000Z");
  assert.ok((await runImplicitDecisionsIfDue(ctx.t.deps)) !== null);
  assert.is(await runImplicitDecisionsIfDue(ctx.t.deps), null);
  at(ctx, "2026-04-04T01:10:00.000Z");
  assert.ok((await runImplicitDecisionsIfDue(ctx.t.deps)) !== null);
});

implicit("SVR refuses a dossier en instruction when its date comes", async (ctx) => {
  at(ctx, "2026-05-04T09:00:00.000Z");
  const id = await deposit(ctx, "bruit"); // on 2026-05-14
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  assert.is((await usagerView(ctx, id)).implicitDecision?.on, "2026-05-14");
  at(ctx, "2026-05-14T05:00:00.000Z");
  assert.is(await pass(ctx), 1);
  const d = await instructeurView(ctx, id);
  assert.is(d.state, "refuse");
  assert.is(d.events.at(-1)!.event, "refuser_automatiquement");
  assert.match(d.motivation ?? "", /silence vaut rejet/);
  const mail = await ctx.t.mail("camille@exemple.fr", `Votre dossier n° ${id} est refusé`);
  assert.ok(mail);
});

implicit(
  "a correction suspends the date; continue adds the days spent in correction",
  async (ctx) => {
    at(ctx, "2026-06-01T09:00:00.000Z");
    const id = await deposit(ctx, "bruit"); // on 2026-06-11
    at(ctx, "2026-06-03T09:00:00.000Z");
    await ctx.marc.trpc.messagerie.requestCorrection.mutate({
      dossierId: id,
      body: "Précisez les horaires.",
      reason: "incomplete",
    });
    assert.equal((await usagerView(ctx, id)).implicitDecision, {
      decision: "svr",
      on: "2026-06-11",
      suspended: true,
    });
    // En construction with a pending correction: never decided, even past its date.
    at(ctx, "2026-06-20T09:00:00.000Z");
    await pass(ctx);
    assert.is((await usagerView(ctx, id)).state, "en_construction");
    await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Camille Martin" } });
    await ctx.usager.trpc.usager.deposerModifications.mutate({ id });
    // 17 days in correction (3 → 20 June): 11 June + 17 days.
    assert.equal((await usagerView(ctx, id)).implicitDecision, {
      decision: "svr",
      on: "2026-06-28",
      suspended: false,
    });
  },
);

implicit("after a correction, reset counts the whole period from the re-deposit", async (ctx) => {
  at(ctx, "2026-07-01T09:00:00.000Z");
  const id = await deposit(ctx, "terrasse"); // on 2026-08-01
  await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
  at(ctx, "2026-07-10T09:00:00.000Z");
  await ctx.marc.trpc.messagerie.requestCorrection.mutate({
    dossierId: id,
    body: "Joignez le plan.",
    reason: "incomplete",
  });
  assert.ok((await usagerView(ctx, id)).implicitDecision?.suspended);
  at(ctx, "2026-07-15T09:00:00.000Z");
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Camille M." } });
  await ctx.usager.trpc.usager.deposerModifications.mutate({ id });
  assert.is((await usagerView(ctx, id)).implicitDecision?.on, "2026-08-15");
});

implicit(
  "an instructeur's decision clears the date; repasser en instruction keeps it cleared",
  async (ctx) => {
    at(ctx, "2026-09-01T09:00:00.000Z");
    const id = await deposit(ctx, "terrasse");
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "passer_en_instruction" });
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "accepter" });
    assert.is((await instructeurView(ctx, id)).implicitDecision, null);
    await ctx.marc.trpc.instruction.decide.mutate({ id, event: "repasser_en_instruction" });
    assert.is((await instructeurView(ctx, id)).implicitDecision, null);
    at(ctx, "2026-10-05T09:00:00.000Z");
    await pass(ctx);
    assert.is((await instructeurView(ctx, id)).state, "en_instruction");
  },
);

implicit(
  "the setting is refused in French with a declarative mode and once published",
  async (ctx) => {
    const demarches = ctx.admin.trpc.admin.demarches;
    const { id } = await demarches.create.mutate({ titre: "Inscription au marché" });
    const base = { id, titre: "Inscription au marché", service: SERVICE, siteWeb: "" };
    const declarative = await refusal(demarches.updateSettings.mutate({
      ...base,
      mode: "declarative_accepte",
      decisionImplicite: { decision: "sva", period: 2, unit: "mois", resume: "reset" },
    }));
    assert.is(declarative.data?.httpStatus, 400);
    assert.match(declarative.message, /Une démarche déclarative décide d’elle-même/);
    await demarches.updateSettings.mutate({
      ...base,
      decisionImplicite: { decision: "sva", period: 2, unit: "mois", resume: "reset" },
    });
    assert.equal((await demarches.get.query({ id })).decisionImplicite, {
      decision: "sva",
      period: 2,
      unit: "mois",
      resume: "reset",
    });
    const published = await demarches.get.query({ id: ctx.sva });
    const sameRule = published.decisionImplicite!;
    const settings = {
      id: ctx.sva,
      titre: published.titre,
      service: SERVICE,
      siteWeb: "https://www.mairie.fr",
    };
    // Saving the Paramètres with the same rule (or without it) is fine…
    await demarches.updateSettings.mutate({ ...settings, decisionImplicite: sameRule });
    await demarches.updateSettings.mutate(settings);
    // …changing it is not.
    const changed = await refusal(demarches.updateSettings.mutate({
      ...settings,
      decisionImplicite: { ...sameRule, period: 3 },
    }));
    assert.is(changed.data?.httpStatus, 409);
    assert.match(changed.message, /ne peut plus être modifiée/);
    const removed = await refusal(
      demarches.updateSettings.mutate({ ...settings, decisionImplicite: null }),
    );
    assert.is(removed.data?.httpStatus, 409);
  },
);

implicit("a malformed rule is a 400, never a 500", async (ctx) => {
  const demarches = ctx.admin.trpc.admin.demarches;
  const { id } = await demarches.create.mutate({ titre: "Permis de stationnement" });
  const base = { id, titre: "Permis de stationnement", service: SERVICE, siteWeb: "" };
  for (
    const bad of [
      { decision: "sva", period: 13, unit: "mois", resume: "reset" },
      { decision: "sva", period: 2, unit: "ans", resume: "reset" },
      { decision: "peut-etre", period: 2, unit: "mois", resume: "reset" },
      { decision: "svr", period: 1.5, unit: "jours", resume: "continue" },
      "sva",
    ]
  ) {
    const r = await refusal(
      // deno-lint-ignore no-explicit-any
      demarches.updateSettings.mutate({ ...base, decisionImplicite: bad as any }),
    );
    assert.is(r.data?.httpStatus, 400, JSON.stringify(bad));
  }
});

implicit("the rule travels with the démarche's definition and its clones", async (ctx) => {
  const demarches = ctx.admin.trpc.admin.demarches;
  const definition = await demarches.exportDefinition.query({ id: ctx.svr });
  assert.equal(definition.decisionImplicite, {
    decision: "svr",
    period: 10,
    unit: "jours",
    resume: "continue",
  });
  const { id } = await demarches.importDefinition.mutate({ definition });
  assert.equal((await demarches.get.query({ id })).decisionImplicite, definition.decisionImplicite);
});

implicit.run();
