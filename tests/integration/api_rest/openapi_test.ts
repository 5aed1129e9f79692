/**
 * The OpenAPI 3.1 document at /api/v1/openapi.json: served without a jeton, structurally
 * valid (every $ref resolves, every schema compiles as JSON Schema 2020-12), listing exactly
 * the routes the server serves, and describing what the server really answers: real answers
 * of every route, reads and writes, successes and errors, are validated against the documented
 * schemas with ajv.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { Ajv2020 } from "ajv/dist/2020.js";
import { BASE_URL } from "../../helpers/instance.ts";
import { type ApiCtx, get, setUp } from "./_setup.ts";
import { createApiRest } from "../../../core/api_rest/http.ts";

type Json = Record<string, unknown>;

interface Ctx extends ApiCtx {
  doc: Json;
}

const openapi = suite<Ctx>("OpenAPI document");
openapi.before(async (ctx) => {
  await setUp(ctx);
  const res = await ctx.t.app.fetch(new Request(`${BASE_URL}/api/v1/openapi.json`));
  assert.is(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  ctx.doc = await res.json();
});
openapi.after(async (ctx) => {
  await ctx.t.stop();
});

/** Every `$ref` of the document, with where it is. */
function refs(value: unknown, at = "#"): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === "$ref" && typeof v === "string" ? [[at, v] as [string, string]] : refs(v, `${at}/${k}`)
  );
}

function resolve(doc: Json, ref: string): unknown {
  assert.ok(ref.startsWith("#/"), `${ref} is local`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/")) {
    node = (node as Json | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return node;
}

const operations = (doc: Json) =>
  Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op }))
  );

openapi("it is OpenAPI 3.1 with info, paths, a bearer scheme, and every $ref resolves", (ctx) => {
  const doc = ctx.doc;
  assert.match(String(doc.openapi), /^3\.1\.\d+$/);
  const info = doc.info as Json;
  assert.type(info.title, "string");
  assert.type(info.version, "string");
  assert.ok(Object.keys(doc.paths as Json).length >= 5);
  const schemes = (doc.components as Json).securitySchemes as Record<string, Json>;
  assert.equal(schemes.jeton.type, "http");
  assert.equal(schemes.jeton.scheme, "bearer");
  const all = refs(doc);
  assert.ok(all.length > 10, "errors are shared components");
  for (const [at, ref] of all) assert.ok(resolve(doc, ref) !== undefined, `${at}: ${ref}`);
  for (const { path, method, op } of operations(doc)) {
    assert.type(op.summary, "string", `${method} ${path}`);
    const successes = Object.keys(op.responses as Json).filter((code) => code.startsWith("2"));
    assert.is(successes.length, 1, `${method} ${path} documents its success`);
    const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const declared = ((op.parameters ?? []) as Json[]).filter((p) => p.in === "path")
      .map((p) => p.name as string).sort();
    assert.equal(declared, templated, `${method} ${path}: its path parameters`);
  }
  const ids = operations(doc).map(({ op }) => op.operationId);
  assert.is(new Set(ids).size, ids.length, "operationIds are unique");
});

openapi("every schema of the document compiles as JSON Schema 2020-12", (ctx) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(ctx.doc, "doc");
  for (const { path, method, op } of operations(ctx.doc)) {
    for (const [code, answer] of Object.entries(op.responses as Record<string, Json>)) {
      const content = (answer.$ref ? resolve(ctx.doc, answer.$ref as string) as Json : answer)
        .content as Record<string, { schema: Json }>;
      for (const [type, { schema }] of Object.entries(content)) {
        const local = schema.$ref ? { $ref: `doc${schema.$ref as string}` } : schema;
        assert.ok(ajv.compile(local), `${method} ${path} ${code} ${type}`);
      }
    }
  }
});

openapi("the document lists exactly the routes the server serves", (ctx) => {
  const served = createApiRest(ctx.t.deps).routes
    .filter((r) => r.path !== "/*" && r.method !== "ALL")
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  const documented = operations(ctx.doc).map(({ method, path }) => `${method} ${path}`);
  assert.equal([...new Set(served)].sort(), documented.sort());
  assert.ok(documented.includes("GET /openapi.json"));
  assert.ok(documented.includes("GET /demarches/{id}"));
  assert.ok(documented.includes("GET /dossiers/{id}/fichiers/{fichierId}"));
});

/** The answers validated so far, as `POST /dossiers/{id}/accepter 200`. */
const validated = new Set<string>();

