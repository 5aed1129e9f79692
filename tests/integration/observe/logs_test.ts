import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { installJsonConsole } from "../../../core/observe/log.ts";
import { BASE_URL, startTestInstance } from "../../helpers/instance.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// deno-lint-ignore no-explicit-any
const parseAll = (lines: readonly string[]): any[] => lines.map((l) => JSON.parse(l));

const logs = suite("LOG_FORMAT=json");

logs("an error is one JSON line with its stack and the request's id", async () => {
  const lines: string[] = [];
  const t = await startTestInstance({ env: { LOG_FORMAT: "json" } });
  const agent = t.agent({ ip: "203.0.113.9" });
  const restore = installJsonConsole({ out: (l) => lines.push(l), err: (l) => lines.push(l) });
  try {
    const ok = await agent.fetch(`${BASE_URL}/healthz`);
    // A bug on the server's side: the database is gone while a signed-in call is served.
    agent.cookie = "guichet_session=abc";
    await t.deps.db.destroy();
    const broken = await agent.fetch(`${BASE_URL}/trpc/auth.session`);
    assert.is(broken.status, 500);
    const all = parseAll(lines);
    for (const line of all) {
      assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(["info", "warn", "error"].includes(line.level));
      assert.type(line.msg, "string");
    }
    const okLine = all.find((l) => l.requestId === ok.headers.get("x-request-id"));
    assert.equal(
      { level: okLine.level, method: okLine.method, route: okLine.route, status: okLine.status },
      { level: "info", method: "GET", route: "/healthz", status: 200 },
    );
    assert.type(okLine.durationMs, "number");
    const id = broken.headers.get("x-request-id");
    const ofBroken = all.filter((l) => l.requestId === id);
    const error = ofBroken.find((l) => l.stack);
    assert.ok(error, "the error's line, with the request's id");
    assert.is(error.level, "error");
    assert.match(error.stack, /\n\s+at /);
    const request = ofBroken.find((l) => l.route === "/trpc/auth.session");
    assert.is(request.status, 500);
    assert.is(request.level, "error");
  } finally {
    restore();
    await t.stop().catch(() => {});
  }
});

logs("the process started with LOG_FORMAT=json writes only JSON lines", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "guichet-logs-" });
  const probe = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-no-legacy-abort", "core/main.ts"],
    cwd: ROOT,
    env: {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      LOG_FORMAT: "json",
      SMTP_URL: "",
      BASE_URL: "",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const text = { out: "", err: "" };
  const read = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>, key: "out" | "err") => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) text[key] += chunk;
  };
  const reading = Promise.all([read(child.stdout, "out"), read(child.stderr, "err")]);
  try {
    const deadline = Date.now() + 60_000;
    while (!text.out.includes("Guichet est prêt") && Date.now() < deadline) await sleep(50);
    assert.ok(text.out.includes("Guichet est prêt"), `not started: ${text.out}${text.err}`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    await res.body?.cancel();
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.is(metrics.status, 200, "loopback reads /metrics by default");
    await metrics.body?.cancel();
    await sleep(200);
    child.kill("SIGTERM");
    await child.status;
    await reading;
    const lines = (text.out + text.err).split("\n").filter((l) => l !== "");
    const all = parseAll(lines); // throws on any line that is not JSON
    assert.ok(all.some((l) => l.level === "info" && /Guichet est prêt/.test(l.msg)));
    const line = all.find((l) => l.requestId === res.headers.get("x-request-id"));
    assert.is(line.route, "/healthz");
    assert.is(line.status, 200);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* ended */ }
    await child.status;
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

logs(
  "every response has an X-Request-Id, kept from a trusted proxy when sane",
  async () => {
    const t = await startTestInstance({
      env: { LOG_FORMAT: "json", TRUSTED_PROXIES: "10.0.0.0/8" },
    });
    const lines: string[] = [];
    const restore = installJsonConsole({ out: (l) => lines.push(l), err: (l) => lines.push(l) });
    try {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      const id = async (ip: string, incoming?: string) =>
        (await t.agent({ ip }).fetch(`${BASE_URL}/healthz`, {
          headers: incoming ? { "x-request-id": incoming } : {},
        })).headers.get("x-request-id") ?? "";
      const a = await id("203.0.113.9");
      assert.match(a, uuid);
      assert.is.not(await id("203.0.113.9"), a, "one per request");
      assert.match(await id("203.0.113.9", "client-chosen-id"), uuid, "not from a client");
      assert.is(await id("10.0.0.2", "c0ffee-42.abc"), "c0ffee-42.abc");
      assert.match(await id("10.0.0.2", "deux mots"), uuid);
      assert.match(await id("10.0.0.2", "x".repeat(129)), uuid);
      const notFound = await t.agent({ ip: "10.0.0.2" }).fetch(`${BASE_URL}/nulle-part`);
      assert.match(notFound.headers.get("x-request-id") ?? "", uuid);
      assert.ok(parseAll(lines).some((l) => l.requestId === "c0ffee-42.abc"), "in its line");
    } finally {
      restore();
      await t.stop();
    }
  },
);

logs.run();
