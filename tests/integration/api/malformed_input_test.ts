/**
 * Whatever a script sends, the API answers with a 4xx and a French message, never a 500.
 * Every procedure of the router is tried, so a new one is covered the day it is added.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { appRouter } from "../../../core/api/router.ts";
import {
  type Agent,
  BASE_URL,
  type RawResponse,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] };
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
).map(([path, p]) => ({
  path,
  method: p._def.type === "query" ? "GET" as const : "POST" as const,
  hasInput: p._def.inputs.length > 0,
}));

const HUGE = "é".repeat(30_000);

/** Inputs no procedure with an input schema may accept. */
const NOT_AN_OBJECT: unknown[] = ["texte", 42, -1.5, true, false, null, HUGE];

/** Inputs that must never cause a 500, whatever the procedure. */
const SUSPICIOUS: unknown[] = [
  [],
  ["a", 1],
  {},
  {
    email: 42,
    password: ["x"],
    token: {},
    id: "1",
    status: 3,
    motif: 9,
    nom: null,
    limit: "10",
    before: "hier",
    currentPassword: true,
    newPassword: {},
    organisation: [],
  },
  { id: -1, limit: -5, before: -1 },
  { id: 1.5, limit: 0.5 },
  { id: 1e308, before: 1e308, limit: 1e308 },
  // One past PostgreSQL's integer, where ids are 32 bits (SQLite's are 64).
  { id: 2 ** 31, before: 2 ** 31, dossierId: 2 ** 31, demarcheId: 2 ** 31 },
  { id: 0, status: "toString" },
  { status: "__proto__" },
  {
    email: `${"a".repeat(5_000)}@${"b".repeat(5_000)}.fr`,
    password: HUGE,
    token: HUGE,
    nom: HUGE,
    organisation: HUGE,
    motif: HUGE,
    currentPassword: HUGE,
    newPassword: HUGE,
  },
  { email: "a@b.fr", password: "", token: "", nom: "", organisation: "", motif: "" },
  { email: "   ", password: " ".repeat(13), token: "../../etc/passwd", nom: " ", motif: " " },
  { email: "a@b.fr\u0000", token: "A".repeat(40) + "\u0000", nom: "\u202e\ud800" },
  JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {}}}'),
  nested(2_000),
];

function nested(depth: number): unknown {
  let value: unknown = { fin: true };
  for (let i = 0; i < depth; i++) value = i % 2 ? { email: value } : [value];
  return value;
}

const ENGLISH = /\b(Invalid|Expected|Received|required|undefined|Unexpected|Cannot|is not|must)\b/;
const FRENCH =
  /[àâçéèêëîïôûùüœ’«»]|\b(le|la|les|de|du|des|un|une|ce|cette|est|pas|doit|vous|votre|valeur|champ|inconnue?|indiquez|demande)\b/i;

function assertFrench(message: unknown, where: string) {
  assert.type(message, "string", where);
  assert.not.match(message as string, ENGLISH, `${where}: "${message}"`);
  assert.match(message as string, FRENCH, `${where}: "${message}"`);
}

/** A refused call: a 4xx with a French message, its status repeated in the body. */
function assertRefused(res: RawResponse, where: string) {
  assert.ok(res.status >= 400 && res.status < 500, `${where}: status ${res.status}`);
  assertFrench(res.body?.error?.message, where);
  assert.is(res.body.error.data?.httpStatus, res.status, where);
}

/** Not a crash: a success, or a refusal as above. */
function assertHandled(res: RawResponse, where: string) {
  assert.ok(res.status < 500, `${where}: status ${res.status} ${JSON.stringify(res.body)}`);
  if (res.status >= 400) assertRefused(res, where);
}

const short = (input: unknown) => {
  const text = JSON.stringify(input) ?? "undefined";
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

async function raw(agent: Agent, path: string, init: RequestInit & { query?: string } = {}) {
  const res = await agent.fetch(`${BASE_URL}/trpc/${path}${init.query ?? ""}`, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: { message: text } };
  }
  return { status: res.status, body } as RawResponse;
}

