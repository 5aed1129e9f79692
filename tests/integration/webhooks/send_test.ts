/**
 * The webhook's POST (core/webhooks/send.ts) against real receivers: it connects to the
 * address it is given (the one checked), sends the URL's host as `Host` and, over TLS, checks
 * the certificate against that name (SNI); a redirection is an answer, never followed; a
 * receiver that does not answer is given up after the timeout. The TLS receiver's
 * certificate is made by openssl for the test.
 */
import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { post } from "../../../core/webhooks/send.ts";

interface Ctx {
  dir: string;
  cert: string;
  key: string;
}

const send = suite<Ctx>("post()");
send.before(async (ctx) => {
  ctx.dir = await Deno.makeTempDir({ prefix: "guichet-tls-" });
  const { success } = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      `${ctx.dir}/key.pem`,
      "-out",
      `${ctx.dir}/cert.pem`,
      "-days",
      "2",
      "-subj",
      "/CN=recepteur.test",
      "-addext",
      "subjectAltName=DNS:recepteur.test",
      "-addext",
      "basicConstraints=critical,CA:FALSE",
    ],
    stdout: "null",
    stderr: "null",
  }).output();
  assert.ok(success, "openssl made the certificate");
  ctx.cert = await Deno.readTextFile(`${ctx.dir}/cert.pem`);
  ctx.key = await Deno.readTextFile(`${ctx.dir}/key.pem`);
});
send.after(async (ctx) => {
  await Deno.remove(ctx.dir, { recursive: true });
});

send("over TLS, connects to the checked address and checks the name's certificate", async (ctx) => {
  const seen: string[] = [];
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", cert: ctx.cert, key: ctx.key, onListen: () => {} },
    async (req) => {
      seen.push(`${req.headers.get("host")} ${new URL(req.url).pathname} ${await req.text()}`);
      return new Response(null, { status: 202 });
    },
  );
  const port = server.addr.port;
  const opts = { body: '{"a":1}', headers: {}, timeoutMs: 5000, caCerts: [ctx.cert] };
  try {
    // No DNS knows recepteur.test: the connection goes to the address given.
    assert.equal(await post(`https://recepteur.test:${port}/guichet`, "127.0.0.1", opts), {
      status: 202,
    });
    assert.equal(seen, [`recepteur.test:${port} /guichet {"a":1}`]);
    const wrongName = await post(`https://autre.test:${port}/guichet`, "127.0.0.1", opts);
    assert.match("error" in wrongName ? wrongName.error : "", /Connexion sécurisée impossible/);
    const unknownIssuer = await post(`https://recepteur.test:${port}/guichet`, "127.0.0.1", {
      ...opts,
      caCerts: undefined,
    });
    assert.ok("error" in unknownIssuer);
    assert.is(seen.length, 1, "nothing sent without a valid certificate");
  } finally {
    await server.shutdown();
  }
});

send("a redirection is an answer, not followed; headers cannot be forged", async () => {
  const seen: { search: string; headers: Headers }[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => {
    seen.push({ search: new URL(req.url).search, headers: req.headers });
    return new Response(null, { status: 302, headers: { location: "http://169.254.169.254/" } });
  });
  try {
    const result = await post(`http://recepteur.test:${server.addr.port}/a?b=c`, "127.0.0.1", {
      body: "{}",
      headers: { "x-guichet-livraison": "abc", "x-evil": "1\r\nx-injected: 1" },
      timeoutMs: 5000,
    });
    assert.equal(result, { status: 302 });
    assert.is(seen.length, 1);
    assert.is(seen[0].search, "?b=c");
    assert.is(seen[0].headers.get("x-guichet-livraison"), "abc");
    assert.is(seen[0].headers.get("x-injected"), null);
    assert.is(seen[0].headers.get("x-evil"), null);
  } finally {
    await server.shutdown();
  }
});

send("a receiver that does not answer is given up after the timeout", async () => {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const accepted: Deno.Conn[] = [];
  (async () => {
    for await (const conn of listener) accepted.push(conn);
  })().catch(() => {});
  try {
    const started = Date.now();
    const result = await post(`http://recepteur.test:${listener.addr.port}/`, "127.0.0.1", {
      body: "{}",
      headers: {},
      timeoutMs: 300,
    });
    assert.match("error" in result ? result.error : "", /n’a pas répondu en 0.3 secondes/);
    assert.ok(Date.now() - started < 3000);
  } finally {
    listener.close();
    for (const conn of accepted) conn.close();
  }
});

send("a closed port is said in French", async () => {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = listener.addr.port;
  listener.close();
  const result = await post(`http://recepteur.test:${port}/`, "127.0.0.1", {
    body: "{}",
    headers: {},
    timeoutMs: 2000,
  });
  assert.match("error" in result ? result.error : "", /Connexion refusée/);
});

send.run();
