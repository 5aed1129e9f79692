/**
 * The tRPC transport's contract: `core/api/http.ts` runs procedures over tRPC's internals
 * (`_def.procedures`, the middleware chain) for speed, so every request here goes both through
 * it and through `@trpc/server`'s own `fetchRequestHandler`, with the same router and the same
 * context, and the two answers must match: status, JSON body, `Content-Type`, `Allow` and
 * `Set-Cookie`. An upgrade of tRPC that changes its wire format fails here. Over 400 lines
 * because each request of the contract is one case, all against the same two handlers.
 *
 * Deliberate differences, each asserted below: the messages the transport writes itself
 * (unknown procedure, wrong method, malformed JSON, batch limits, bad URL encoding, missing
 * JSON content type) are French and say what to do — tRPC's are English, and its JSON errors
 * are the engine's text; a body over 2 MB gets a 413 before it is read whole (tRPC reads any
 * size); multipart and octet-stream bodies are refused with a 415 (tRPC passes them to the
 * procedure; files go through `/files` here); and a request refused as a whole (before any
 * procedure: content type, batch size or mix, path encoding) is labelled `application/json`, as
 * its body is, where tRPC leaves the `Response` default, `text/plain;charset=UTF-8`.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import type { AnyTRPCRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createTrpcHandler } from "../../../core/api/http.ts";
import { appRouter } from "../../../core/api/router.ts";
import { type Context, publicProcedure, router } from "../../../core/rpc/trpc.ts";
import { authorize } from "../../../core/policy/mod.ts";
import { AppError } from "../../../core/errors.ts";
import type { Deps } from "../../../core/deps.ts";
import { startTestInstance, type TestInstance } from "../../helpers/instance.ts";

/** Procedures standing for every kind of answer, built like the app's on `publicProcedure`. */
const contractRouter = router({
  hello: publicProcedure
    .input(v.object({ name: v.pipe(v.string("Indiquez un nom."), v.minLength(2, "Trop court.")) }))
    .query(({ input }) => `Bonjour ${input.name}`),
  bare: publicProcedure.query(() => ({ n: 1, list: [1, "deux", null], nested: { ok: true } })),
  nothing: publicProcedure.query(() => undefined),
  save: publicProcedure
    .input(v.object({ n: v.number("Indiquez un nombre.") }))
    .mutation(({ input, ctx }) => {
      ctx.setSession({ token: `jeton-${input.n}`, expiresAt: new Date(0) });
      return { n: input.n + 1 };
    }),
  refuse: publicProcedure.mutation(() => {
    throw new AppError("CONFLICT", "Ce dossier a déjà été déposé.", { n: "Déjà fait." }, "deja");
  }),
  mine: publicProcedure.query(({ ctx }) => authorize(ctx.actor, "compte.lire").userId),
  crash: publicProcedure.query(() => {
    throw new Error("panne");
  }),
});

type Headers3 = { contentType: string | null; allow: string | null; cookies: string[] };
interface Answer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  headers: Headers3;
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  return {
    status: res.status,
    body: text === "" ? null : JSON.parse(text),
    headers: {
      contentType: res.headers.get("content-type"),
      allow: res.headers.get("allow"),
      cookies: res.headers.getSetCookie(),
    },
  };
}

interface Call {
  method: string;
  /** After `/trpc/`, with the query string. */
  path: string;
  body?: string;
  /** `null` for none; by default JSON for every method but GET. */
  contentType?: string | null;
}

function requestOf(call: Call): Request {
  const type = call.contentType === undefined
    ? (call.method === "GET" || call.method === "HEAD" ? null : "application/json")
    : call.contentType;
  return new Request(`http://localhost:8000/trpc/${call.path}`, {
    method: call.method,
    body: call.body,
    headers: type === null ? {} : { "content-type": type },
  });
}

