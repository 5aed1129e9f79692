/**
 * The HTTP surface as a browser or a script meets it: the security headers on every answer,
 * and malformed requests (bad percent-encoding, a folder instead of a file) answered with a
 * French 4xx instead of a 500 or a broken connection.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { BASE_URL, startTestInstance, type TestInstance } from "../helpers/instance.ts";

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Status, content type and the whole body (reading it proves the connection held). */
async function get(t: TestInstance, path: string, init: RequestInit = {}) {
  const res = await t.agent({ ip: "127.0.0.1" }).fetch(`${BASE_URL}${path}`, init);
  return {
    status: res.status,
    headers: res.headers,
    type: res.headers.get("content-type") ?? "",
    text: await res.text(),
  };
}

const headers = suite<{ http: TestInstance; https: TestInstance }>("security headers");
headers.before(async (ctx) => {
  ctx.http = await startTestInstance({ serveUi: true });
  ctx.https = await startTestInstance({
    serveUi: true,
    env: { BASE_URL: "https://guichet.exemple.fr" },
  });
});
headers.after(async (ctx) => {
  await ctx.http.stop();
  await ctx.https.stop();
});

headers("every answer carries the Content-Security-Policy", async ({ http }) => {
  for (const path of ["/", "/commencer/exemple", "/healthz", "/trpc/auth.session", "/api/v1/x"]) {
    const res = await get(http, path);
    assert.is(res.headers.get("content-security-policy"), CSP, path);
    assert.is(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.is(res.headers.get("x-frame-options"), "DENY", path);
  }
});

headers("tRPC answers of every kind carry each security header once", async ({ http, https }) => {
  const json = { "content-type": "application/json" };
  const answers = {
    "a mutation refused": await get(http, "/trpc/usager.save", {
      method: "POST",
      headers: json,
      body: '{"id":1,"values":{}}',
    }),
    "a malformed body": await get(http, "/trpc/usager.save", {
      method: "POST",
      headers: json,
      body: "{",
    }),
    "a batch": await get(http, "/trpc/auth.session,auth.session?batch=1&input={}"),
    "a compressed one": await get(http, "/trpc/auth.session", {
      headers: { "accept-encoding": "gzip" },
    }),
    "a HEAD": await get(http, "/trpc/auth.session", { method: "HEAD" }),
  };
  for (const [name, res] of Object.entries(answers)) {
    assert.is(res.headers.get("content-security-policy"), CSP, name);
    assert.is(res.headers.get("x-content-type-options"), "nosniff", name);
    assert.is(res.headers.get("referrer-policy"), "same-origin", name);
    assert.is(res.headers.get("x-frame-options"), "DENY", name);
    assert.is(res.headers.get("strict-transport-security"), null, name);
  }
  const secure = await get(https, "/trpc/usager.save", {
    method: "POST",
    headers: json,
    body: "{",
  });
  assert.is(secure.headers.get("strict-transport-security"), "max-age=31536000; includeSubDomains");
});

headers("an attestation's verification page is kept out of search engines", async ({ http }) => {
  const page = await get(http, "/attestations/ABCD-EFGH-IJKL-MNOP-QRST");
  assert.is(page.headers.get("x-robots-tag"), "noindex, nofollow");
  assert.is(page.headers.get("referrer-policy"), "same-origin");
  assert.is((await get(http, "/commencer/exemple")).headers.get("x-robots-tag"), null);
});

headers("the built UI needs nothing the policy forbids", async ({ http }) => {
  const index = (await get(http, "/")).text;
  assert.not.match(index, /<script(?![^>]*\ssrc=)[^>]*>/, "an inline <script>");
  assert.not.match(index, /<style/, "an inline <style>");
  assert.not.match(index, /\sstyle=/, "a style attribute");
  for (const [, asset] of index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)) {
    const js = (await get(http, asset)).text;
    // Solid writes a static `style={{…}}` into its HTML templates: an inline style attribute.
    assert.not.match(js, /<[a-z][^<>]*\sstyle=/, `a template with a style attribute in ${asset}`);
  }
});

headers("the mail catcher's page has its own policy, allowing only its style", async ({ http }) => {
  const res = await get(http, "/_dev/mails");
  assert.is(res.status, 200);
  const policy = res.headers.get("content-security-policy") ?? "";
  const [, hash] = /style-src '(sha256-[^']+)'/.exec(policy) ?? [];
  assert.ok(hash, policy);
  const style = /<style>([^<]*)<\/style>/.exec(res.text)![1];
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style)),
  );
  assert.is(hash, `sha256-${btoa(String.fromCharCode(...digest))}`);
  assert.match(policy, /default-src 'none'/);
});

headers("HSTS is sent when BASE_URL is https, and only then", async ({ http, https }) => {
  for (const path of ["/", "/healthz", "/trpc/auth.session"]) {
    assert.is(
      (await get(https, path)).headers.get("strict-transport-security"),
      "max-age=31536000; includeSubDomains",
      path,
    );
    assert.is((await get(http, path)).headers.get("strict-transport-security"), null, path);
  }
});

const malformed = suite<{ t: TestInstance }>("malformed requests");
malformed.before(async (ctx) => {
  ctx.t = await startTestInstance({ serveUi: true });
});
malformed.after(async (ctx) => {
  await ctx.t.stop();
});

malformed("a path with bad percent-encoding gets a French 400", async ({ t }) => {
  for (const path of ["/%E0%A4%A", "/assets/%E0%A4%A.js", "/commencer/%C3%28", "/%"]) {
    const res = await get(t, path);
    assert.is(res.status, 400, path);
    assert.match(res.text, /adresse .*mal encodée/, path);
  }
});

malformed("no route answers a badly encoded path with a 500", async ({ t }) => {
  const paths = [
    "/trpc/auth.session%E0%A4%A",
    "/api/v1/dossiers/%E0%A4%A",
    "/files/%E0%A4%A",
    "/dossiers/%E0%A4%A/pdf",
    "/_dev/%E0%A4%A",
    "/healthz%E0%A4%A",
  ];
  for (const path of paths) {
    const res = await get(t, path);
    assert.ok(res.status >= 400 && res.status < 500, `${path} answered ${res.status}`);
    assert.not.match(res.text, /Internal Server Error|Not Found/, path);
  }
});

malformed("a folder of the UI is not a file: 404, and the connection holds", async ({ t }) => {
  for (const path of ["/assets/", "/assets", "/assets/.", "/assets//"]) {
    const res = await get(t, path);
    assert.is(res.status, 404, path);
    assert.match(res.text, /introuvable/, path);
  }
});

malformed("an X-Filename with bad percent-encoding gets a French 400", async ({ t }) => {
  const res = await get(t, "/files", {
    method: "POST",
    headers: { "content-type": "application/pdf", "x-filename": "%E0%A4%A.pdf" },
    body: "%PDF-1.4\n",
  });
  assert.is(res.status, 400);
  assert.match(JSON.parse(res.text).error.message, /nom du fichier .*mal encodé/);
});

malformed("routes nobody serves answer in French", async ({ t }) => {
  for (const [method, path] of [["POST", "/"], ["PUT", "/files"], ["DELETE", "/healthz"]]) {
    const res = await get(t, path, { method });
    assert.is(res.status, 404, `${method} ${path}`);
    assert.match(res.text, /Page introuvable/, `${method} ${path}`);
  }
});

headers.run();
malformed.run();
