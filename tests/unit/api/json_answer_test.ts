/**
 * `jsonAnswer`, the tRPC transport's answer made once from its JSON text: compressed from
 * 1 KB of UTF-8 (not of characters) in the encoding the request prefers, `Vary:
 * Accept-Encoding` whenever the request names encodings, never compressed for another site,
 * and the headers it is given kept on every variant.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { COMPRESS_MIN_BYTES, jsonAnswer } from "../../../core/api/compression.ts";

const BROWSER = "gzip, deflate, br, zstd";
const HEADERS: [string, string][] = [
  ["content-type", "application/json"],
  ["content-security-policy", "default-src 'self'"],
];

const request = (headers: Record<string, string>) =>
  new Request("http://localhost/trpc/usager.save", { method: "POST", headers });

/** A JSON answer of `n` « é »: two bytes each in UTF-8. */
const accented = (n: number) => JSON.stringify({ result: { data: "é".repeat(n) } });

const answers = suite("jsonAnswer");

answers("a request naming no encoding gets the text as it is, nothing added", async () => {
  const json = accented(2000);
  const res = jsonAnswer(request({}), json, { status: 200, headers: HEADERS });
  assert.is(res.status, 200);
  assert.is(res.headers.get("content-encoding"), null);
  assert.is(res.headers.get("vary"), null);
  assert.is(res.headers.get("content-security-policy"), "default-src 'self'");
  assert.is(await res.text(), json);
});

answers(
  "1 KB is counted in bytes: fewer characters than that can still be compressed",
  async () => {
    const json = accented(600);
    assert.ok(json.length < COMPRESS_MIN_BYTES, `${json.length} characters`);
    const res = jsonAnswer(request({ "accept-encoding": BROWSER }), json, {
      status: 201,
      headers: HEADERS,
    });
    assert.is(res.status, 201);
    assert.is(res.headers.get("content-encoding"), "br");
    assert.is(res.headers.get("vary"), "Accept-Encoding");
    assert.is(res.headers.get("content-type"), "application/json");
    assert.is(res.headers.get("content-security-policy"), "default-src 'self'");
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.is(new TextDecoder().decode(brotliDecompressSync(bytes)), json);
  },
);

answers("gzip for a client that takes only gzip, decoding to the same text", async () => {
  const json = accented(2000);
  const res = jsonAnswer(request({ "accept-encoding": "gzip" }), json, {
    status: 200,
    headers: HEADERS,
  });
  assert.is(res.headers.get("content-encoding"), "gzip");
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.is(new TextDecoder().decode(gunzipSync(bytes)), json);
});

answers("under 1 KB of bytes, or for another site, the text as it is, varied", async () => {
  const small = accented(400);
  assert.ok(new TextEncoder().encode(small).byteLength < COMPRESS_MIN_BYTES);
  const cases: [Record<string, string>, string][] = [
    [{ "accept-encoding": BROWSER }, small],
    [{ "accept-encoding": BROWSER, "sec-fetch-site": "cross-site" }, accented(2000)],
    [{ "accept-encoding": "identity" }, accented(2000)],
  ];
  for (const [headers, json] of cases) {
    const res = jsonAnswer(request(headers), json, { status: 200, headers: HEADERS });
    const label = JSON.stringify(headers);
    assert.is(res.headers.get("content-encoding"), null, label);
    assert.is(res.headers.get("vary"), "Accept-Encoding", label);
    assert.is(res.headers.get("content-security-policy"), "default-src 'self'", label);
    assert.is(await res.text(), json, label);
  }
});

answers("a long Accept-Encoding is read as well, each time", () => {
  const accept = `${"x-autre, ".repeat(40)}gzip;q=0.5, br`;
  assert.ok(accept.length > 200);
  for (let i = 0; i < 2; i++) {
    const res = jsonAnswer(request({ "accept-encoding": accept }), accented(2000), {
      status: 200,
      headers: HEADERS,
    });
    assert.is(res.headers.get("content-encoding"), "br");
  }
});

answers("the headers given are left as they were", () => {
  const headers: [string, string][] = [...HEADERS];
  jsonAnswer(request({ "accept-encoding": BROWSER }), accented(2000), { status: 200, headers });
  assert.equal(headers, HEADERS);
});

answers.run();
