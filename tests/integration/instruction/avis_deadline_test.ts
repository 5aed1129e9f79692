/**
 * The answer date of an avis and its automatic reminders, on a real instance whose clock the
 * test moves (within the 30 days a session lasts): the date on both sides and in the e-mail,
 * the two reminders on their days and once each, none once answered or revoked, « En
 * retard », changing the date and who may.
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
import { publishedDemarche } from "../../helpers/demarche.ts";
import { refusal } from "../../helpers/refusal.ts";
import { sendAvisReminders } from "../../../core/instruction/avis_reminders.ts";
import { dialectOf } from "../../../core/db/mod.ts";

const FORM = {
  champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
  annotations: [],
};
const INTRO = "Le bateau est-il en état de naviguer ?";

interface Ctx {
  t: TestInstance;
  now: Date;
  ines: Agent;
  autre: Agent;
  usager: Agent;
  dossier: number;
  expert(email: string): Promise<Agent>;
}

/** The mails caught so far to `to` whose subject contains `subject`. */
const mailsTo = (t: TestInstance, to: string, subject: string) =>
  t.flush().then(() =>
    t.catcher!.mails.filter((m) => m.to.includes(to) && m.subject.includes(subject))
  );
const at = (ctx: Ctx, iso: string) => {
  ctx.now = new Date(iso);
};
const pass = (ctx: Ctx) => sendAvisReminders(ctx.t.deps);

const deadline = suite<Ctx>("avis with an answer date");
deadline.before(async (ctx) => {
  ctx.now = new Date("2026-03-02T09:00:00Z");
  const t = ctx.t = await startTestInstance({ clock: () => ctx.now });
  const admin = await superAdminAgent(t);
  await publishedDemarche(admin, {
    titre: "Titre de navigation",
    path: "titre-navigation",
    form: FORM,
    instructeurs: ["ines@mairie.fr"],
  });
  await publishedDemarche(admin, {
    titre: "Mouillage",
    path: "mouillage",
    form: FORM,
    instructeurs: ["autre@mairie.fr"],
  });
  ctx.ines = await invitedAgent(t, "ines@mairie.fr");
  ctx.autre = await invitedAgent(t, "autre@mairie.fr");
  ctx.usager = await signedUpAgent(t, "proprietaire@exemple.fr");
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom: "Belle-Île" } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  ctx.dossier = id;
  // The clock moves days ahead: the sessions must outlive it.
  await keepSessionsOpen(t);
  const experts = new Map<string, Agent>();
  ctx.expert = async (email) => {
    if (!experts.has(email)) {
      experts.set(
        email,
        await invitedAgent(t, email, "Votre avis est demandé", "Carene-Inspectee-2026"),
      );
      await keepSessionsOpen(t);
    }
    return experts.get(email)!;
  };
});
deadline.after(async (ctx) => {
  await ctx.t.stop();
});

const ask = (ctx: Ctx, email: string, dueOn?: string | null) =>
  ctx.ines.trpc.instruction.avis.ask.mutate({
    dossierId: ctx.dossier,
    emails: [email],
    introduction: INTRO,
    dueOn,
  });
const avisOf = async (ctx: Ctx, email: string) =>
  (await ctx.ines.trpc.instruction.avis.list.query({ dossierId: ctx.dossier }))
    .find((a) => a.expert === email)!;

deadline(
  "the date is in the request e-mail, on the expert's list and page, and for instructeurs",
  async (ctx) => {
    await ask(ctx, "coque@chantier.fr", "2026-03-10");
    const mail = await ctx.t.mail("coque@chantier.fr", "Votre avis est demandé");
    assert.match(mail.text, /Réponse attendue avant le 10 mars 2026\./);
    const expert = await ctx.expert("coque@chantier.fr");
    const [request] = await expert.trpc.expert.avis.query();
    assert.equal([request.dueOn, request.late], ["2026-03-10", false]);
    const read = await expert.trpc.expert.read.query({ avisId: request.id });
    assert.equal([read.avis.dueOn, read.avis.late], ["2026-03-10", false]);
    const mine = await avisOf(ctx, "coque@chantier.fr");
    assert.equal([mine.dueOn, mine.late, mine.autoRemindedAt], ["2026-03-10", false, null]);
    // Without a date, nothing changes: no line in the mail, no reminder planned.
    await ask(ctx, "sansdate@chantier.fr");
    const plain = await ctx.t.mail("sansdate@chantier.fr", "Votre avis est demandé");
    assert.not.match(plain.text, /Réponse attendue/);
    assert.is((await avisOf(ctx, "sansdate@chantier.fr")).dueOn, null);
  },
);

