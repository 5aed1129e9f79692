/**
 * Content-encoding for answers sent over slow links: which encoding a request accepts
 * (`Accept-Encoding`, with its q-values), and the compression of JSON answers of 1 KB and
 * more (brotli at a fast quality, else gzip), applied by `core/app.ts` around the tRPC
 * transport and the REST API. The built UI's files are compressed once at
 * build time (`vite.config.ts`); `core/ui_files.ts` picks their variant with `acceptedEncoding`.
 */
import type { MiddlewareHandler } from "hono";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip";

/** Below this, compressing saves less than it costs (a few hundred bytes at most). */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * The best of `offered` (in the server's order of preference) that `Accept-Encoding` allows:
 * the highest q-value wins, ties go to the server's order; `q=0` refuses; `*` stands for any
 * encoding not named. Null when none is acceptable (the answer goes uncompressed).
 */
export function acceptedEncoding(
  header: string | null,
  offered: readonly Encoding[] = ["br", "gzip"],
): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let weight = 1;
    for (const param of params) {
      const [key, value] = param.trim().split("=");
      if (key === "q") weight = Number(value);
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const encoding of offered) {
    const weight = q.get(encoding) ?? q.get("*") ?? 0;
    if (weight > bestQ) {
      best = encoding;
      bestQ = weight;
    }
  }
  return best;
}

/**
 * Brotli quality 3: a dashboard page (« tous », 25 dossiers, 14,083 bytes of JSON) comes to
 * 1,069 bytes for about 60 µs of CPU, like gzip -6 (1,158 bytes) and less than quality 4
 * (1,036 bytes, 85 µs); quality 11, zlib's default, takes tens of milliseconds per answer.
 * `CompressionStream` (gzip) cost more than `gzipSync` for its stream's setup.
 */
const BROTLI_OPTIONS = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 3,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
};

/** Compresses `bytes` with `encoding` (brotli at quality 3, gzip at level 6). */
export function compress(bytes: Uint8Array, encoding: Encoding): Uint8Array<ArrayBuffer> {
  const out = encoding === "br"
    ? brotliCompressSync(bytes, BROTLI_OPTIONS)
    : gzipSync(bytes, { level: 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
}

/**
 * Whether a browser says the request comes from another site (`Sec-Fetch-Site`), e.g. a link
 * or a form elsewhere opening `/trpc/…?input=…` with the session cookie. Such answers are not
 * compressed: their size would otherwise tell an eavesdropper, guess after guess, whether
 * the attacker's text in the request matches a secret in the answer (BREACH).
 */
function crossSite(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "none";
}

const encoder = new TextEncoder();

/** Room for a text under `COMPRESS_MIN_BYTES` characters, to count its bytes without keeping them. */
const scratch = new Uint8Array(COMPRESS_MIN_BYTES * 3);

/** The UTF-8 length of `text`, known to be under `COMPRESS_MIN_BYTES` characters. */
function shortByteLength(text: string): number {
  return encoder.encodeInto(text, scratch).written;
}

/**
 * `acceptedEncoding` of the headers seen last: a browser sends the same one with every
 * request. Bounded (64 headers of 200 characters at most), as the header is the client's to
 * write.
 */
const accepted = new Map<string, Encoding | null>();

function acceptedOf(header: string): Encoding | null {
  let encoding = accepted.get(header);
  if (encoding === undefined) {
    encoding = acceptedEncoding(header);
    // Browsers send a few dozen characters; a long header is read each time, not kept.
    if (header.length > 200) return encoding;
    if (accepted.size >= 64) accepted.clear();
    accepted.set(header, encoding);
  }
  return encoding;
}

/**
 * The JSON answer `json` to `request`, made once with what `compressJson` would make of it:
 * compressed with the best encoding the request accepts from `COMPRESS_MIN_BYTES` (and not
 * from another site), `Vary: Accept-Encoding` when the request names encodings. For an answer
 * whose text is at hand (the tRPC transport): reading a made answer back to compress it, and
 * making it again, cost a browser's autosave more than the rest of the HTTP layer.
 */
export function jsonAnswer(
  request: Request,
  json: string,
  init: { status: number; headers: [string, string][] },
): Response {
  const { status, headers } = init;
  const accept = request.headers.get("accept-encoding");
  if (!accept) return new Response(json, { status, headers });
  const varied: [string, string][] = [...headers, ["vary", "Accept-Encoding"]];
  // A short text is counted in bytes (up to three a character) without being kept.
  if (json.length < COMPRESS_MIN_BYTES && shortByteLength(json) < COMPRESS_MIN_BYTES) {
    return new Response(json, { status, headers: varied });
  }
  const encoding = crossSite(request) ? null : acceptedOf(accept);
  if (!encoding) return new Response(json, { status, headers: varied });
  varied.push(["content-encoding", encoding]);
  return new Response(compress(encoder.encode(json), encoding), { status, headers: varied });
}

/**
 * A JSON answer (`/api/v1/*`) compressed with the best encoding the request
 * accepts, when its body is at least `COMPRESS_MIN_BYTES` and the request is not from another
 * site; otherwise the same answer. A request that names encodings gets `Vary:
 * Accept-Encoding` on its JSON answer, so no cache hands one client's encoding to another (a
 * request naming none gets the answer as it is, which suits every client and cache). Such an
 * answer is already whole in memory (a `JSON.stringify`); file downloads, PDFs, ZIPs and
 * exports are not JSON and are left as they are, streamed. Made by `jsonAnswer` from the
 * answer's text.
 */
export async function compressJson(request: Request, response: Response): Promise<Response> {
  // Clients that compress nothing (scripts, the benchmarks' wrk) pay one header lookup.
  if (!request.headers.get("accept-encoding")) return response;
  const type = response.headers.get("content-type");
  // Not `response.body`: reading it turns a string body into a stream, which costs Deno's
  // fast path for every answer, compressed or not.
  if (!type || !type.startsWith("application/json")) return response;
  if (response.headers.has("content-encoding")) return response;
  // Made again from its text, by the same rules as the tRPC transport's answers.
  const headers = [...response.headers].filter(([name]) => name !== "content-length");
  return jsonAnswer(request, await response.text(), { status: response.status, headers });
}

/** `compressJson` as a Hono middleware, for a sub-app's routes. */
export function compressJsonAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const compressed = await compressJson(c.req.raw, c.res);
    if (compressed !== c.res) c.res = compressed;
  };
}