/** Validates a real answer against the document's schema of `method path` and `code`. */
function validate(doc: Json, method: string, path: string, code: string, body: unknown) {
  validated.add(`${method} ${path} ${code}`);
  const op = (doc.paths as Record<string, Record<string, Json>>)[path]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${path} is documented`);
  let answer = (op.responses as Record<string, Json>)[code];
  assert.ok(answer, `${method} ${path} documents ${code}`);
  if (answer.$ref) answer = resolve(doc, answer.$ref as string) as Json;
  const { schema } = (answer.content as Record<string, { schema: Json }>)["application/json"];
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(doc, "doc");
  // A $ref inside (the error answers) points into the document: resolve it from there.
  const check = ajv.compile(
    schema.$ref ? { $ref: `doc${schema.$ref as string}` } : schema,
  );
  const ok = check(body);
  assert.ok(ok, `${method} ${path} ${code}: ${JSON.stringify(check.errors)}`);
}

openapi("real answers match their documented schemas, errors included", async (ctx) => {
  await ctx.marc.trpc.instruction.saveAnnotations.mutate({
    id: ctx.deposited[0],
    values: { avis: "Complet." },
  });
  const cases: [string, string][] = [
    ["/demarches", "/demarches"],
    [`/demarches/${ctx.demarcheId}`, "/demarches/{id}"],
    [`/demarches/${ctx.demarcheId}/dossiers?limite=2`, "/demarches/{id}/dossiers"],
    [`/dossiers/${ctx.deposited[0]}`, "/dossiers/{id}"],
  ];
  for (const [url, path] of cases) {
    const { status, body } = await get(ctx, url);
    assert.is(status, 200, url);
    validate(ctx.doc, "GET", path, "200", body);
  }
  const doc = await get(ctx, "/openapi.json", null);
  validate(ctx.doc, "GET", "/openapi.json", "200", doc.body);
  const missing = await get(ctx, "/dossiers/999999");
  assert.is(missing.status, 404);
  validate(ctx.doc, "GET", "/dossiers/{id}", "404", missing.body);
  const bad = await get(ctx, `/demarches/${ctx.demarcheId}/dossiers?limite=0`);
  validate(ctx.doc, "GET", "/demarches/{id}/dossiers", "400", bad.body);
  const noToken = await get(ctx, "/demarches", null);
  validate(ctx.doc, "GET", "/demarches", "401", noToken.body);
});

openapi("a drifted answer fails the check: the schemas are strict", (ctx) => {
  const ajv = new Ajv2020({ strict: false });
  const op = (ctx.doc.paths as Record<string, Record<string, Json>>)["/demarches"].get;
  const { schema } =
    ((op.responses as Record<string, Json>)["200"].content as Record<string, { schema: Json }>)[
      "application/json"
    ];
  const check = ajv.compile(schema);
  const answer = {
    demarches: [{
      id: 1,
      titre: "T",
      etat: "publiee",
      chemin: "t",
      dossiers: { total: 0, par_etat: {} },
    }],
  };
  assert.ok(check(answer));
  assert.not.ok(check({ demarches: [{ ...answer.demarches[0], nouveau: 1 }] }), "a new field");
  assert.not.ok(check({ demarches: [{ ...answer.demarches[0], id: "1" }] }), "another type");
});

openapi("the document is French and needs no jeton", (ctx) => {
  for (const { method, path, op } of operations(ctx.doc)) {
    assert.match(String(op.summary), /[a-zéèàù]/, `${method} ${path}`);
    if (path === "/openapi.json") assert.equal(op.security, []);
    else assert.equal(op.security, [{ jeton: [] }], `${method} ${path}`);
  }
  const queryParams = ((ctx.doc.paths as Record<string, Record<string, Json>>)[
    "/demarches/{id}/dossiers"
  ].get.parameters as Json[]).filter((p) => p.in === "query").map((p) => p.name);
  assert.equal(queryParams.sort(), ["apres", "depuis", "etat", "limite"]);
});

/** A tool's request with a body: status, headers and JSON. */
async function send(
  ctx: Ctx,
  method: string,
  url: string,
  body: unknown,
  secret: string,
) {
  const res = await ctx.t.app.fetch(
    new Request(`${BASE_URL}/api/v1${url}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, headers: res.headers, body: await res.json() };
}

