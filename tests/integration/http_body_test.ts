/**
 * No route reads more of a body than its limit, whatever the headers say: a chunked body
 * (no `Content-Length`) or a lying `Content-Length` is counted as it arrives and dropped at
 * the limit with a 413, before anyone signed in. The bodies here are streams that count what
 * the server pulled from them.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { BASE_URL, startTestInstance, type TestInstance } from "../helpers/instance.ts";

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A body of `total` spaces (valid JSON padding) handed out 64 KiB per pull, counted. */
function countedBody(total: number) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      const size = Math.min(CHUNK, total - counter.pulled);
      counter.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  }, { highWaterMark: 0 });
  return { stream, counter };
}

const limits = suite<{ t: TestInstance }>("request body limits");

limits.before(async (ctx) => {
  ctx.t = await startTestInstance();
});
limits.after(async (ctx) => {
  await ctx.t.stop();
});

const post = (
  t: TestInstance,
  path: string,
  body: BodyInit,
  headers: Record<string, string> = {},
) =>
  t.agent({ ip: "203.0.113.4" }).fetch(`${BASE_URL}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

limits(
  "a chunked tRPC body past 2 MB without Content-Length gets a 413 and is not read further",
  async ({ t }) => {
    const { stream, counter } = countedBody(24 * MiB);
    const res = await post(t, "/trpc/auth.signIn", stream);
    assert.is(res.status, 413);
    const body = await res.json();
    assert.match(body.error.message, /dépasse 2 Mo/);
    assert.is(body.error.data.code, "PAYLOAD_TOO_LARGE");
    assert.ok(
      counter.pulled <= 2 * MiB + CHUNK,
      `the server pulled ${counter.pulled} bytes for a 2 MB limit`,
    );
  },
);

limits("a Content-Length smaller than the body does not lift the limit", async ({ t }) => {
  const { stream, counter } = countedBody(24 * MiB);
  const res = await post(t, "/trpc/auth.signIn", stream, { "content-length": "12" });
  assert.is(res.status, 413);
  assert.ok(counter.pulled <= 2 * MiB + CHUNK, `the server pulled ${counter.pulled} bytes`);
});

limits("a declared Content-Length over the limit is refused before reading", async ({ t }) => {
  const { stream, counter } = countedBody(3 * MiB);
  const res = await post(t, "/trpc/auth.signIn", stream, { "content-length": String(3 * MiB) });
  assert.is(res.status, 413);
  assert.is(counter.pulled, 0);
});

limits("a chunked body within the limit is read whole and answered", async ({ t }) => {
  const json = new TextEncoder().encode(
    JSON.stringify({ email: "personne@exemple.fr", password: "Pas-le-bon-mot-42" }),
  );
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(json.slice(0, 10));
      controller.enqueue(json.slice(10));
      controller.close();
    },
  });
  const res = await post(t, "/trpc/auth.signIn", stream);
  assert.is(res.status, 401);
  assert.match((await res.json()).error.message, /mot de passe incorrect/);
});

limits("the other routes never read a large chunked body", async ({ t }) => {
  for (const path of ["/api/v1/demarches", "/api/v1/inconnu", "/healthz", "/dossiers/1/pdf"]) {
    const { stream, counter } = countedBody(24 * MiB);
    const res = await post(t, path, stream);
    await res.body?.cancel();
    assert.ok(res.status >= 400 && res.status < 500, `${path} answered ${res.status}`);
    assert.ok(counter.pulled <= 2 * MiB + CHUNK, `${path} pulled ${counter.pulled} bytes`);
  }
});

limits.run();
