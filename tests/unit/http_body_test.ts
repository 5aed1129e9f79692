import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  BodyTooLargeError,
  formatBytes,
  limitBody,
  readBody,
  readText,
  servedBy,
  tooLargeMessage,
} from "../../core/http_body.ts";

/** A POST whose body is `chunks` chunks of `size` bytes, handed out one per pull, counted. */
function counted(chunks: number, size: number, headers: Record<string, string> = {}) {
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled === chunks) return controller.close();
      counter.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  }, { highWaterMark: 0 });
  const request = new Request("http://localhost/x", { method: "POST", body, headers });
  return { request, counter };
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of stream) total += chunk.byteLength;
  return total;
}

const body = suite("core/http_body");

body("readBody returns a body within the limit whole, chunks joined", async () => {
  const { request } = counted(3, 10);
  const bytes = await readBody(request, 30);
  assert.is(bytes.byteLength, 30);
  assert.is(
    await readText(new Request("http://localhost/", { method: "POST", body: "é" }), 2),
    "é",
  );
  assert.is((await readBody(new Request("http://localhost/"), 10)).byteLength, 0);
});

body("readBody stops at the first chunk past the limit", async () => {
  const { request, counter } = counted(1000, 10);
  const error = await readBody(request, 25).catch((e) => e);
  assert.instance(error, BodyTooLargeError);
  assert.is(error.limit, 25);
  assert.is(counter.pulled, 3);
});

body("a declared Content-Length over the limit is refused before any read", async () => {
  const { request, counter } = counted(10, 10, { "content-length": "100" });
  assert.instance(await readBody(request, 50).catch((e) => e), BodyTooLargeError);
  assert.is(counter.pulled, 0);
  const streamed = counted(10, 10, { "content-length": "100" });
  assert.throws(
    () => limitBody(streamed.request, 50),
    (e: unknown) => e instanceof BodyTooLargeError,
  );
});

body("limitBody passes a body within the limit through", async () => {
  const { request } = counted(5, 10);
  assert.is(await drain(limitBody(request, 50)), 50);
});

body("limitBody errors past the limit and stops pulling from the client", async () => {
  const { request, counter } = counted(1000, 10, { "content-length": "5" });
  const error = await drain(limitBody(request, 25)).catch((e) => e);
  assert.instance(error, BodyTooLargeError);
  assert.ok(counter.pulled <= 4, `pulled ${counter.pulled} chunks`);
});

/**
 * A loopback server answering what `readBody(request, limit)` gave: the byte count, or 413;
 * with `served`, its handler is given through `servedBy`, as Guichet's server does (bodies
 * framed by `Content-Length` read in one go). `raw` sends `head` and `payload` as they are
 * over TCP and reads the server's first answer.
 */
function bodyServer(limit: number, served: boolean) {
  const handler = async (r: Request) => {
    try {
      return new Response(String((await readBody(r, limit)).byteLength));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return new Response("413", { status: 413 });
      throw error;
    }
  };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    served ? servedBy(handler) : handler,
  );
  const raw = async (head: string, payload: Uint8Array): Promise<string> => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
    try {
      await conn.write(new TextEncoder().encode(head));
      await conn.write(payload).catch(() => 0);
      const buffer = new Uint8Array(4096);
      const n = await conn.read(buffer);
      return new TextDecoder().decode(buffer.subarray(0, n ?? 0));
    } finally {
      conn.close();
    }
  };
  return { url: `http://127.0.0.1:${server.addr.port}/`, raw, close: () => server.shutdown() };
}

for (const served of [false, true]) {
  body(
    `over a real server${
      served ? ", given through servedBy" : ""
    }, the limit holds and bytes past Content-Length are not the body`,
    async () => {
      const server = bodyServer(1000, served);
      try {
        const within = await fetch(server.url, { method: "POST", body: "x".repeat(1000) });
        assert.is(await within.text(), "1000");
        const over = await fetch(server.url, { method: "POST", body: "x".repeat(1001) });
        assert.is(over.status, 413);
        await over.body?.cancel();
        // Bytes sent past the declared length are not the body: the server reads 5 of them.
        const answer = await server.raw(
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
          new Uint8Array(100_000).fill(0x61),
        );
        const [first, next] = answer.split(/(?=HTTP\/1\.1 )/);
        assert.match(first, /^HTTP\/1\.1 200 [^]*\r\n\r\n5$/);
        // The rest, read as a request of its own, is refused as malformed (if it came in time).
        if (next !== undefined) assert.match(next, /^HTTP\/1\.1 400/);
        // Chunked with a Content-Length too: counted chunk by chunk, or refused by the server.
        const chunk = `3e8\r\n${"a".repeat(1000)}\r\n`;
        const chunked = await server.raw(
          "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
          new TextEncoder().encode(chunk.repeat(5) + "0\r\n\r\n"),
        );
        assert.match(chunked, /^HTTP\/1\.1 (413|400)/);
        // Chunked alone: no length frames it, so it is counted, within the limit or not.
        const chunkedOnly = (n: number) =>
          server.raw(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            new TextEncoder().encode(chunk.repeat(n) + "0\r\n\r\n"),
          );
        assert.match(await chunkedOnly(1), /^HTTP\/1\.1 200 [^]*\r\n\r\n1000$/);
        assert.match(await chunkedOnly(2), /^HTTP\/1\.1 413/);
      } finally {
        await server.close();
      }
    },
  );
}

body("the 413 message says the limit in French units", () => {
  assert.is(formatBytes(2 * 1024 * 1024), "2 Mo");
  assert.is(formatBytes(1536 * 1024), "1,5 Mo");
  assert.is(formatBytes(500 * 1024), "500 ko");
  assert.is(formatBytes(12), "12 octets");
  assert.match(tooLargeMessage(2 * 1024 * 1024), /dépasse 2 Mo/);
});

body.run();