const malformed = suite<{ t: TestInstance; superAdmin: Agent }>("malformed input");
malformed.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.superAdmin = await superAdminAgent(ctx.t);
});
malformed.after(async (ctx) => {
  await ctx.t.stop();
});

malformed("the router has procedures to try", () => {
  assert.ok(procedures.length >= 15, `${procedures.length} procedures`);
  assert.ok(procedures.some((p) => p.path === "auth.signUp"));
});

for (const who of ["anonymous", "super-admin"] as const) {
  malformed(`every procedure refuses a non-object input with 400 (${who})`, async (ctx) => {
    const agent = who === "anonymous" ? ctx.t.agent() : ctx.superAdmin;
    for (const { path, method, hasInput } of procedures) {
      if (!hasInput) continue;
      for (const input of [undefined, ...NOT_AN_OBJECT]) {
        const where = `${who} ${path}(${short(input)})`;
        const res = await agent.call(path, input, method);
        assert.is(res.status, 400, where);
        assertRefused(res, where);
      }
    }
  });

  malformed(`no procedure gives a 500 or English on suspicious input (${who})`, async (ctx) => {
    const agent = who === "anonymous" ? ctx.t.agent() : ctx.superAdmin;
    for (const { path, method } of procedures) {
      // Signing out would turn the super-admin anonymous for the rest of the loop.
      if (who === "super-admin" && path === "auth.signOut") continue;
      for (const input of [...NOT_AN_OBJECT, ...SUSPICIOUS]) {
        assertHandled(await agent.call(path, input, method), `${who} ${path}(${short(input)})`);
      }
    }
    if (who === "super-admin") {
      assert.ok((await ctx.superAdmin.trpc.auth.me.query()).roles.includes("super_admin"));
    }
  });
}

malformed("a field error names the field in data.fields", async ({ t }) => {
  const res = await t.agent().call("auth.signUp", { email: "camille@exemple.fr", password: 42 });
  assert.is(res.status, 400);
  assert.equal(res.body.error.data.fields, { password: "Indiquez un mot de passe." });
  assert.is(res.body.error.message, "Indiquez un mot de passe.");
  const nested = await t.agent().call("auth.signIn", {});
  assert.is(nested.status, 400);
  assert.equal(Object.keys(nested.body.error.data.fields).sort(), ["email", "password"]);
});

malformed("a body that is not JSON is refused for every mutation", async ({ t }) => {
  const agent = t.agent();
  for (const { path, method } of procedures.filter((p) => p.method === "POST")) {
    for (const body of ['{"email":', "email=a%40b.fr&password=x", "\u0000\u0001", "{}}"]) {
      const res = await raw(agent, path, {
        method,
        body,
        headers: { "content-type": "application/json" },
      });
      assert.is(res.status, 400, `${path} ${body}`);
      assertRefused(res, `${path} body ${JSON.stringify(body)}`);
    }
  }
});

malformed("an ?input= that is not JSON is refused for every query", async ({ t }) => {
  const agent = t.agent();
  for (const { path } of procedures.filter((p) => p.method === "GET")) {
    for (const query of ["?input=%7B", "?input=undefined"]) {
      const res = await raw(agent, path, { query });
      assert.is(res.status, 400, `${path}${query}`);
      assertRefused(res, `${path}${query}`);
    }
    // An empty ?input= is no input, as for tRPC's own handler: a 4xx if one is needed.
    assertHandled(await raw(agent, path, { query: "?input=" }), `${path}?input=`);
  }
  const none = await raw(agent, "auth.session", { query: "?input=" });
  assert.is(none.status, 200, "auth.session takes no input: an empty ?input= is fine");
});

