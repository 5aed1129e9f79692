/**
 * Conservation on a real instance whose clock the test moves: expiry dates per state, the
 * notice 14 days before (once), « Conserver » (usager, instructeur; refused to strangers),
 * deletion for good with every row, file and counter, the bin's 30 days, a server down on
 * the notice day, and a second pass that changes nothing. Over 400 lines because every case
 * moves the same instance's clock through the same dossiers' lives.
 */
import { assertCountersMatchDossiers } from "../../helpers/counters.ts";
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { dialectOf } from "../../../core/db/mod.ts";
import {
  type Agent,
  BASE_URL,
  keepSessionsOpen,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { runConservation, runConservationIfDue } from "../../../core/conservation/daily.ts";
import * as store from "../../../core/conservation/store.ts";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

interface Ctx {
  t: TestInstance;
  now: Date;
  demarcheId: number;
  path: string;
  ines: Agent;
  paul: Agent;
  usager: Agent;
  stranger: Agent;
}

const at = (ctx: Ctx, iso: string) => {
  ctx.now = new Date(iso);
};
const pass = (ctx: Ctx) => runConservation(ctx.t.deps);
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { data?: { code?: string }; message: string });
  }
  throw new Error("Expected a refusal");
};

async function deposit(ctx: Ctx, nom: string, zone = "Atlantique") {
  const { id } = await ctx.usager.trpc.usager.start.mutate({ path: ctx.path });
  await ctx.usager.trpc.usager.save.mutate({ id, values: { nom, zone } });
  await ctx.usager.trpc.usager.deposer.mutate({ id });
  return id;
}

async function upload(agent: Agent, filename: string) {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: PDF,
    headers: { "content-type": "application/pdf", "x-filename": encodeURIComponent(filename) },
  });
  assert.is(res.status, 201);
  return await res.json() as { id: string };
}

const noticeMails = async (ctx: Ctx, id: number) => {
  await ctx.t.flush();
  return ctx.t.catcher!.mails.filter((m) => m.subject.startsWith(`Votre dossier n° ${id} sera`));
};

const conservation = suite<Ctx>("conservation");
conservation.before(async (ctx) => {
  ctx.now = new Date("2026-01-10T09:00:00Z");
  const t = ctx.t = await startTestInstance({ clock: () => ctx.now });
  const admin = (await superAdminAgent(t)).trpc.admin.demarches;
  const { id } = await admin.create.mutate({ titre: "Permis de naviguer" });
  await admin.updateSettings.mutate({
    id,
    titre: "Permis de naviguer",
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
    retentionMonths: 6,
  });
  await admin.saveForm.mutate({
    id,
    form: {
      champs: [
        { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
        {
          stableId: "zone",
          type: "drop_down_list",
          label: "Zone",
          mandatory: true,
          options: { choices: ["Atlantique", "Manche"] },
        },
      ],
      annotations: [],
    },
  });
  const [defaut] = await admin.groupes.list.query({ demarcheId: id });
  await admin.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: "ines@mairie.fr",
  });
  const { id: manche } = await admin.groupes.add.mutate({ demarcheId: id, label: "Manche" });
  await admin.groupes.setRule.mutate({
    demarcheId: id,
    groupeId: manche,
    rule: { op: "eq", champ: "zone", value: "Manche" },
  });
  await admin.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: manche,
    email: "paul@mairie.fr",
  });
  await admin.publish.mutate({ id, path: "permis-naviguer" });
  ctx.demarcheId = id;
  ctx.path = "permis-naviguer";
  ctx.ines = await invitedAgent(t, "ines@mairie.fr");
  ctx.paul = await invitedAgent(t, "paul@mairie.fr");
  ctx.usager = await signedUpAgent(t, "marin@exemple.fr");
  ctx.stranger = await signedUpAgent(t, "curieux@exemple.fr");
  // The clock moves years ahead: the sessions must outlive it.
  await keepSessionsOpen(t);
});
conservation.after(async (ctx) => {
  await ctx.t.stop();
});