openapi(
  "every write route's real answers match their schemas, 400/403/409 included",
  async (ctx) => {
    // The administrateur instructs the démarche, and its jeton « instruction » acts as them.
    const admin = ctx.admin.trpc.admin;
    const [defaut] = await admin.demarches.groupes.list.query({ demarcheId: ctx.demarcheId });
    await admin.demarches.groupes.addInstructeur.mutate({
      demarcheId: ctx.demarcheId,
      groupeId: defaut.id,
      email: "super@guichet.test",
    });
    await admin.demarches.labels.create.mutate({
      demarcheId: ctx.demarcheId,
      name: "Urgent",
      color: "bleu",
    });
    const { secret } = await admin.jetons.create.mutate({
      label: "Logiciel métier",
      days: 30,
      demarcheIds: null,
      access: "instruction",
    });
    const [, accepted, refused, other] = ctx.deposited;
    const cases: [string, string, string, unknown, number, string?][] = [
      ["POST", `/demarches/${ctx.demarcheId}/dossiers`, "/demarches/{id}/dossiers", {
        champs: { nom: "Le Cormoran", longueur: 7.5 },
      }, 201],
      ["POST", `/demarches/${ctx.demarcheId}/dossiers`, "/demarches/{id}/dossiers", {
        champs: { longueur: "long" },
      }, 400],
      [
        "POST",
        `/demarches/${ctx.demarcheId}/dossiers`,
        "/demarches/{id}/dossiers",
        {
          champs: {},
        },
        403,
        ctx.secret,
      ],
      [
        "POST",
        `/dossiers/${accepted}/passer-en-instruction`,
        "/dossiers/{id}/passer-en-instruction",
        {},
        200,
      ],
      [
        "POST",
        `/dossiers/${accepted}/passer-en-instruction`,
        "/dossiers/{id}/passer-en-instruction",
        {},
        409,
      ],
      ["POST", `/dossiers/${accepted}/accepter`, "/dossiers/{id}/accepter", {
        motivation: "Complet.",
      }, 200],
      ["POST", `/dossiers/${accepted}/refuser`, "/dossiers/{id}/refuser", {
        motivation: "Trop tard.",
      }, 409],
      [
        "POST",
        `/dossiers/${refused}/passer-en-instruction`,
        "/dossiers/{id}/passer-en-instruction",
        {},
        200,
      ],
      ["POST", `/dossiers/${refused}/refuser`, "/dossiers/{id}/refuser", {}, 400],
      ["POST", `/dossiers/${refused}/refuser`, "/dossiers/{id}/refuser", {
        motivation: "Bateau trop long.",
      }, 200],
      [
        "POST",
        `/dossiers/${refused}/messages`,
        "/dossiers/{id}/messages",
        { message: "Bonjour" },
        409,
      ],
      [
        "POST",
        `/dossiers/${other}/messages`,
        "/dossiers/{id}/messages",
        { message: "Bonjour" },
        200,
      ],
      ["POST", `/dossiers/${other}/messages`, "/dossiers/{id}/messages", { message: "" }, 400],
      [
        "POST",
        `/dossiers/${other}/messages`,
        "/dossiers/{id}/messages",
        {
          message: "Bonjour",
        },
        403,
        ctx.secret,
      ],
      ["PATCH", `/dossiers/${other}/annotations`, "/dossiers/{id}/annotations", {
        annotations: { avis: "Favorable" },
      }, 200],
      ["PATCH", `/dossiers/${other}/annotations`, "/dossiers/{id}/annotations", {
        annotations: { inconnue: 1 },
      }, 400],
      ["PATCH", `/dossiers/${other}/etiquettes`, "/dossiers/{id}/etiquettes", {
        ajouter: ["Urgent"],
      }, 200],
      ["PATCH", `/dossiers/${other}/etiquettes`, "/dossiers/{id}/etiquettes", {
        ajouter: ["Prioritaire"],
      }, 400],
      [
        "POST",
        `/dossiers/${other}/passer-en-instruction`,
        "/dossiers/{id}/passer-en-instruction",
        {},
        200,
      ],
      ["POST", `/dossiers/${other}/demander-correction`, "/dossiers/{id}/demander-correction", {
        message: "La photo est illisible.",
        raison: "incorrect",
      }, 200],
      ["POST", `/dossiers/${other}/demander-correction`, "/dossiers/{id}/demander-correction", {
        message: "La photo est illisible.",
        raison: "autre",
      }, 400],
      [
        "POST",
        `/dossiers/${other}/passer-en-instruction`,
        "/dossiers/{id}/passer-en-instruction",
        {},
        200,
      ],
      ["POST", `/dossiers/${other}/classer-sans-suite`, "/dossiers/{id}/classer-sans-suite", {
        motivation: "Demande retirée.",
      }, 200],
      ["POST", `/dossiers/${other}/classer-sans-suite`, "/dossiers/{id}/classer-sans-suite", {
        motivation: "Demande retirée.",
      }, 409],
      ["POST", `/dossiers/${other}/demander-correction`, "/dossiers/{id}/demander-correction", {
        message: "Trop tard.",
      }, 409],
    ];
    for (const [method, url, path, body, code, jeton] of cases) {
      const res = await send(ctx, method, url, body, jeton ?? secret);
      assert.is(res.status, code, `${method} ${url}: ${JSON.stringify(res.body)}`);
      validate(ctx.doc, method, path, String(code), res.body);
      if (code === 201) {
        assert.is(
          res.headers.get("location"),
          `${BASE_URL}/api/v1/dossiers/${res.body.dossier.id}`,
          "a creation says where its dossier is",
        );
      }
    }
    // No write route escapes: each one's documented success was checked against a real answer.
    for (const { method, path, op } of operations(ctx.doc)) {
      if (method === "GET") continue;
      const success = Object.keys(op.responses as Json).find((c) => c.startsWith("2"));
      assert.ok(validated.has(`${method} ${path} ${success}`), `${method} ${path} ${success}`);
    }
    for (const code of ["400", "403", "409"]) {
      assert.ok([...validated].some((v) => v.endsWith(` ${code}`)), `a ${code} was checked`);
    }
  },
);

openapi.run();
