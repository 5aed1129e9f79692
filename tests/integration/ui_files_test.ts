/**
 * The built UI as a browser on a slow link meets it: each text file (index.html, scripts,
 * styles) comes in the precompressed copy the browser accepts — brotli, else gzip, else as it
 * is — decoding to the very bytes of the file, with `Vary: Accept-Encoding`, an ETag per copy
 * that a revalidation answers with a bodiless 304, and a year's cache for hashed assets.
 * Needs the UI built (`deno task build`, which writes the `.br` and `.gz` copies).
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { BASE_URL, startTestInstance, type TestInstance } from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

async function get(t: TestInstance, path: string, headers: Record<string, string> = {}) {
  const res = await t.app.fetch(new Request(`${BASE_URL}${path}`, { headers }), {
    remoteAddr: { hostname: "127.0.0.1", port: 1234, transport: "tcp" },
  });
  return {
    status: res.status,
    headers: res.headers,
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

function decode(bytes: Uint8Array, encoding: string | null): Uint8Array {
  if (encoding === "br") return new Uint8Array(brotliDecompressSync(bytes));
  if (encoding === "gzip") return new Uint8Array(gunzipSync(bytes));
  return bytes;
}

const same = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

const test = suite<{ t: TestInstance; files: string[] }>("the UI's files, compressed");
test.before(async (ctx) => {
  assert.ok(await ensureUiBuilt(), "the UI could not be built");
  ctx.t = await startTestInstance({ serveUi: true });
  const index = new TextDecoder().decode((await get(ctx.t, "/")).bytes);
  const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) =>
    m[1]
  );
  ctx.files = ["/", "/commencer/exemple", "/index.html", ...assets];
});
test.after(async (ctx) => {
  await ctx.t.stop();
});

test("index.html names its script and its styles", ({ files }) => {
  assert.ok(files.some((f) => f.endsWith(".js")), files.join(" "));
  assert.ok(files.some((f) => f.endsWith(".css")), files.join(" "));
});

test("each file comes in br, or gzip, decoding to the file's own bytes", async ({ t, files }) => {
  for (const path of files) {
    const plain = await get(t, path);
    assert.is(plain.status, 200, path);
    assert.is(plain.headers.get("content-encoding"), null, path);
    assert.match(plain.headers.get("vary") ?? "", /Accept-Encoding/i, path);
    for (const [accept, expected] of [["gzip, deflate, br", "br"], ["gzip", "gzip"]]) {
      const res = await get(t, path, { "accept-encoding": accept });
      assert.is(res.status, 200, `${path} ${accept}`);
      assert.is(res.headers.get("content-encoding"), expected, `${path} ${accept}`);
      assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/i, path);
      assert.is(res.headers.get("content-type"), plain.headers.get("content-type"), path);
      assert.is(Number(res.headers.get("content-length")), res.bytes.length, path);
      assert.ok(res.bytes.length < plain.bytes.length, `${path} ${accept} is not smaller`);
      assert.ok(same(decode(res.bytes, expected), plain.bytes), `${path} ${accept} differs`);
    }
  }
});

test("a browser accepting no encoding we have gets the file as it is", async ({ t, files }) => {
  for (const path of files) {
    const plain = await get(t, path);
    for (const accept of ["identity", "deflate", "br;q=0, gzip;q=0"]) {
      const res = await get(t, path, { "accept-encoding": accept });
      assert.is(res.headers.get("content-encoding"), null, `${path} ${accept}`);
      assert.ok(same(res.bytes, plain.bytes), `${path} ${accept}`);
    }
  }
});

test("each copy has its own ETag, and a revalidation of it answers 304", async ({ t, files }) => {
  for (const path of files) {
    const tags = new Set<string>();
    for (const accept of ["br", "gzip", "identity"]) {
      const res = await get(t, path, { "accept-encoding": accept });
      const etag = res.headers.get("etag");
      assert.ok(etag, `${path} ${accept}: no ETag`);
      tags.add(etag!);
      const again = await get(t, path, { "accept-encoding": accept, "if-none-match": etag! });
      assert.is(again.status, 304, `${path} ${accept}`);
      assert.is(again.bytes.length, 0, path);
      assert.is(again.headers.get("etag"), etag, path);
    }
    assert.is(tags.size, 3, `${path}: ${[...tags].join(" ")}`);
    // Another copy's ETag does not validate this one.
    const [brTag] = tags;
    const other = await get(t, path, { "accept-encoding": "gzip", "if-none-match": brTag });
    assert.is(other.status, 200, path);
  }
});

test("hashed assets are cached for a year, index.html revalidated", async ({ t, files }) => {
  for (const path of files) {
    const res = await get(t, path, { "accept-encoding": "br" });
    const expected = path.startsWith("/assets/")
      ? "public, max-age=31536000, immutable"
      : "no-cache";
    assert.is(res.headers.get("cache-control"), expected, path);
  }
});

test.run();
