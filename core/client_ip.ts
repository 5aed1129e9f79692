/**
 * Who is on the other end of a request. Behind a reverse proxy the TCP peer is the proxy, so
 * every client would share its address (and its sign-in limit); the proxy names the client in
 * `X-Forwarded-For`, but anyone can send that header, so it is believed only from the
 * addresses of `TRUSTED_PROXIES`. Addresses are compared as 16 bytes, IPv4 as its
 * IPv4-mapped IPv6 form, so `10.0.0.0/8` also covers `::ffff:10.1.2.3`.
 */

/** An address range: `prefix` leading bits of `bytes` (IPv4 counted inside `::ffff:0:0/96`). */
export interface AddressRange {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseV4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => /^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : 256);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function parseGroups(text: string): number[] | null {
  if (text === "") return [];
  const out: number[] = [];
  const parts = text.split(":");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes(".")) {
      const v4 = parseV4(part);
      if (!v4) return null;
      out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
      out.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return out;
}

/** An IPv4 or IPv6 address as 16 bytes, or null when `text` is not one. */
export function parseIp(text: string): Uint8Array | null {
  const v4 = parseV4(text);
  if (v4) return new Uint8Array([...V4_MAPPED, ...v4]);
  const address = text.replace(/%[\w.-]+$/, ""); // a zone (`fe80::1%eth0`) names no host
  if (!address.includes(":")) return null;
  const halves = address.split("::");
  if (halves.length > 2 || (halves.length === 2 && halves[0].includes("."))) return null;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array(missing).fill(0), ...tail];
  return new Uint8Array(groups.flatMap((g) => [g >> 8, g & 0xff]));
}

/** The usual text of an address: dotted for IPv4 (mapped or not), RFC 5952 for IPv6. */
export function formatIp(bytes: Uint8Array): string {
  if (V4_MAPPED.every((b, i) => bytes[i] === b)) return bytes.slice(12).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  const head = hex.slice(0, best.start).join(":");
  const tail = hex.slice(best.start + best.length).join(":");
  return `${head}::${tail}`;
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address; null when `text` is neither. */
export function parseAddressRange(text: string): AddressRange | null {
  const [address, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const bytes = parseIp(address);
  if (!bytes) return null;
  const v4 = parseV4(address) !== null;
  const max = v4 ? 32 : 128;
  if (prefixText === undefined) return { bytes, prefix: 128 };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return null;
  return { bytes, prefix: (v4 ? 96 : 0) + Number(prefixText) };
}

/** The entries of a comma-separated list that are not address ranges (for the config). */
export function invalidRanges(list: string): string[] {
  return splitList(list).filter((entry) => parseAddressRange(entry) === null);
}

/** A comma-separated list of ranges; entries that are not ranges are left out. */
export function parseAddressRanges(list: string): AddressRange[] {
  return splitList(list).flatMap((entry) => parseAddressRange(entry) ?? []);
}

function splitList(list: string): string[] {
  return list.split(",").map((s) => s.trim()).filter(Boolean);
}

/** True when `address` (16 bytes) lies in one of `ranges`. */
export function inRanges(address: Uint8Array, ranges: readonly AddressRange[]): boolean {
  return ranges.some(({ bytes, prefix }) => {
    const whole = prefix >> 3;
    for (let i = 0; i < whole; i++) if (address[i] !== bytes[i]) return false;
    const rest = prefix & 7;
    if (rest === 0) return true;
    const mask = (0xff << (8 - rest)) & 0xff;
    return (address[whole] & mask) === (bytes[whole] & mask);
  });
}

const LOOPBACK = parseAddressRanges("127.0.0.0/8,::1");

/** True when `ip` is a loopback address (127.0.0.0/8, ::1, or their IPv4-mapped form). */
export function isLoopbackIp(ip: string): boolean {
  const bytes = parseIp(ip);
  return bytes !== null && inRanges(bytes, LOOPBACK);
}

/** One `X-Forwarded-For` entry without the port or brackets some proxies add. */
function entryAddress(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1];
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1] : entry;
}

/**
 * Peers seen lately, parsed and written back: every request asks for its peer's address (a
 * few µs each), and the same peers come back (a proxy, the people using the instance).
 */
const peers = new Map<string, { bytes: Uint8Array; text: string } | null>();
const MAX_PEERS = 4096;

function peerOf(peer: string): { bytes: Uint8Array; text: string } | null {
  let known = peers.get(peer);
  if (known === undefined) {
    const bytes = parseIp(peer);
    known = bytes && { bytes, text: formatIp(bytes) };
    if (peers.size >= MAX_PEERS) peers.clear();
    peers.set(peer, known);
  }
  return known;
}

/**
 * The client's address, the one every per-client rule uses (sign-in limit, rate limits,
 * logs). When the TCP `peer` is a trusted proxy, `X-Forwarded-For` is read from the right
 * (each proxy appends the address it saw) and the first address that is not a trusted proxy
 * is the client; entries further left were written by the client and are never believed.
 * Otherwise it is the peer itself.
 *
 * @example
 * ```ts
 * clientIp("10.0.0.2", "198.51.100.7, 203.0.113.9", parseAddressRanges("10.0.0.0/8"));
 * // "203.0.113.9"
 * ```
 */
export function clientIp(
  peer: string,
  forwardedFor: string | null | undefined,
  trusted: readonly AddressRange[],
): string {
  const known = peerOf(peer);
  if (!known) return peer;
  const peerBytes = known.bytes;
  let client = known.text;
  if (!forwardedFor || !inRanges(peerBytes, trusted)) return client;
  const entries = forwardedFor.split(",");
  for (let i = entries.length - 1; i >= 0; i--) {
    const bytes = parseIp(entryAddress(entries[i].trim()));
    // Garbage from a trusted hop: the hop that passed it on is the best we know.
    if (!bytes) return client;
    client = formatIp(bytes);
    if (!inRanges(bytes, trusted)) return client;
  }
  return client;
}