conservation("every walk of the pass reads its index", async (ctx) => {
  const db = ctx.t.deps.db;
  const from = { at: "2026-01-01", id: 3 };
  if (dialectOf(db) === "postgres") {
    // PostgreSQL's plan of a nearly empty table is a sequential scan: scans of the whole table
    // are priced out, so the plan says which index serves the walk, and whether it gives the
    // order of `order by <date>, id` (no Sort: a batch reads 500 entries, not all that match).
    const plan = (q: ReturnType<typeof store.walkConservedQuery>) =>
      db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        return (await sql<{ "QUERY PLAN": string }>`explain ${q}`.execute(trx)).rows
          .map((r) => r["QUERY PLAN"]).join(" | ");
      });
    const walks = {
      dossiers_expiry_brouillon: store.walkDemarcheQuery("brouillon", {
        demarcheId: 1,
        cutoff: "2026-01-01",
        from,
        limit: 500,
      }),
      dossiers_expiry_construction: store.walkDemarcheQuery("en_construction", {
        demarcheId: 1,
        cutoff: "2026-01-01",
        from,
        limit: 500,
      }),
      dossiers_expiry_decided: store.walkDemarcheQuery("decided", {
        demarcheId: 1,
        cutoff: "2026-01-01",
        from,
        limit: 500,
      }),
      dossiers_conservation: store.walkConservedQuery({ until: "2026", from, limit: 500 }),
      dossiers_corbeille_brouillon: store.walkCorbeilleQuery({ before: "2026", from, limit: 500 }),
    };
    for (const [index, q] of Object.entries(walks)) {
      const p = await plan(q);
      assert.match(p, new RegExp(`Index (Only )?Scan using ${index} on dossiers`), p);
      assert.not.match(p, "Sort", `${index}: ${p}`);
    }
    return;
  }
  const plan = async (q: ReturnType<typeof store.walkConservedQuery>) =>
    (await sql<{ detail: string }>`explain query plan ${q}`.execute(db)).rows
      .map((r) => r.detail).join(" | ");
  const expected = {
    brouillon: "dossiers_expiry_brouillon",
    en_construction: "dossiers_expiry_construction",
    decided: "dossiers_expiry_decided",
  } as const;
  for (const [walk, index] of Object.entries(expected)) {
    const p = await plan(store.walkDemarcheQuery(walk as store.Walk, {
      demarcheId: 1,
      cutoff: "2026-01-01",
      from,
      limit: 500,
    }));
    assert.match(p, `INDEX ${index}`, walk);
    assert.not.match(p, "TEMP B-TREE", walk);
  }
  const kept = await plan(store.walkConservedQuery({ until: "2026", from, limit: 500 }));
  assert.match(kept, "INDEX dossiers_conservation");
  const bin = await plan(store.walkCorbeilleQuery({ before: "2026", from, limit: 500 }));
  assert.match(bin, "INDEX dossiers_corbeille_brouillon");
  assert.not.match(bin, "TEMP B-TREE");
});

interface Ids {
  b: number;
  c: number;
  i: number;
  a: number;
  m: number;
}
const ids = {} as Ids;

