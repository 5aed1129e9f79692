import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

const queries = suite<{ t: TestInstance }>("plugins.query");
queries.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
queries.after(async (ctx) => {
  await ctx.t.stop();
});

queries("champs_territoire answers a commune search through plugins.query", async ({ t }) => {
  const results = await t.agent().trpc.plugins.query.query({
    plugin: "champs_territoire",
    name: "communes",
    input: { q: "29200" },
  }) as { code: string; nom: string }[];
  assert.ok(results.some((c) => c.nom === "Brest"), JSON.stringify(results.slice(0, 3)));
});

queries("a bad input gets the plugin's French message, not a 500", async ({ t }) => {
  const res = await t.agent().call("plugins.query", {
    plugin: "champs_territoire",
    name: "communes",
    input: { q: 42 },
  }, "GET");
  assert.is(res.status, 400);
  assert.match(res.body.error.message, /Tapez un nom ou un code/);
});

queries("an unknown plugin query reads as not found", async ({ t }) => {
  const res = await t.agent().call(
    "plugins.query",
    { plugin: "champs_territoire", name: "secret" },
    "GET",
  );
  assert.is(res.status, 404);
  assert.match(res.body.error.message, /n’offre pas/);
});

queries.run();