/** The same request through our transport and through tRPC's, with the same context. */
async function both(
  appRouterUnderTest: AnyTRPCRouter,
  deps: Deps,
  call: Call,
): Promise<{ ours: Answer; theirs: Answer }> {
  const context = (setCookie: (cookie: string) => void): Context => ({
    deps,
    actor: null,
    ip: "192.0.2.1",
    userAgent: null,
    setSession: (session) => setCookie(`guichet_session=${session?.token ?? ""}; Path=/`),
  });
  const ours = await createTrpcHandler(appRouterUnderTest, { prefixLength: "/trpc/".length })(
    requestOf(call),
    (setCookie) => Promise.resolve(context(setCookie)),
  );
  const theirs = await fetchRequestHandler({
    endpoint: "/trpc",
    req: requestOf(call),
    router: appRouterUnderTest,
    maxBatchSize: 20,
    createContext: ({ resHeaders }) => context((cookie) => resHeaders.append("set-cookie", cookie)),
  });
  return { ours: await read(ours), theirs: await read(theirs) };
}

/** Every `error` of a body (one, or one per call of a batch). */
// deno-lint-ignore no-explicit-any
function errorsOf(body: any): { message: string }[] {
  if (Array.isArray(body)) return body.flatMap(errorsOf);
  return body?.error ? [body.error] : [];
}

/**
 * Requires the two answers identical, but for the messages our transport writes itself in
 * French: with `french`, each error message of ours must match it, and the messages are then
 * left out of the comparison.
 */
function assertSame(
  name: string,
  answers: { ours: Answer; theirs: Answer },
  french?: RegExp,
  whole?: true,
) {
  const { ours, theirs } = answers;
  if (whole) {
    assert.is(theirs.headers.contentType, "text/plain;charset=UTF-8", name);
    assert.is(ours.headers.contentType, "application/json", name);
    theirs.headers.contentType = ours.headers.contentType;
  }
  if (french) {
    const mine = errorsOf(ours.body);
    assert.ok(mine.length > 0, `${name}: an error was expected, got ${JSON.stringify(ours.body)}`);
    for (const e of mine) assert.match(e.message, french, name);
    assert.is(errorsOf(theirs.body).length, mine.length, `${name}: as many errors`);
    for (const e of [...mine, ...errorsOf(theirs.body)]) e.message = "(message)";
  }
  assert.equal(
    { status: ours.status, body: ours.body, headers: ours.headers },
    { status: theirs.status, body: theirs.body, headers: theirs.headers },
    name,
  );
}

const q = (input: unknown) => encodeURIComponent(JSON.stringify(input));

const FRENCH = {
  notFound: /^Procédure inconnue : « .+ »\.$/,
  wrongMethod:
    /^« .+ » (est une lecture : appelez-la en GET|modifie des données : appelez-la en POST)\.$/,
  badJson: /^Requête mal formée : (le corps|le paramètre « input ») n’est pas du JSON valide\.$/,
  batchInput: /^Requête mal formée : les données d’un appel groupé sont un objet/,
  tooMany: /^Requête refusée : au plus 20 appels groupés\.$/,
  mixed: /^Requête refusée : un appel groupé ne mêle pas lectures et modifications\.$/,
  encoding: /^Requête mal formée : l’adresse est mal encodée\.$/,
  json: /^Requête refusée : envoyez les données en JSON/,
};

interface Case extends Call {
  name: string;
  french?: RegExp;
  /** Refused as a whole: tRPC labels its JSON `text/plain` (see the top of this file). */
  whole?: true;
}