deadline(
  "one reminder 3 days before the date, one the day after it, each only once",
  async (ctx) => {
    const before = "Rappel : votre avis sur le dossier";
    const late = "est en retard";
    at(ctx, "2026-03-06T09:00:00Z");
    assert.is(await pass(ctx), 0, "4 days before: too early");
    at(ctx, "2026-03-07T06:30:00Z"); // 07:30 in Paris: not before 08:00
    assert.is(await pass(ctx), 0);
    at(ctx, "2026-03-07T09:00:00Z");
    assert.is(await pass(ctx), 1);
    assert.is(await pass(ctx), 0, "the pass run twice sends once");
    const [reminder] = await mailsTo(ctx.t, "coque@chantier.fr", before);
    assert.match(reminder.subject, /attendu avant le 10 mars 2026/);
    assert.match(reminder.text, /http:\/\/localhost:8000\/avis/);
    assert.is((await avisOf(ctx, "coque@chantier.fr")).autoRemindedAt, "2026-03-07T09:00:00.000Z");

    at(ctx, "2026-03-10T20:00:00Z"); // the last day: still on time
    assert.is(await pass(ctx), 0);
    assert.is((await avisOf(ctx, "coque@chantier.fr")).late, false);

    at(ctx, "2026-03-11T09:00:00Z");
    const list = await ctx.ines.trpc.instruction.avis.list.query({ dossierId: ctx.dossier });
    assert.equal([list[0].expert, list[0].late], ["coque@chantier.fr", true], "late ones first");
    const expert = await ctx.expert("coque@chantier.fr");
    assert.is((await expert.trpc.expert.avis.query())[0].late, true);
    assert.is(await pass(ctx), 1);
    assert.is(await pass(ctx), 0);
    const overdue = await mailsTo(ctx.t, "coque@chantier.fr", late);
    assert.is(overdue.length, 1);
    assert.match(overdue[0].text, /était attendu avant le 10 mars 2026/);
    at(ctx, "2026-03-20T09:00:00Z");
    assert.is(await pass(ctx), 0, "never more than two");
    assert.is((await mailsTo(ctx.t, "coque@chantier.fr", before)).length, 1);
  },
);

deadline("a date closer than 3 days: reminded the day after asking", async (ctx) => {
  at(ctx, "2026-03-20T09:00:00Z");
  await ask(ctx, "proche@chantier.fr", "2026-03-22");
  assert.is(await pass(ctx), 0);
  at(ctx, "2026-03-21T09:00:00Z");
  assert.is(await pass(ctx), 1);
  assert.is((await mailsTo(ctx.t, "proche@chantier.fr", "Rappel")).length, 1);
});

deadline("no reminder once the avis is answered or revoked", async (ctx) => {
  at(ctx, "2026-03-21T10:00:00Z");
  await ask(ctx, "repond@chantier.fr", "2026-03-26");
  await ask(ctx, "retire@chantier.fr", "2026-03-26");
  const expert = await ctx.expert("repond@chantier.fr");
  const [request] = await expert.trpc.expert.avis.query();
  await expert.trpc.expert.answer.mutate({ avisId: request.id, answer: "Coque saine." });
  const retire = await avisOf(ctx, "retire@chantier.fr");
  await ctx.ines.trpc.instruction.avis.revoke.mutate({ avisId: retire.id });
  for (const day of ["2026-03-23", "2026-03-27", "2026-03-30"]) {
    at(ctx, `${day}T09:00:00Z`);
    await pass(ctx);
  }
  for (const email of ["repond@chantier.fr", "retire@chantier.fr"]) {
    assert.is((await mailsTo(ctx.t, email, "Rappel")).length, 0, email);
    assert.is((await mailsTo(ctx.t, email, "en retard")).length, 0, email);
  }
  const answered = await avisOf(ctx, "repond@chantier.fr");
  assert.is(answered.late, false, "an answered avis is never late");
});

