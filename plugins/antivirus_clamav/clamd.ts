/**
 * clamd's INSTREAM command over its socket (a Unix socket path, or `host:port`): the file is
 * sent in chunks, each preceded by its length (4 bytes, big-endian), ended by an empty one;
 * clamd answers one line, `stream: OK`, `stream: <signature> FOUND`, or `<why> ERROR` — among
 * them `INSTREAM size limit exceeded`, past its `StreamMaxLength`, after which it may close
 * the connection while the file is still being sent.
 */

/** Largest chunk sent at once; clamd refuses a chunk over its `StreamMaxLength`. */
const CHUNK_BYTES = 64 * 1024;
/** How long clamd may take to accept the connection. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long one file's scan may take, its sending included. */
const SCAN_TIMEOUT_MS = 5 * 60_000;

/** What clamd answered for one stream. */
export type ClamdAnswer =
  | { readonly kind: "ok" }
  | { readonly kind: "found"; readonly signature: string }
  | { readonly kind: "too_large" }
  | { readonly kind: "error"; readonly message: string };

/** Reads clamd's answer to INSTREAM (its NUL or newline ending removed). */
export function parseAnswer(raw: string): ClamdAnswer {
  const line = raw.replace(/[\0\r\n]+$/, "").trim();
  if (/^(stream: )?OK$/.test(line)) return { kind: "ok" };
  const found = /^(?:stream: )?(.+) FOUND$/.exec(line);
  // A signature from a database of one's own is reported `<name>.UNOFFICIAL`.
  if (found) return { kind: "found", signature: found[1].replace(/\.UNOFFICIAL$/, "") };
  if (/size limit exceeded/i.test(line)) return { kind: "too_large" };
  return { kind: "error", message: line || "no answer" };
}

/** Where clamd listens: a Unix socket path (`/run/clamav/clamd.ctl`) or `host:port`. */
export function clamdAddress(
  socket: string,
): { transport: "unix"; path: string } | { transport: "tcp"; hostname: string; port: number } {
  if (socket.startsWith("/")) return { transport: "unix", path: socket };
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(socket);
  if (!m) throw new Error(`CLAMD_SOCKET "${socket}" is neither a socket path nor host:port`);
  return { transport: "tcp", hostname: m[1], port: Number(m[2]) };
}

async function connect(socket: string): Promise<Deno.Conn> {
  const address = clamdAddress(socket);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`clamd at "${socket}" did not accept the connection in time`)),
      CONNECT_TIMEOUT_MS,
    );
  });
  const opening = address.transport === "unix"
    ? Deno.connect({ transport: "unix", path: address.path })
    : Deno.connect({ hostname: address.hostname, port: address.port });
  try {
    return await Promise.race([opening, timeout]);
  } catch (error) {
    opening.then((c) => c.close(), () => {});
    throw new Error(`clamd at "${socket}" is unreachable: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.byteLength) written += await conn.write(bytes.subarray(written));
}

function framed(chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + chunk.byteLength);
  new DataView(out.buffer).setUint32(0, chunk.byteLength);
  out.set(chunk, 4);
  return out;
}

/** Reads until clamd's answer ends (NUL) or the connection closes. */
async function readAnswer(conn: Deno.Conn): Promise<string> {
  const parts: Uint8Array[] = [];
  const buffer = new Uint8Array(4096);
  for (;;) {
    let n: number | null;
    try {
      n = await conn.read(buffer);
    } catch {
      break; // reset after its answer: what was read is the answer
    }
    if (n === null) break;
    const part = buffer.slice(0, n);
    parts.push(part);
    if (part.includes(0)) break;
  }
  const all = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * Sends `body` to clamd at `socket` with INSTREAM and returns its answer. Throws when clamd
 * cannot be reached or does not answer in time (the caller tries again later).
 */
export async function instream(
  socket: string,
  body: ReadableStream<Uint8Array>,
): Promise<ClamdAnswer> {
  const conn = await connect(socket);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`clamd at "${socket}" did not answer within ${SCAN_TIMEOUT_MS / 1000} s`));
      try {
        conn.close();
      } catch {
        // already closed
      }
    }, SCAN_TIMEOUT_MS);
  });
  const exchange = async (): Promise<ClamdAnswer> => {
    await writeAll(conn, new TextEncoder().encode("zINSTREAM\0"));
    try {
      for await (const chunk of body) {
        for (let i = 0; i < chunk.byteLength; i += CHUNK_BYTES) {
          await writeAll(conn, framed(chunk.subarray(i, i + CHUNK_BYTES)));
        }
      }
      await writeAll(conn, new Uint8Array(4));
    } catch (error) {
      // clamd stops reading past its limit and may close: its answer says why.
      const answer = parseAnswer(await readAnswer(conn));
      if (answer.kind !== "error") return answer;
      throw new Error(`clamd at "${socket}" broke off the stream: ${(error as Error).message}`);
    }
    return parseAnswer(await readAnswer(conn));
  };
  try {
    return await Promise.race([exchange(), timedOut]);
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // closed by the timeout
    }
  }
}
