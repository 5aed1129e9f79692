import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import {
  BodyTooLargeError,
  formatBytes,
  limitBody,
  readBody,
  readText,
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

body("the 413 message says the limit in French units", () => {
  assert.is(formatBytes(2 * 1024 * 1024), "2 Mo");
  assert.is(formatBytes(1536 * 1024), "1,5 Mo");
  assert.is(formatBytes(500 * 1024), "500 ko");
  assert.is(formatBytes(12), "12 octets");
  assert.match(tooLargeMessage(2 * 1024 * 1024), /dépasse 2 Mo/);
});

body.run();
