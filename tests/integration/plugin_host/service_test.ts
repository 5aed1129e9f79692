import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { AppError } from "../../../core/errors.ts";
import {
  AFTER_HOOK_JOB,
  demarchePlugins,
  enqueueAfterHooks,
  runBeforeHooks,
  setDemarchePlugin,
} from "../../../core/plugin_host/service.ts";
import demo, { DEMO_VETO, demoRecord } from "../../fixtures/plugins/demo/mod.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

interface Ctx {
  t: TestInstance;
}

let clockNow = new Date("2026-03-02T08:00:00.000Z");
const advance = (ms: number) => {
  clockNow = new Date(clockNow.getTime() + ms);
};

async function newDemarche(t: TestInstance, titre = "Permis de végétaliser"): Promise<number> {
  const at = t.deps.clock().toISOString();
  const row = await t.deps.db.insertInto("demarches")
    .values({ titre, state: "brouillon", created_at: at, updated_at: at })
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("Expected an AppError");
}

const stateOf = async (t: TestInstance, demarcheId: number, pluginId: string) =>
  (await demarchePlugins(t.deps.db, t.host, demarcheId)).find((s) => s.pluginId === pluginId);

const afterJobs = (t: TestInstance) =>
  t.deps.db.selectFrom("jobs").selectAll().where("kind", "=", AFTER_HOOK_JOB)
    .orderBy("id").execute();

function setup(name: string) {
  const s = suite<Ctx>(name);
  s.before(async (ctx) => {
    ctx.t = await startTestInstance({
      clock: () => new Date(clockNow),
      extraPlugins: [{ source: "fixtures/demo", definition: demo }],
    });
  });
  s.before.each(() => demoRecord.clear());
  s.after(async (ctx) => {
    await ctx.t.stop();
  });
  return s;
}

const enablement = setup("plugins per démarche");

enablement(
  "a new démarche gets each plugin's default state and default settings",
  async ({ t }) => {
    const id = await newDemarche(t);
    const states = await demarchePlugins(t.deps.db, t.host, id);
    assert.equal(states.map((s) => s.pluginId), t.host.plugins.map((p) => p.id));
    assert.equal(states.find((s) => s.pluginId === "mail_smtp"), {
      pluginId: "mail_smtp",
      enabled: true,
      settings: undefined,
    });
    assert.equal(states.find((s) => s.pluginId === "demo"), {
      pluginId: "demo",
      enabled: false,
      settings: { depotsFermes: false, echecsAvantSucces: 0 },
    });
  },
);

enablement(
  "an administrator's choice and settings are kept for that démarche only",
  async ({ t }) => {
    const a = await newDemarche(t);
    const b = await newDemarche(t);
    await setDemarchePlugin(t.deps, {
      demarcheId: a,
      pluginId: "demo",
      enabled: true,
      settings: { depotsFermes: true },
    });
    assert.equal(await stateOf(t, a, "demo"), {
      pluginId: "demo",
      enabled: true,
      settings: { depotsFermes: true, echecsAvantSucces: 0 },
    });
    assert.is((await stateOf(t, b, "demo"))?.enabled, false);
    await setDemarchePlugin(t.deps, { demarcheId: a, pluginId: "mail_smtp", enabled: false });
    assert.is((await stateOf(t, a, "mail_smtp"))?.enabled, false);
    assert.is((await stateOf(t, b, "mail_smtp"))?.enabled, true);
  },
);

enablement(
  "settings refused by the plugin's schema give a French message and save nothing",
  async ({ t }) => {
    const id = await newDemarche(t);
    await setDemarchePlugin(t.deps, {
      demarcheId: id,
      pluginId: "demo",
      enabled: true,
      settings: { echecsAvantSucces: 1 },
    });
    const error = await refusal(setDemarchePlugin(t.deps, {
      demarcheId: id,
      pluginId: "demo",
      enabled: false,
      settings: { depotsFermes: "oui", echecsAvantSucces: -1 },
    }));
    assert.is(error.code, "BAD_REQUEST");
    assert.is(
      error.message,
      "Réglages de « Démonstration » non valides : « Dépôts fermés » doit valoir oui ou non.",
    );
    assert.equal(error.fields, {
      depotsFermes: "« Dépôts fermés » doit valoir oui ou non.",
      echecsAvantSucces: "Le nombre d’échecs ne peut pas être négatif.",
    });
    assert.equal(await stateOf(t, id, "demo"), {
      pluginId: "demo",
      enabled: true,
      settings: { depotsFermes: false, echecsAvantSucces: 1 },
    });
  },
);

enablement("settings that are not an object at all are refused too", async ({ t }) => {
  const id = await newDemarche(t);
  const error = await refusal(
    setDemarchePlugin(t.deps, { demarcheId: id, pluginId: "demo", enabled: true, settings: "x" }),
  );
  assert.is(error.code, "BAD_REQUEST");
  assert.match(error.message, /^Réglages de « Démonstration » non valides : /);
  assert.is((await stateOf(t, id, "demo"))?.enabled, false);
});

enablement("an unknown plugin is NOT_FOUND, in French", async ({ t }) => {
  const id = await newDemarche(t);
  const error = await refusal(
    setDemarchePlugin(t.deps, { demarcheId: id, pluginId: "agenda", enabled: true }),
  );
  assert.is(error.code, "NOT_FOUND");
  assert.is(error.message, "La fonctionnalité « agenda » n’est pas installée.");
  const rows = await t.deps.db.selectFrom("demarche_plugins").select("plugin_id")
    .where("demarche_id", "=", id).execute();
  assert.equal(rows, []);
});

