import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { sql } from "kysely";
import { enqueue } from "../../../core/jobs/queue.ts";
import { dialectOf } from "../../../core/db/mod.ts";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";
import { invitedAgent } from "../../helpers/people.ts";
import { publishedDemarche } from "../../helpers/demarche.ts";
import { parseExposition, type Sample, valueOf } from "../../helpers/exposition.ts";

async function scrape(agent: Agent, headers: Record<string, string> = {}) {
  const res = await agent.fetch(`${BASE_URL}/metrics`, { headers });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

async function samples(t: TestInstance): Promise<Sample[]> {
  const res = await scrape(t.agent({ ip: "127.0.0.1" }));
  assert.is(res.status, 200);
  return parseExposition(res.text);
}

const REQUESTS = "guichet_http_requests_total";
const DURATION = "guichet_http_request_duration_seconds";

const metrics = suite<{ t: TestInstance }>("GET /metrics");
metrics.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
metrics.after(async (ctx) => {
  await ctx.t.stop();
});

metrics("is Prometheus text whose request counters move by route and status", async ({ t }) => {
  const res = await scrape(t.agent({ ip: "127.0.0.1" }));
  assert.is(res.status, 200);
  assert.is(res.type, "text/plain; version=0.0.4; charset=utf-8");
  const before = parseExposition(res.text);

  const visitor = t.agent({ ip: "203.0.113.9" });
  for (let i = 0; i < 2; i++) assert.is((await visitor.fetch(`${BASE_URL}/healthz`)).status, 200);
  const missing = await visitor.fetch(`${BASE_URL}/files/file-8d1f2c`);
  await visitor.call("auth.session", undefined, "GET");
  await visitor.fetch(`${BASE_URL}/trpc/auth.session,pas.une.procedure-4242?batch=1&input={}`);
  await visitor.fetch(`${BASE_URL}/trpc/demarche-secrete-31337`);
  const after = await samples(t);

  const moved = (labels: Record<string, string>) =>
    valueOf(after, REQUESTS, labels) - valueOf(before, REQUESTS, labels);
  assert.is(moved({ route: "/healthz", method: "GET", status: "200" }), 2);
  assert.is(moved({ route: "/files/:id", method: "GET", status: String(missing.status) }), 1);
  // A batch counts for each of its procedures; names the router lacks are one label.
  assert.is(moved({ route: "/trpc/auth.session", method: "GET", status: "200" }), 1);
  const all = (list: Sample[]) =>
    list.filter((s) => s.name === REQUESTS && s.labels.route === "/trpc/auth.session")
      .reduce((sum, s) => sum + s.value, 0);
  assert.is(all(after) - all(before), 2, "the batch counted for auth.session too");
  assert.ok(
    after.some((s) => s.name === REQUESTS && s.labels.route === "/trpc/(inconnue)"),
    "unknown procedures counted under one route",
  );
  for (const s of after) {
    for (const raw of ["file-8d1f2c", "4242", "31337"]) {
      assert.not.ok(Object.values(s.labels).some((v) => v.includes(raw)), `${raw} in a label`);
    }
  }

  // The histogram: cumulative buckets, +Inf equal to the count, which moved by 2.
  const healthz = { route: "/healthz", method: "GET" };
  const buckets = after.filter((s) =>
    s.name === `${DURATION}_bucket` && s.labels.route === "/healthz"
  );
  assert.is(buckets.at(-1)!.labels.le, "+Inf");
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value);
  assert.is(buckets.at(-1)!.value, valueOf(after, `${DURATION}_count`, healthz));
  assert.is(
    valueOf(after, `${DURATION}_count`, healthz) - valueOf(before, `${DURATION}_count`, healthz),
    2,
  );
  assert.ok(valueOf(after, `${DURATION}_sum`, healthz) > 0);
});

metrics("counts the jobs not done by kind and status, and the database's size", async ({ t }) => {
  const now = t.deps.clock().toISOString();
  await enqueue(t.deps.db, "test.metrics", null, { now });
  const failed = await enqueue(t.deps.db, "test.metrics", null, { now });
  await t.deps.db.updateTable("jobs").set({ status: "failed" }).where("id", "=", failed)
    .execute();
  const s = await samples(t);
  assert.is(valueOf(s, "guichet_jobs", { kind: "test.metrics", status: "pending" }), 1);
  assert.is(valueOf(s, "guichet_jobs", { kind: "test.metrics", status: "failed" }), 1);
  await t.deps.db.deleteFrom("jobs").where("kind", "=", "test.metrics").execute();
  assert.is(
    valueOf(await samples(t), "guichet_jobs", { kind: "test.metrics", status: "pending" }),
    0,
  );

  // The size as the database itself tells it, read right after a sample (nothing written
  // between): SQLite's pages, PostgreSQL's pg_database_size.
  const sampled = valueOf(await samples(t), "guichet_database_bytes");
  const size = dialectOf(t.deps.db) === "postgres"
    ? await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(t.deps.db)
    : await sql<{ n: number }>`select page_count * page_size as n
    from pragma_page_count(), pragma_page_size()`.execute(t.deps.db);
  assert.is(sampled, Number(size.rows[0].n));
  assert.ok(Number(size.rows[0].n) > 0);
});