const CASES: Case[] = [
  { name: "a single query with ?input=", method: "GET", path: `hello?input=${q({ name: "Ana" })}` },
  { name: "a query without input", method: "GET", path: "bare" },
  { name: "a query answering nothing", method: "GET", path: "nothing" },
  { name: "an empty ?input= reads as no input", method: "GET", path: "hello?input=" },
  { name: "a single mutation (and its cookie)", method: "POST", path: "save", body: '{"n":1}' },
  {
    name: "a JSON content type with parameters, in capitals",
    method: "POST",
    path: "save",
    body: '{"n":2}',
    contentType: "Application/JSON; charset=utf-8",
  },
  {
    name: "a batch of queries",
    method: "GET",
    path: `hello,bare,hello?batch=1&input=${q({ 0: { name: "Ana" }, 2: { name: "Léa" } })}`,
  },
  {
    name: "a batch of mutations (a cookie each)",
    method: "POST",
    path: "save,save?batch=1",
    body: JSON.stringify({ 0: { n: 1 }, 1: { n: 2 } }),
  },
  {
    name: "a batch where one call fails: 207",
    method: "POST",
    path: "save,refuse?batch=1",
    body: JSON.stringify({ 0: { n: 1 } }),
  },
  {
    name: "a batch where every call fails the same way",
    method: "GET",
    path: `hello,hello?batch=1&input=${q({ 0: { name: "A" }, 1: {} })}`,
  },
  { name: "a batch without input", method: "GET", path: "bare,nothing?batch=1" },
  {
    name: "bad input failing valibot (query)",
    method: "GET",
    path: `hello?input=${q({ name: "A" })}`,
  },
  { name: "bad input failing valibot (mutation)", method: "POST", path: "save", body: '{"n":"x"}' },
  { name: "a mutation without its input", method: "POST", path: "save", body: "" },
  { name: "an AppError from a service", method: "POST", path: "refuse" },
  { name: "unauthorized", method: "GET", path: "mine" },
  { name: "an unexpected error: 500 without details", method: "GET", path: "crash" },
  { name: "HEAD", method: "HEAD", path: "bare" },
  { name: "an unknown procedure", method: "GET", path: "inconnue", french: FRENCH.notFound },
  {
    name: "an unknown procedure in a batch",
    method: "GET",
    path: `hello,inconnue?batch=1&input=${q({ 0: { name: "Ana" } })}`,
    french: FRENCH.notFound,
  },
  {
    name: "an encoded unknown procedure",
    method: "GET",
    path: "h%C3%A9llo",
    french: FRENCH.notFound,
  },
  {
    name: "a query called with POST",
    method: "POST",
    path: "hello",
    body: '{"name":"Ana"}',
    french: FRENCH.wrongMethod,
  },
  {
    name: "a mutation called with GET",
    method: "GET",
    path: `save?input=${q({ n: 1 })}`,
    french: FRENCH.wrongMethod,
  },
  {
    name: "a mutation called with PUT",
    method: "PUT",
    path: "save",
    body: '{"n":1}',
    french: FRENCH.wrongMethod,
  },
  {
    name: "a query called with DELETE",
    method: "DELETE",
    path: "bare",
    french: FRENCH.wrongMethod,
  },
  {
    name: "malformed JSON in the body",
    method: "POST",
    path: "save",
    body: "{pas du json",
    french: FRENCH.badJson,
  },
  {
    name: "malformed JSON in ?input=",
    method: "GET",
    path: "hello?input=%7Bnope",
    french: FRENCH.badJson,
  },
  {
    name: "malformed JSON in a batch: an error per call",
    method: "POST",
    path: "save,save?batch=1",
    body: "{pas du json",
    french: FRENCH.badJson,
  },
  {
    name: "a batch whose input is an array",
    method: "POST",
    path: "save,save?batch=1",
    body: JSON.stringify([{ n: 1 }, { n: 2 }]),
    french: FRENCH.batchInput,
  },
  {
    name: "a batch whose input is a number",
    method: "GET",
    path: `hello,bare?batch=1&input=5`,
    french: FRENCH.batchInput,
  },
  {
    name: "a batch of more than 20 calls",
    method: "GET",
    path: `${Array(21).fill("bare").join(",")}?batch=1`,
    french: FRENCH.tooMany,
    whole: true,
  },
  {
    name: "a batch of exactly 20 calls",
    method: "GET",
    path: `${Array(20).fill("bare").join(",")}?batch=1`,
  },
  {
    name: "a batch mixing a query and a mutation",
    method: "GET",
    path: `hello,save?batch=1&input=${q({ 0: { name: "Ana" } })}`,
    french: FRENCH.mixed,
    whole: true,
  },
  {
    name: "a badly encoded path",
    method: "GET",
    path: "bare%E0%A4%A",
    french: FRENCH.encoding,
    whole: true,
  },
  {
    name: "a POST without Content-Type",
    method: "POST",
    path: "save",
    body: '{"n":1}',
    contentType: null,
    french: FRENCH.json,
    whole: true,
  },
  {
    name: "a POST in text/plain",
    method: "POST",
    path: "save",
    body: '{"n":1}',
    contentType: "text/plain",
    french: FRENCH.json,
    whole: true,
  },
];