conservation("each state has its expiry date; en instruction none", async (ctx) => {
  const u = ctx.usager.trpc.usager;
  const i = ctx.ines.trpc.instruction;
  ids.b = (await u.start.mutate({ path: ctx.path })).id;
  await u.save.mutate({ id: ids.b, values: { nom: "Brigantin" } });
  ids.c = await deposit(ctx, "Caravelle");
  ids.i = await deposit(ctx, "Ioupi");
  await i.decide.mutate({ id: ids.i, event: "passer_en_instruction" });
  ids.m = await deposit(ctx, "Mascaret", "Manche");
  // The accepted one holds a bit of everything: files, messages, avis, follows, reads.
  ids.a = await deposit(ctx, "Albatroszz");
  await u.invitations.invite.mutate({ dossierId: ids.a, email: "ami@exemple.fr" });
  const courrier = await upload(ctx.usager, "courrier.pdf");
  await ctx.usager.trpc.messagerie.post.mutate({
    dossierId: ids.a,
    body: "Voici le courrier.",
    fileId: courrier.id,
  });
  await i.dossier.query({ id: ids.a });
  await i.follow.mutate({ id: ids.a, on: true });
  await i.avis.ask.mutate({
    dossierId: ids.a,
    emails: ["expert@chantier.fr"],
    introduction: "Le bateau est-il en état ?",
  });
  await i.decide.mutate({ id: ids.a, event: "passer_en_instruction" });
  await i.decide.mutate({ id: ids.a, event: "accepter", motivation: "Conforme." });
  await ctx.t.flush();

  const view = async (id: number) => (await u.dossier.query({ id })).conservation;
  assert.equal(await view(ids.b), {
    deletionAt: "2026-04-10T09:00:00.000Z",
    reason: "expire",
    noticeSentAt: null,
    canConserve: false,
  });
  assert.is((await view(ids.c))!.deletionAt, "2026-07-10T09:00:00.000Z");
  assert.is((await view(ids.a))!.deletionAt, "2026-07-10T09:00:00.000Z");
  assert.is((await view(ids.i))!.deletionAt, null);
  assert.is(
    (await i.dossier.query({ id: ids.c })).conservation.deletionAt,
    "2026-07-10T09:00:00.000Z",
  );
  const early = await refusal(u.conserver.mutate({ id: ids.c }));
  assert.is(early.data?.code, "CONFLICT");
  assert.match(early.message, "vous pourrez prolonger sa conservation à partir du 10 juin 2026");
  const never = await refusal(i.conserver.mutate({ id: ids.i }));
  assert.match(never.message, "jamais supprimé");
});

conservation("the notice goes 14 days before, once", async (ctx) => {
  at(ctx, "2026-03-27T08:00:00Z");
  assert.equal(await pass(ctx), { notices: 0, deleted: 0 });
  at(ctx, "2026-03-27T10:00:00Z");
  assert.equal(await pass(ctx), { notices: 1, deleted: 0 });
  assert.equal(await pass(ctx), { notices: 0, deleted: 0 });
  const mails = await noticeMails(ctx, ids.b);
  assert.is(mails.length, 1);
  assert.is(mails[0].subject, `Votre dossier n° ${ids.b} sera supprimé le 10 avril 2026`);
  assert.ok(mails[0].to.includes("marin@exemple.fr"));
  assert.match(mails[0].text, `${BASE_URL}/dossiers/${ids.b}`);
  assert.match(mails[0].text, "« Conserver le dossier »");
  const v = (await ctx.usager.trpc.usager.dossier.query({ id: ids.b })).conservation!;
  assert.is(v.noticeSentAt, "2026-03-27T10:00:00.000Z");
  assert.ok(v.canConserve);
});

conservation(
  "« Conserver » by the usager pushes the date; strangers read not found",
  async (ctx) => {
    const stranger = await refusal(ctx.stranger.trpc.usager.conserver.mutate({ id: ids.b }));
    assert.is(stranger.data?.code, "NOT_FOUND");
    // A brouillon is no instructeur's.
    const ines = await refusal(ctx.ines.trpc.instruction.conserver.mutate({ id: ids.b }));
    assert.is(ines.data?.code, "NOT_FOUND");
    const kept = await ctx.usager.trpc.usager.conserver.mutate({ id: ids.b });
    assert.is(kept.deletionAt, "2026-09-27T10:00:00.000Z");
    assert.not.ok(kept.canConserve);
    at(ctx, "2026-04-11T10:00:00Z");
    assert.equal(await pass(ctx), { notices: 0, deleted: 0 });
    assert.ok(await ctx.usager.trpc.usager.dossier.query({ id: ids.b }));
  },
);

