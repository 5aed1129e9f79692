/**
 * The audit chain under attack and under load. A row edited or deleted directly in the SQLite
 * file (another connection, as someone with access to the server would) is found by the daily
 * check, which names the first event in question, records it for « Journal d'audit » and
 * e-mails the super-admins; cutting off the end of the log is found too. Appends from parallel
 * requests and from two other processes on the same file keep one chain.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { DatabaseSync } from "node:sqlite";
import { sql } from "kysely";
import { fromFileUrl } from "../../../core/_paths.ts";
import {
  type Agent,
  keepSessionsOpen,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { refusal } from "../../helpers/refusal.ts";
import { freshDatabase, testOnPostgres } from "../../helpers/postgres.ts";
import { runAuditCheck, runAuditCheckIfDue } from "../../../core/audit/daily.ts";
import { verifyChain } from "../../../core/audit/service.ts";
import { hashOf } from "../../../core/audit/model.ts";

const SUPER = "super@guichet.test";

interface Ctx {
  t: TestInstance;
  /** On PostgreSQL, the instance's database, which the other processes reach too. */
  database?: { url: string; drop(): Promise<void> };
  now: Date;
  superAdmin: Agent;
}

/** An instance whose log holds a dozen events, the last six of them failed sign-ins. */
async function instanceWithEvents(ctx: Ctx) {
  ctx.now = new Date("2026-06-10T08:00:00Z");
  ctx.database = testOnPostgres() ? await freshDatabase() : undefined;
  ctx.t = await startTestInstance({
    clock: () => ctx.now,
    env: ctx.database ? { DATABASE_URL: ctx.database.url } : {},
  });
  ctx.superAdmin = await superAdminAgent(ctx.t, SUPER);
  await keepSessionsOpen(ctx.t);
  for (let i = 0; i < 6; i++) {
    await refusal(
      ctx.t.agent({ ip: `203.0.113.${i + 1}` }).trpc.auth.signIn.mutate({
        email: `intrus${i}@ailleurs.test`,
        password: "Pas-le-bon-mot-de-passe",
      }),
    );
  }
}

/**
 * Runs SQL on the instance's database through a connection of its own, as a person with access
 * to the server would: the SQLite file opened apart (on PostgreSQL, a statement of its own).
 */
async function tamper(t: TestInstance, statement: string) {
  if (testOnPostgres()) {
    await sql.raw(statement).execute(t.deps.db);
    return;
  }
  const file = new DatabaseSync(`${t.dataDir}/guichet.sqlite`);
  try {
    file.exec("PRAGMA busy_timeout = 5000");
    file.exec(statement);
  } finally {
    file.close();
  }
}

