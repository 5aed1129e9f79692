/**
 * JSON answers over slow links: a tRPC answer (single or batched) or a REST API answer of
 * 1 KB or more comes compressed in the encoding the client accepts (brotli first, then gzip)
 * and decompresses to the very bytes sent uncompressed; a client that accepts neither, or an
 * answer under 1 KB, gets it as it is. A JSON answer to a request naming encodings says `Vary:
 * Accept-Encoding`.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  type Agent,
  BASE_URL,
  startTestInstance,
  superAdminAgent,
} from "../../helpers/instance.ts";
import type { TestInstance } from "../../helpers/instance.ts";
import { acceptedEncoding } from "../../../core/api/compression.ts";
import { type ApiCtx, setUp } from "../api_rest/_setup.ts";

/** The raw bytes of an answer, as a client receives them before decoding. */
async function raw(agent: Agent, path: string, acceptEncoding?: string) {
  const res = await agent.fetch(`${BASE_URL}${path}`, {
    headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding },
  });
  return {
    status: res.status,
    headers: res.headers,
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

function decode(bytes: Uint8Array, encoding: string | null): string {
  const plain = encoding === "br"
    ? brotliDecompressSync(bytes)
    : encoding === "gzip"
    ? gunzipSync(bytes)
    : bytes;
  return new TextDecoder().decode(plain);
}

/** Twenty `auth.session` calls in one batch: a few KB of JSON. */
const BATCH = `/trpc/${Array(20).fill("auth.session").join(",")}?batch=1&input=${
  encodeURIComponent(JSON.stringify({}))
}`;

const test = suite<{ t: TestInstance; admin: Agent }>("compressed JSON answers");
test.before(async (ctx) => {
  ctx.t = await startTestInstance();
  ctx.admin = await superAdminAgent(ctx.t);
});
test.after(async (ctx) => {
  await ctx.t.stop();
});

test("a batch of tRPC answers comes in br or gzip, decoding to the same bytes", async (ctx) => {
  const plain = await raw(ctx.admin, BATCH);
  assert.is(plain.status, 200);
  assert.is(plain.headers.get("content-encoding"), null);
  assert.ok(plain.bytes.length >= 1024, `only ${plain.bytes.length} bytes`);
  const text = new TextDecoder().decode(plain.bytes);
  for (const [accept, expected] of [["br, gzip", "br"], ["gzip, deflate", "gzip"]]) {
    const res = await raw(ctx.admin, BATCH, accept);
    assert.is(res.status, 200, accept);
    assert.is(res.headers.get("content-encoding"), expected, accept);
    assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/i, accept);
    assert.is(res.headers.get("content-type"), "application/json", accept);
    assert.ok(res.bytes.length < plain.bytes.length / 3, `${accept}: ${res.bytes.length} bytes`);
    assert.is(decode(res.bytes, expected), text, accept);
  }
});

test("a client accepting no encoding we offer gets the JSON as it is", async (ctx) => {
  const plain = new TextDecoder().decode((await raw(ctx.admin, BATCH)).bytes);
  for (const accept of ["identity", "deflate", "br;q=0, gzip;q=0", "*;q=0", ""]) {
    const res = await raw(ctx.admin, BATCH, accept);
    assert.is(res.headers.get("content-encoding"), null, accept);
    // Naming encodings, even none we offer, makes the answer vary with them.
    if (accept) assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/i, accept);
    assert.is(new TextDecoder().decode(res.bytes), plain, accept);
  }
});

test("a request another site makes is answered uncompressed (BREACH)", async (ctx) => {
  const plain = new TextDecoder().decode((await raw(ctx.admin, BATCH)).bytes);
  for (const site of ["cross-site", "same-site"]) {
    const res = await ctx.admin.fetch(`${BASE_URL}${BATCH}`, {
      headers: { "accept-encoding": "br, gzip", "sec-fetch-site": site },
    });
    assert.is(res.headers.get("content-encoding"), null, site);
    assert.is(await res.text(), plain, site);
  }
  const own = await ctx.admin.fetch(`${BASE_URL}${BATCH}`, {
    headers: { "accept-encoding": "br", "sec-fetch-site": "same-origin" },
  });
  assert.is(own.headers.get("content-encoding"), "br");
});

test("an answer under 1 KB is not compressed, and keeps its security headers", async (ctx) => {
  const res = await raw(ctx.admin, "/trpc/auth.session", "gzip, deflate, br, zstd");
  assert.is(res.status, 200);
  assert.ok(res.bytes.length < 1024, `${res.bytes.length} bytes`);
  assert.is(res.headers.get("content-encoding"), null);
  assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/i);
  assert.is(res.headers.get("x-content-type-options"), "nosniff");
  assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  assert.ok(JSON.parse(new TextDecoder().decode(res.bytes)).result.data.email);
});

test("Accept-Encoding is read with its q-values", () => {
  assert.is(acceptedEncoding("gzip, deflate, br, zstd"), "br");
  assert.is(acceptedEncoding("gzip;q=1, br;q=0.5"), "gzip");
  assert.is(acceptedEncoding("br;q=0, gzip"), "gzip");
  assert.is(acceptedEncoding("*"), "br");
  assert.is(acceptedEncoding("*;q=0.5, br;q=0"), "gzip");
  assert.is(acceptedEncoding("identity"), null);
  assert.is(acceptedEncoding("GZIP"), "gzip");
  assert.is(acceptedEncoding(null), null);
  assert.is(acceptedEncoding("br;q=abc"), null);
});

const rest = suite<ApiCtx>("compressed REST API answers");
rest.before(setUp);
rest.after(async (ctx) => {
  await ctx.t.stop();
});

rest("the read API's JSON comes compressed when accepted, the same once decoded", async (ctx) => {
  const get = (accept?: string) =>
    ctx.t.app.fetch(
      new Request(`${BASE_URL}/api/v1/demarches/${ctx.demarcheId}/dossiers`, {
        headers: {
          authorization: `Bearer ${ctx.secret}`,
          ...(accept ? { "accept-encoding": accept } : {}),
        },
      }),
    );
  const plainRes = await get();
  assert.is(plainRes.status, 200);
  const plain = await plainRes.text();
  assert.ok(plain.length >= 1024, `only ${plain.length} characters`);
  for (const encoding of ["br", "gzip"]) {
    const res = await get(encoding);
    assert.is(res.status, 200, encoding);
    assert.is(res.headers.get("content-encoding"), encoding);
    assert.is(res.headers.get("cache-control"), "no-store", encoding);
    assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/i, encoding);
    assert.is(decode(new Uint8Array(await res.arrayBuffer()), encoding), plain, encoding);
  }
});

test.run();
rest.run();