conservation("« Conserver » by an instructeur of its groupe, in the last month", async (ctx) => {
  at(ctx, "2026-06-20T09:00:00Z");
  const paul = await refusal(ctx.paul.trpc.instruction.conserver.mutate({ id: ids.c }));
  assert.is(paul.data?.code, "NOT_FOUND");
  const stranger = await refusal(ctx.stranger.trpc.instruction.conserver.mutate({ id: ids.c }));
  assert.is(stranger.data?.code, "NOT_FOUND");
  const kept = await ctx.ines.trpc.instruction.conserver.mutate({ id: ids.c });
  assert.is(kept.deletionAt, "2026-12-20T09:00:00.000Z");
  assert.is(
    (await ctx.usager.trpc.usager.dossier.query({ id: ids.c })).conservation!.deletionAt,
    "2026-12-20T09:00:00.000Z",
  );
});

conservation("at expiry the dossier goes with every row, file and count", async (ctx) => {
  const db = ctx.t.deps.db;
  const blobs = await db.selectFrom("files").select("storage_key")
    .where("attached_kind", "=", "dossier").where("attached_id", "=", ids.a).execute();
  assert.ok(blobs.length > 0, "the dossier has files");
  at(ctx, "2026-06-26T10:00:00Z");
  await pass(ctx);
  assert.is((await noticeMails(ctx, ids.a)).length, 1);
  at(ctx, "2026-07-10T09:30:00Z");
  await pass(ctx);
  assert.ok(
    await db.selectFrom("dossiers").select("id").where("id", "=", ids.a).executeTakeFirst(),
  );
  at(ctx, "2026-07-10T10:00:00Z");
  const r = await pass(ctx);
  assert.ok(r.deleted >= 1);
  assert.not.ok(
    await db.selectFrom("dossiers").select("id").where("id", "=", ids.a).executeTakeFirst(),
  );
  for (
    const table of [
      "dossier_events",
      "messages",
      "avis",
      "invitations",
      "dossier_follows",
      "dossier_reads",
      "dossier_champ_index",
      "instructeur_summary_items",
    ] as const
  ) {
    const { n } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"))
      .where("dossier_id", "=", ids.a).executeTakeFirstOrThrow();
    assert.is(Number(n), 0, table);
  }
  const files = await db.selectFrom("files").select("id").where("attached_kind", "=", "dossier")
    .where("attached_id", "=", ids.a).execute();
  assert.is(files.length, 0);
  for (const b of blobs) {
    await ctx.t.deps.blobs.open(b.storage_key).then(
      () => assert.unreachable(`blob ${b.storage_key} still there`),
      () => {},
    );
  }
  const { rows: search } = await sql<{ n: number }>`select count(*) as n from dossiers_search
    where rowid = ${ctx.demarcheId * 2 ** 32 + ids.a}`.execute(db);
  assert.is(Number(search[0].n), 0);
  const term = await db.selectFrom("search_terms").select("term")
    .where("term", "=", "albatroszz").executeTakeFirst();
  assert.is(term, undefined, "its words leave the search vocabulary");
  assert.equal(
    {
      ...await db.selectFrom("deleted_dossiers").selectAll().where("dossier_id", "=", ids.a)
        .executeTakeFirst(),
    },
    {
      dossier_id: ids.a,
      demarche_id: ctx.demarcheId,
      state: "accepte",
      reason: "expire",
      deleted_at: "2026-07-10T10:00:00.000Z",
    },
  );
  await assertCountersMatchDossiers(ctx.t, "after expiry");
  const gone = await refusal(ctx.usager.trpc.usager.dossier.query({ id: ids.a }));
  assert.is(gone.data?.code, "NOT_FOUND");
  const page = await ctx.ines.trpc.instruction.dashboard.query({
    demarcheId: ctx.demarcheId,
    tab: "tous",
    limit: 100,
  });
  assert.not.ok(page.dossiers.some((d: { id: number }) => d.id === ids.a));
});

