/**
 * One HTTP/1.1 POST to an address already checked (core/plugin_host/outbound.ts), with the
 * URL's host as `Host` and, over TLS, as the name the certificate is checked against (SNI).
 * `fetch` would resolve the name again — a second answer could be a private address (DNS
 * rebinding) — so the connection is opened here, to the checked address. Only the status
 * line is read: a redirection is an answer like another, never followed.
 */

/** The receiver's HTTP status, or an error (French) when it could not be reached. */
export type SendResult = { readonly status: number } | { readonly error: string };

const encoder = new TextEncoder();

/** Reads until the end of the status line (at most 8 KiB); its status code, or null. */
async function readStatus(conn: Deno.Conn): Promise<number | null> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(8192);
  let text = "";
  while (!text.includes("\r\n") && text.length < 8192) {
    const n = await conn.read(buffer);
    if (n === null) break;
    text += decoder.decode(buffer.subarray(0, n), { stream: true });
  }
  const match = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * POSTs `body` to `url`, connecting to `address`; gives up after `timeoutMs`.
 *
 * @example
 * ```ts
 * await post("https://si.mairie.fr/guichet", "203.0.113.7", { body, headers });
 * ```
 */
export async function post(
  url: string,
  address: string,
  opts: {
    body: string;
    headers: Readonly<Record<string, string>>;
    timeoutMs: number;
    /** Extra trusted certificates (tests with their own authority). */
    caCerts?: string[];
  },
): Promise<SendResult> {
  const target = new URL(url);
  const tls = target.protocol === "https:";
  const port = Number(target.port || (tls ? 443 : 80));
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const bytes = encoder.encode(opts.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.headers)) {
    // A header a plugin wrote with a line break would forge others: left out.
    if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) && !/[\r\n]/.test(value)) {
      headers[name.toLowerCase()] = value;
    }
  }
  Object.assign(headers, {
    host: target.host,
    "content-length": String(bytes.length),
    connection: "close",
  });
  headers["user-agent"] ??= "Guichet-Webhook/1.0";
  const head = `POST ${target.pathname}${target.search} HTTP/1.1\r\n` +
    Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";

  let conn: Deno.Conn | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      conn?.close();
    } catch { /* already closed */ }
  }, opts.timeoutMs);
  try {
    const tcp = await Deno.connect({ hostname: address, port });
    conn = tcp;
    if (tls) conn = await Deno.startTls(tcp, { hostname: host, caCerts: opts.caCerts });
    if (timedOut) throw new Error("timeout");
    const request = new Uint8Array([...encoder.encode(head), ...bytes]);
    for (let written = 0; written < request.length;) {
      written += await conn.write(request.subarray(written));
    }
    const status = await readStatus(conn);
    if (status === null) return { error: "Le serveur n’a pas répondu en HTTP." };
    return { status };
  } catch (error) {
    if (timedOut) {
      return { error: `Le serveur n’a pas répondu en ${opts.timeoutMs / 1000} secondes.` };
    }
    const message = (error as Error)?.message ?? String(error);
    if (error instanceof Deno.errors.ConnectionRefused) {
      return { error: `Connexion refusée par ${address}:${port}.` };
    }
    if (/certificate|tls|handshake/i.test(message)) {
      return { error: `Connexion sécurisée impossible avec « ${host} » : ${message}` };
    }
    return { error: `Connexion impossible à ${address}:${port} : ${message}` };
  } finally {
    clearTimeout(timer);
    try {
      conn?.close();
    } catch { /* closed by the timeout */ }
  }
}