const hooks = setup("lifecycle hooks");

const event = (demarcheId: number, dossierId = 1) => ({
  event: "deposer" as const,
  dossierId,
  demarcheId,
});

hooks("a before hook vetoes with the plugin's French message when enabled", async ({ t }) => {
  const id = await newDemarche(t);
  await setDemarchePlugin(t.deps, {
    demarcheId: id,
    pluginId: "demo",
    enabled: true,
    settings: { depotsFermes: true },
  });
  const error = await refusal(runBeforeHooks(t.deps.db, t.host, event(id)));
  assert.is(error.code, "CONFLICT");
  assert.is(error.message, DEMO_VETO);
  // Another event of the same démarche is not concerned.
  await runBeforeHooks(t.deps.db, t.host, { ...event(id), event: "accepter" });
});

hooks("a before hook of a plugin switched off for the démarche does not run", async ({ t }) => {
  const off = await newDemarche(t);
  await setDemarchePlugin(t.deps, {
    demarcheId: off,
    pluginId: "demo",
    enabled: false,
    settings: { depotsFermes: true },
  });
  await runBeforeHooks(t.deps.db, t.host, event(off));
  // Default state (demo is off by default) does not veto either.
  await runBeforeHooks(t.deps.db, t.host, event(await newDemarche(t)));
});

hooks(
  "a before hook sees the démarche's settings: no veto when deposits are open",
  async ({ t }) => {
    const id = await newDemarche(t);
    await setDemarchePlugin(t.deps, { demarcheId: id, pluginId: "demo", enabled: true });
    await runBeforeHooks(t.deps.db, t.host, event(id));
  },
);

hooks("after hooks are queued in the caller's transaction and run by the worker", async ({ t }) => {
  const id = await newDemarche(t);
  await setDemarchePlugin(t.deps, { demarcheId: id, pluginId: "demo", enabled: true });
  const before = (await afterJobs(t)).length;
  const now = t.deps.clock().toISOString();
  await t.deps.db.transaction().execute(async (trx) => {
    await enqueueAfterHooks(trx, t.host, { ...event(id, 41), event: "accepter" }, { now });
  });
  const jobs = await afterJobs(t);
  assert.is(jobs.length, before + 1);
  assert.equal(JSON.parse(jobs.at(-1)!.payload), {
    pluginId: "demo",
    event: "accepter",
    dossierId: 41,
    demarcheId: id,
    at: now,
  });
  assert.equal(demoRecord.after, []);
  assert.is(await t.worker.drain(), 1);
  assert.equal(demoRecord.after, [{
    event: "accepter",
    dossierId: 41,
    settings: { depotsFermes: false, echecsAvantSucces: 0 },
  }]);
  assert.is((await afterJobs(t)).at(-1)!.status, "done");
});

hooks("a rolled back transaction leaves no after hook to run", async ({ t }) => {
  const id = await newDemarche(t);
  await setDemarchePlugin(t.deps, { demarcheId: id, pluginId: "demo", enabled: true });
  const before = (await afterJobs(t)).length;
  await t.deps.db.transaction().execute(async (trx) => {
    await enqueueAfterHooks(trx, t.host, { ...event(id, 42), event: "accepter" }, {
      now: t.deps.clock().toISOString(),
    });
    throw new Error("Transition failed");
  }).catch(() => {});
  assert.is((await afterJobs(t)).length, before);
  await t.worker.drain();
  assert.equal(demoRecord.after, []);
});

hooks(
  "no after hook is queued for a plugin switched off, or an event it ignores",
  async ({ t }) => {
    const id = await newDemarche(t);
    const before = (await afterJobs(t)).length;
    const now = t.deps.clock().toISOString();
    await enqueueAfterHooks(t.deps.db, t.host, { ...event(id), event: "accepter" }, { now });
    await setDemarchePlugin(t.deps, { demarcheId: id, pluginId: "demo", enabled: true });
    await enqueueAfterHooks(t.deps.db, t.host, { ...event(id), event: "refuser" }, { now });
    assert.is((await afterJobs(t)).length, before);
  },
);

hooks("a throwing after hook is retried with backoff until it succeeds", async ({ t }) => {
  const id = await newDemarche(t);
  await setDemarchePlugin(t.deps, {
    demarcheId: id,
    pluginId: "demo",
    enabled: true,
    settings: { echecsAvantSucces: 2 },
  });
  await enqueueAfterHooks(t.deps.db, t.host, { ...event(id, 43), event: "accepter" }, {
    now: t.deps.clock().toISOString(),
  });
  const job = async () => (await afterJobs(t)).at(-1)!;

  assert.is(await t.worker.drain(), 1);
  let row = await job();
  assert.is(row.status, "pending");
  assert.is(row.attempts, 1);
  assert.is(row.last_error, "Demo after hook failure 1");
  assert.is(new Date(row.run_at).getTime() - clockNow.getTime(), 10_000);

  advance(9_999);
  assert.is(await t.worker.drain(), 0, "not before its backoff");
  advance(1);
  assert.is(await t.worker.drain(), 1);
  row = await job();
  assert.is(row.attempts, 2);
  assert.is(row.last_error, "Demo after hook failure 2");
  assert.is(new Date(row.run_at).getTime() - clockNow.getTime(), 20_000);

  advance(20_000);
  assert.is(await t.worker.drain(), 1);
  row = await job();
  assert.is(row.status, "done");
  assert.is(row.last_error, null);
  assert.equal(demoRecord.after.map((a) => a.dossierId), [43]);
});

enablement.run();
hooks.run();