metrics("counts deposited dossiers by state from the dashboards' counters", async ({ t }) => {
  const admin = await superAdminAgent(t);
  await publishedDemarche(admin, {
    titre: "Permis de pêche",
    path: "permis-peche",
    form: {
      champs: [{ stableId: "nom", type: "text", label: "Nom", mandatory: true }],
      annotations: [],
    },
  });
  const marc = await invitedAgent(t, "marc@mairie.fr");
  const etats = ["en_construction", "en_instruction", "accepte", "refuse", "sans_suite", "archive"];
  const before = await samples(t);
  /** Each state's count minus the one before the test: only the states given are non-zero. */
  const expect = async (step: string, moved: Record<string, number>) => {
    const now = await samples(t);
    for (const etat of etats) {
      assert.is(
        valueOf(now, "guichet_dossiers", { etat }) - valueOf(before, "guichet_dossiers", { etat }),
        moved[etat] ?? 0,
        `${step}: ${etat}`,
      );
    }
  };
  const usager = (await signedUpAgent(t, "pecheur@exemple.fr")).trpc.usager;
  const ids: number[] = [];
  for (const nom of ["Brochet", "Sandre"]) {
    const { id } = await usager.start.mutate({ path: "permis-peche" });
    await usager.save.mutate({ id, values: { nom } });
    ids.push(id);
  }
  await expect("brouillons", {});
  for (const id of ids) await usager.deposer.mutate({ id });
  await expect("déposés", { en_construction: 2 });
  const decide = marc.trpc.instruction.decide.mutate;
  for (const id of ids) await decide({ id, event: "passer_en_instruction" });
  await expect("en instruction", { en_instruction: 2 });
  await decide({ id: ids[0], event: "accepter", motivation: "Conforme." });
  await decide({ id: ids[1], event: "refuser", motivation: "Hors période." });
  await expect("décidés", { accepte: 1, refuse: 1 });
  await marc.trpc.instruction.archive.mutate({ id: ids[1], on: true });
  await expect("archivé", { accepte: 1, archive: 1 });
});

metrics("answers 404 to addresses METRICS_ALLOW does not list", async ({ t }) => {
  const outside = await scrape(t.agent({ ip: "192.0.2.1" }));
  assert.is(outside.status, 404);
  assert.match(outside.text, /Page introuvable/);
  assert.not.match(outside.text, /guichet_/);
  // Through a proxy that TRUSTED_PROXIES does not name (one on the same machine, say).
  const proxied = await scrape(t.agent({ ip: "127.0.0.1" }), {
    "x-forwarded-for": "203.0.113.9",
  });
  assert.is(proxied.status, 404);
  assert.is((await scrape(t.agent({ ip: "::1" }))).status, 200);
});

const allow = suite<{ t: TestInstance }>("GET /metrics with METRICS_ALLOW and TRUSTED_PROXIES");
allow.before(async (ctx) => {
  ctx.t = await startTestInstance({
    env: { METRICS_ALLOW: "192.0.2.0/24, 2001:db8::7", TRUSTED_PROXIES: "10.0.0.0/8" },
  });
});
allow.after(async (ctx) => {
  await ctx.t.stop();
});

allow(
  "lets the listed addresses in, resolved behind a trusted proxy, and no one else",
  async ({ t }) => {
    assert.is((await scrape(t.agent({ ip: "192.0.2.44" }))).status, 200);
    assert.is((await scrape(t.agent({ ip: "2001:db8::7" }))).status, 200);
    assert.is((await scrape(t.agent({ ip: "127.0.0.1" }))).status, 404, "loopback not listed");
    const proxy = t.agent({ ip: "10.0.0.2" });
    assert.is((await scrape(proxy, { "x-forwarded-for": "192.0.2.44" })).status, 200);
    // A client naming an allowed address itself: the proxy appends the real one.
    assert.is((await scrape(proxy, { "x-forwarded-for": "192.0.2.44, 203.0.113.9" })).status, 404);
    assert.is((await scrape(proxy)).status, 404, "the proxy itself is not listed");
  },
);

metrics.run();
allow.run();