async function count(t: TestInstance): Promise<number> {
  const row = await t.deps.db.selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

const tampering = suite<Ctx>("audit chain: tampering");
tampering.before.each(async (ctx) => {
  await instanceWithEvents(ctx);
});
tampering.after.each(async (ctx) => {
  await ctx.t.stop();
  await ctx.database?.drop();
});

tampering(
  "an edited row: the daily check names it, records it and e-mails the super-admins",
  async (ctx) => {
    const { t } = ctx;
    // Past 03:00 UTC: today's check is due, once.
    ctx.now = new Date("2026-06-10T09:00:00Z");
    const before = await runAuditCheckIfDue(t.deps);
    assert.is(before?.intact, true, before?.problem ?? "");
    const victim = await t.deps.db.selectFrom("audit_events").select("id")
      .where("action", "=", "connexion.echouee").orderBy("id").limit(1).executeTakeFirstOrThrow();
    await tamper(t, `UPDATE audit_events SET actor_ip = '10.6.6.6' WHERE id = ${victim.id}`);

    ctx.now = new Date("2026-06-11T03:30:00Z");
    const verdict = await runAuditCheckIfDue(t.deps);
    assert.is(verdict?.intact, false);
    assert.is(verdict?.firstBadId, victim.id);
    assert.match(verdict?.problem ?? "", new RegExp(`n°${victim.id} a été modifié`));
    // Once a day: a second look the same day does nothing.
    assert.is(await runAuditCheckIfDue(t.deps), null);

    const status = await ctx.superAdmin.trpc.superadmin.audit.status.query();
    assert.is(status?.intact, false);
    assert.is(status?.premierEvenementEnCause, victim.id);
    const mail = await t.mail(SUPER, "Journal d’audit");
    assert.match(mail.text, new RegExp(`premier événement en cause : n°${victim.id}`));
    assert.match(mail.text, /\/super-admin\/journal/);
  },
);

tampering(
  "a row edited with its hash recomputed: the next row no longer follows it",
  async (ctx) => {
    const { t } = ctx;
    const rows = await t.deps.db.selectFrom("audit_events").selectAll().orderBy("id").execute();
    const victim = rows[rows.length - 3];
    const edited = { ...victim, actor_email: "quelqu-un-d-autre@ailleurs.test" };
    const hash = hashOf(edited);
    await tamper(
      t,
      `UPDATE audit_events SET actor_email = '${edited.actor_email}', hash = '${hash}' WHERE id = ${victim.id}`,
    );
    const verdict = await verifyChain(t.deps.db);
    assert.is(verdict.intact, false);
    assert.is(verdict.firstBadId, victim.id + 1);
    assert.match(verdict.problem ?? "", new RegExp(`ne suit plus l’événement n°${victim.id}`));
  },
);

tampering("a deleted row: the row after it is named", async (ctx) => {
  const { t } = ctx;
  const rows = await t.deps.db.selectFrom("audit_events").select("id").orderBy("id").execute();
  const gone = rows[4].id;
  await tamper(t, `DELETE FROM audit_events WHERE id = ${gone}`);
  const verdict = await runAuditCheck(t.deps);
  assert.is(verdict.intact, false);
  assert.is(verdict.firstBadId, rows[5].id);
  assert.match(verdict.problem ?? "", /supprimé/);
  const mail = await t.mail(SUPER, "Journal d’audit");
  assert.match(mail.text, new RegExp(`n°${rows[5].id}`));
});

tampering("the end of the log cut off after a check: found by the next one", async (ctx) => {
  const { t } = ctx;
  assert.is((await runAuditCheck(t.deps)).intact, true);
  const rows = await t.deps.db.selectFrom("audit_events").select("id").orderBy("id").execute();
  const cut = rows[rows.length - 2].id;
  await tamper(t, `DELETE FROM audit_events WHERE id >= ${cut}`);
  const verdict = await runAuditCheck(t.deps);
  assert.is(verdict.intact, false);
  assert.is(verdict.firstBadId, cut);
  assert.match(verdict.problem ?? "", /ont été supprimés/);
  const shown = await ctx.superAdmin.trpc.superadmin.audit.verify.mutate();
  assert.is(shown.intact, false);
  assert.is(shown.premierEvenementEnCause, cut);
});

tampering.run();

const load = suite<Ctx>("audit chain: concurrent appends");
load.before(async (ctx) => {
  await instanceWithEvents(ctx);
  ctx.now = new Date();
});
load.after(async (ctx) => {
  await ctx.t.stop();
  await ctx.database?.drop();
});

load("parallel requests and two other processes append to one unbroken chain", async (ctx) => {
  const { t } = ctx;
  const start = await count(t);
  const helper = fromFileUrl(new URL("../../helpers/audit_append_process.ts", import.meta.url));
  const processes = ["a", "b"].map((label) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        helper,
        ctx.database?.url ?? `${t.dataDir}/guichet.sqlite`,
        "150",
        label,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output()
  );
  // Meanwhile, this process's own requests, sixty at once.
  await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      refusal(
        t.agent({ ip: `198.51.100.${i + 1}` }).trpc.auth.signIn.mutate({
          email: `parallele${i}@ailleurs.test`,
          password: "Pas-le-bon-mot-de-passe",
        }),
      )),
  );
  for (const out of await Promise.all(processes)) {
    assert.is(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.match(new TextDecoder().decode(out.stdout), /done/);
  }
  assert.is(await count(t), start + 360);
  const verdict = await verifyChain(t.deps.db);
  assert.is(verdict.intact, true, verdict.problem ?? "");
  assert.is(verdict.checked, start + 360);
});

load.run();