deadline("an instructeur changes the date; its reminders follow the new date", async (ctx) => {
  at(ctx, "2026-03-24T09:00:00Z");
  await ask(ctx, "report@chantier.fr", "2026-03-27");
  await ctx.expert("report@chantier.fr"); // signed in while the link is valid
  const avis = await avisOf(ctx, "report@chantier.fr");
  await ctx.ines.trpc.instruction.avis.setDueOn.mutate({ avisId: avis.id, dueOn: "2026-03-31" });
  assert.is((await avisOf(ctx, "report@chantier.fr")).dueOn, "2026-03-31");
  at(ctx, "2026-03-25T09:00:00Z");
  assert.is(await pass(ctx), 0, "the old date's reminder is gone");
  at(ctx, "2026-03-28T09:00:00Z");
  assert.is(await pass(ctx), 1);
  const [mail] = await mailsTo(ctx.t, "report@chantier.fr", "Rappel");
  assert.match(mail.subject, /31 mars 2026/);
  // Removing the date removes the reminders.
  await ctx.ines.trpc.instruction.avis.setDueOn.mutate({ avisId: avis.id, dueOn: null });
  at(ctx, "2026-03-31T09:00:00Z");
  assert.is(await pass(ctx), 0);
  assert.is((await avisOf(ctx, "report@chantier.fr")).late, false);
});

deadline("only the dossier's instructeurs change a date, and not once answered", async (ctx) => {
  const avis = await avisOf(ctx, "report@chantier.fr");
  const input = { avisId: avis.id, dueOn: "2026-04-10" };
  const expert = await ctx.expert("report@chantier.fr");
  for (const [who, agent] of [["autre", ctx.autre], ["expert", expert], ["usager", ctx.usager]]) {
    const denied = await refusal((agent as Agent).trpc.instruction.avis.setDueOn.mutate(input));
    assert.is(denied.data?.httpStatus, 404, who as string);
  }
  const anonymous = await refusal(ctx.t.agent().trpc.instruction.avis.setDueOn.mutate(input));
  assert.is(anonymous.data?.httpStatus, 401);
  assert.is((await avisOf(ctx, "report@chantier.fr")).dueOn, null, "unchanged");
  const answered = await avisOf(ctx, "repond@chantier.fr");
  const done = await refusal(
    ctx.ines.trpc.instruction.avis.setDueOn.mutate({ avisId: answered.id, dueOn: "2026-04-10" }),
  );
  assert.is(done.data?.httpStatus, 409);
});

deadline("a malformed or out-of-range date is refused in French", async (ctx) => {
  at(ctx, "2026-03-31T09:00:00Z");
  const avis = await avisOf(ctx, "report@chantier.fr");
  const cases: [unknown, RegExp][] = [
    ["10/07/2026", /format AAAA-MM-JJ/],
    ["2026-02-30", /Cette date n’existe pas/],
    [20260710, /format AAAA-MM-JJ/],
    ["2026-03-31", /au plus tôt demain/],
    ["2026-03-01", /au plus tôt demain/],
    ["2027-04-01", /dans un an au plus/],
  ];
  for (const [dueOn, message] of cases) {
    for (
      const call of [
        () =>
          ctx.ines.trpc.instruction.avis.setDueOn.mutate({
            avisId: avis.id,
            dueOn: dueOn as string,
          }),
        () => ask(ctx, "jamais@chantier.fr", dueOn as string),
      ]
    ) {
      const refused = await refusal(call());
      assert.is(refused.data?.httpStatus, 400, String(dueOn));
      assert.match(refused.message, message);
    }
  }
  await ctx.ines.trpc.instruction.avis.setDueOn.mutate({ avisId: avis.id, dueOn: "2027-03-31" });
  assert.is((await mailsTo(ctx.t, "jamais@chantier.fr", "Votre avis")).length, 0);
});

deadline("the pass reads through the partial index", async (ctx) => {
  const { sql } = await import("kysely");
  const db = ctx.t.deps.db;
  const pass = sql`select id, next_reminder_on from avis where next_reminder_on is not null
    and answered_at is null and revoked_at is null and next_reminder_on <= ${"2026-07-01"}
    order by next_reminder_on, id limit 500`;
  if (dialectOf(db) === "postgres") {
    // PostgreSQL's plan of a nearly empty table is a sequential scan: scans of the whole table
    // are priced out, so the plan says whether the index gives the pass its order (no Sort: a
    // batch reads 500 avis, not every one due).
    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      return (await sql<{ "QUERY PLAN": string }>`explain ${pass}`.execute(trx)).rows
        .map((r) => r["QUERY PLAN"]).join(" | ");
    });
    assert.match(plan, /Index (Only )?Scan using avis_reminders on avis/, plan);
    assert.not.match(plan, /Sort/, plan);
    return;
  }
  const plan = await sql<{ detail: string }>`explain query plan ${pass}`.execute(db);
  assert.match(plan.rows.map((r) => r.detail).join("\n"), /USING INDEX avis_reminders/);
});

deadline.run();