const contract = suite<{ t: TestInstance }>("tRPC transport: same answers as fetchRequestHandler");

contract.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
contract.after(async ({ t }) => await t.stop());

for (const c of CASES) {
  contract(c.name, async ({ t }) => {
    const quiet = console.error;
    console.error = () => {}; // the 500 case logs its cause, as it should
    try {
      assertSame(c.name, await both(contractRouter, t.deps, c), c.french, c.whole);
    } finally {
      console.error = quiet;
    }
  });
}

contract(
  "the application's router answers the same: a session, sign-in refusals, a batch",
  async ({ t }) => {
    const calls: Case[] = [
      { name: "auth.session, anonymous", method: "GET", path: "auth.session" },
      { name: "auth.me, unauthorized", method: "GET", path: "auth.me" },
      {
        name: "admin.demarches.list, unauthorized",
        method: "GET",
        path: `admin.demarches.list?input=${q({})}`,
      },
      {
        name: "auth.signIn, bad input",
        method: "POST",
        path: "auth.signIn",
        body: JSON.stringify({ email: 42 }),
      },
      {
        name: "auth.signIn, unknown account",
        method: "POST",
        path: "auth.signIn",
        body: JSON.stringify({ email: "personne@exemple.fr", password: "Pas-le-bon-mot-42" }),
      },
      {
        name: "a batch of the page's first queries",
        method: "GET",
        path: "auth.session,auth.installationInfo,auth.me?batch=1",
      },
      {
        name: "text no person types, refused at the boundary",
        method: "POST",
        path: "auth.signIn",
        body: JSON.stringify({ email: "a\u0000@exemple.fr", password: "x" }),
      },
    ];
    for (const c of calls) assertSame(c.name, await both(appRouter, t.deps, c), c.french);
  },
);

const deliberate = suite<{ t: TestInstance }>("tRPC transport: deliberate differences");

deliberate.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
deliberate.after(async ({ t }) => await t.stop());

deliberate(
  "a body over 2 MB is refused with a 413 before it is read (tRPC reads it)",
  async ({ t }) => {
    const big = JSON.stringify({ n: 1, padding: "x".repeat(3 * 1024 * 1024) });
    const { ours, theirs } = await both(contractRouter, t.deps, {
      method: "POST",
      path: "save",
      body: big,
    });
    assert.is(ours.status, 413);
    assert.is(ours.body.error.data.code, "PAYLOAD_TOO_LARGE");
    assert.match(ours.body.error.message, /dépasse 2 Mo.*\/files/);
    assert.is(theirs.status, 200);
  },
);

deliberate(
  "multipart and octet-stream bodies get a 415 (tRPC hands them to the procedure)",
  async ({ t }) => {
    for (const contentType of ["multipart/form-data; boundary=x", "application/octet-stream"]) {
      const { ours, theirs } = await both(contractRouter, t.deps, {
        method: "POST",
        path: "save",
        body: "--x--",
        contentType,
      });
      assert.is(ours.status, 415, contentType);
      assert.match(ours.body.error.message, FRENCH.json, contentType);
      assert.is.not(theirs.status, 415, contentType);
    }
  },
);

contract.run();
deliberate.run();