malformed("the wrong HTTP method is refused for every procedure", async ({ t }) => {
  const agent = t.agent();
  for (const { path, method } of procedures) {
    const wrong = method === "GET" ? "POST" : "GET";
    const res = await agent.call(path, undefined, wrong);
    assert.is(res.status, 405, path);
    assertRefused(res, `${wrong} ${path}`);
    for (const other of ["PUT", "DELETE", "PATCH"]) {
      assertRefused(await raw(agent, path, { method: other, body: "{}" }), `${other} ${path}`);
    }
  }
});

malformed("an unknown procedure is a French 404", async ({ t }) => {
  const agent = t.agent();
  for (
    const path of [
      "nexiste.pas",
      "auth",
      "superadmin",
      "superadmin.jobs",
      "",
      "__proto__",
      "constructor",
      "auth.__proto__",
      "toString",
      "auth.session.extra",
      "a".repeat(10_000),
      "%C3%A9t%C3%A9",
    ]
  ) {
    for (const method of ["GET", "POST"] as const) {
      const res = await agent.call(path, {}, method);
      assert.is(res.status, 404, `${method} ${path.slice(0, 30)}`);
      assertRefused(res, `${method} ${path.slice(0, 30)}`);
    }
  }
});

malformed("a path with broken percent-encoding is refused, not a crash", async ({ t }) => {
  const res = await raw(t.agent(), "auth.session%E0%A4%A", {});
  assertHandled(res, "broken percent-encoding");
});

malformed("a batch with garbage answers every item with a French error", async ({ t }) => {
  const agent = t.agent();
  const cases: { paths: string; method: "GET" | "POST"; body?: string; query?: string }[] = [
    { paths: "auth.signUp,auth.signIn", method: "POST", body: '{"0":"x","1":[1]}' },
    { paths: "auth.signUp,auth.signIn", method: "POST", body: "[null, 42]" },
    { paths: "auth.signUp,auth.signIn", method: "POST", body: '"texte"' },
    { paths: "auth.signUp,nexiste", method: "POST", body: "{}" },
    { paths: ",,", method: "POST", body: "{}" },
    { paths: "auth.session,auth.me,nexiste", method: "GET", query: "&input=%7B%220%22%3A1%7D" },
  ];
  for (const c of cases) {
    const where = `${c.method} batch ${c.paths.slice(0, 40)} ${c.body ?? c.query ?? ""}`;
    const res = await raw(agent, c.paths, {
      method: c.method,
      body: c.body,
      query: `?batch=1${c.query ?? ""}`,
      headers: { "content-type": "application/json" },
    });
    assert.ok(res.status < 500, `${where}: ${res.status}`);
    assert.ok(Array.isArray(res.body), where);
    assert.is(res.body.length, c.paths.split(",").length, where);
    for (
      const item of res.body as { error?: { message: string; data: { httpStatus: number } } }[]
    ) {
      if (!item.error) continue;
      assert.ok(item.error.data.httpStatus < 500, where);
      assertFrench(item.error.message, where);
    }
  }
  const huge = await raw(agent, ",".repeat(500), { method: "GET", query: "?batch=1" });
  assert.is(huge.status, 400, "a batch of 501 calls is refused whole");
  assertFrench(huge.body.error.message, "huge batch");
  const mixed = await raw(agent, "auth.session,auth.signUp", { method: "GET", query: "?batch=1" });
  assertRefused(mixed, "a batch mixing a query and a mutation is refused whole");
  const broken = await raw(agent, "auth.signUp,auth.signIn", {
    method: "POST",
    body: "{pas du json",
    query: "?batch=1",
    headers: { "content-type": "application/json" },
  });
  assert.is(broken.status, 400, "batch with a body that is not JSON");
  assert.is(broken.body.length, 2, "an error for each call, as tRPC answers");
  for (const item of broken.body) assertFrench(item.error.message, "batch with a bad body");
});

malformed("the instance still works after all of this", async ({ t, superAdmin }) => {
  const health = await t.app.request("/healthz");
  assert.equal(await health.json(), { status: "ok" });
  assert.ok(Array.isArray(await superAdmin.trpc.superadmin.jobs.list.query({})));
});

malformed.run();
