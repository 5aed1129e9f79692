/**
 * The rate limits of several processes on one PostgreSQL database (`WORKERS`, or machines
 * behind a proxy) are counted in the database: `deno task test --postgres integration/rate_limit`.
 * A second instance on the same database stands for the second process. On SQLite (one
 * process) they stay in memory; the suite runs on PostgreSQL only.
 */
import { suite } from "./../helpers/suite.ts";
import * as assert from "uvu/assert";
import { loadConfig } from "../../core/config.ts";
import { createInstance, type Instance } from "../../core/main.ts";
import { databaseRateLimiter } from "../../core/rate_limit_store.ts";
import {
  Agent,
  BASE_URL,
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../helpers/instance.ts";
import { testOnPostgres } from "../helpers/postgres.ts";

interface Ctx {
  t: TestInstance;
  admin: Agent;
  other: Instance;
  otherDir: string;
}

const shared = suite<Ctx>("rate limits shared by the processes of one database");
shared.before(async (ctx) => {
  ctx.t = await startTestInstance();
  // Before the second process starts: it would otherwise make its own installation link.
  ctx.admin = await superAdminAgent(ctx.t);
  ctx.otherDir = await Deno.makeTempDir({ prefix: "guichet-test-" });
  if (ctx.t.database.kind !== "postgres") throw new Error("Run on PostgreSQL");
  ctx.other = await createInstance(
    loadConfig({
      DATA_DIR: ctx.otherDir,
      BASE_URL,
      DATABASE_URL: ctx.t.database.url,
      DATABASE_POOL_SIZE: "2",
    }),
    { startWorker: false, serveUi: false, log: () => {} },
  );
});
shared.after(async (ctx) => {
  await ctx.other?.close();
  await ctx.t.stop();
  await Deno.remove(ctx.otherDir, { recursive: true }).catch(() => {});
});

shared("wrong passwords tried on two processes add up to one limit", async (ctx) => {
  await signedUpAgent(ctx.t, "lea@exemple.fr");
  const agents = [ctx.t.agent({ ip: "198.51.100.7" }), new Agent(ctx.other, "198.51.100.8")];
  const tryWrong = (agent: Agent) =>
    agent.trpc.auth.signIn.mutate({ email: "lea@exemple.fr", password: "Pas-le-bon-42" })
      .then(() => "signed in", (e: Error) => e.message);
  // Five wrong passwords, alternately on each process: the address's limit is five.
  for (let i = 0; i < 5; i++) {
    assert.is(await tryWrong(agents[i % 2]), "Adresse e-mail ou mot de passe incorrect.");
  }
  for (const agent of agents) assert.match(await tryWrong(agent), /Trop de tentatives/);
});

shared("a jeton's requests on two processes add up to its 600 a minute", async (ctx) => {
  const { secret } = await ctx.admin.trpc.admin.jetons.create.mutate({
    label: "Réparti",
    days: 30,
    demarcheIds: null,
  });
  const apps = [ctx.t.app, ctx.other.app];
  const get = async (i: number) => {
    const res = await apps[i % 2].fetch(
      new Request(`${BASE_URL}/api/v1/demarches`, {
        headers: { authorization: `Bearer ${secret}` },
      }),
    );
    await res.body?.cancel();
    return res.status;
  };
  for (let i = 0; i < 600; i++) {
    const status = await get(i);
    if (status !== 200) assert.unreachable(`request ${i + 1}: ${status}`);
  }
  assert.is(await get(0), 429);
  assert.is(await get(1), 429);
});

shared(
  "failures counted at once all count; a window past starts again; reset forgets",
  async (ctx) => {
    const limit = databaseRateLimiter(ctx.t.deps.db, "essai", { max: 20, windowMs: 60_000 });
    const other = databaseRateLimiter(ctx.other.deps.db, "essai", { max: 20, windowMs: 60_000 });
    const at = 1_000_000;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? limit : other).fail("cle", at)),
    );
    assert.is(await limit.retryAfter("cle", at + 30_000), 30_000);
    assert.is(await other.retryAfter("autre", at + 30_000), 0);
    assert.is(await other.retryAfter("cle", at + 60_000), 0, "the window has passed");
    await limit.fail("cle", at + 60_000);
    assert.is(await limit.retryAfter("cle", at + 60_001), 0, "one failure in the new window");
    for (let i = 0; i < 19; i++) await other.fail("cle", at + 61_000);
    assert.is(await limit.retryAfter("cle", at + 61_000), 59_000);
    await other.reset("cle");
    assert.is(await limit.retryAfter("cle", at + 61_000), 0);
  },
);

if (testOnPostgres()) shared.run();