conservation("a brouillon in the bin goes 30 days after, restorable until then", async (ctx) => {
  const u = ctx.usager.trpc.usager;
  const x1 = (await u.start.mutate({ path: ctx.path })).id;
  const x2 = (await u.start.mutate({ path: ctx.path })).id;
  await u.delete.mutate({ id: x1 });
  await u.delete.mutate({ id: x2 });
  const bin = await u.dossiers.query({ corbeille: true });
  assert.is(bin.find((d) => d.id === x2)?.purgeAt, "2026-08-09T10:00:00.000Z");
  at(ctx, "2026-08-08T10:00:00Z");
  await pass(ctx);
  await u.restore.mutate({ id: x1 });
  at(ctx, "2026-08-09T11:00:00Z");
  const r = await pass(ctx);
  assert.ok(r.deleted >= 1);
  const gone = await refusal(u.restore.mutate({ id: x2 }));
  assert.is(gone.data?.code, "NOT_FOUND");
  assert.is((await u.dossier.query({ id: x1 })).state, "brouillon");
  const audit = await ctx.t.deps.db.selectFrom("deleted_dossiers").select(["reason", "state"])
    .where("dossier_id", "=", x2).executeTakeFirst();
  assert.equal({ ...audit }, { reason: "corbeille", state: "brouillon" });
});

conservation(
  "a server down on the notice day never deletes without 14 days' notice",
  async (ctx) => {
    const d = await deposit(ctx, "Drakkar");
    // Deposited 2026-08-09 11:00: expires 2027-02-09; nothing runs until ten days after.
    at(ctx, "2027-02-19T11:00:00Z");
    await pass(ctx);
    const db = ctx.t.deps.db;
    const exists = () =>
      db.selectFrom("dossiers").select("id").where("id", "=", d).executeTakeFirst();
    assert.ok(await exists(), "told first");
    assert.is((await noticeMails(ctx, d)).length, 1);
    assert.match((await noticeMails(ctx, d))[0].subject, "5 mars 2027");
    assert.is(
      (await ctx.usager.trpc.usager.dossier.query({ id: d })).conservation!.deletionAt,
      "2027-03-05T11:00:00.000Z",
    );
    at(ctx, "2027-03-05T10:00:00Z");
    await pass(ctx);
    assert.ok(await exists(), "13 days and 23 hours later");
    at(ctx, "2027-03-05T11:00:00Z");
    await pass(ctx);
    assert.not.ok(await exists());
    await assertCountersMatchDossiers(ctx.t, "after the late deletion");
  },
);

conservation("a second pass, or a second run the same day, changes nothing", async (ctx) => {
  at(ctx, "2027-03-06T03:00:00Z");
  const first = await runConservationIfDue(ctx.t.deps);
  assert.ok(first);
  assert.is(await runConservationIfDue(ctx.t.deps), null);
  const before = await ctx.t.deps.db.selectFrom("dossiers").select("id").orderBy("id").execute();
  assert.equal(await pass(ctx), { notices: 0, deleted: 0 });
  const after = await ctx.t.deps.db.selectFrom("dossiers").select("id").orderBy("id").execute();
  assert.equal(after, before);
  at(ctx, "2027-03-07T02:30:00Z");
  assert.ok(await runConservationIfDue(ctx.t.deps), "the next day's pass runs");
});

conservation("a dossier en instruction never expires", async (ctx) => {
  at(ctx, "2031-01-01T09:00:00Z");
  await pass(ctx);
  await pass(ctx);
  const v = await ctx.ines.trpc.instruction.dossier.query({ id: ids.i });
  assert.is(v.state, "en_instruction");
  assert.is(v.conservation.deletionAt, null);
  await assertCountersMatchDossiers(ctx.t, "years later");
});

conservation.run();
