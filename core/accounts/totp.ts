/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) as authenticator apps make
 * them by default: HMAC-SHA-1, 30-second steps, 6 digits; secrets in base32 (RFC 4648), and
 * the `otpauth://` URI those apps read from a QR code. Pure functions: the time is passed in.
 *
 * Written here rather than taken from a package: it is forty lines over `node:crypto`'s HMAC
 * (which the accounts already use for SHA-256), and it is checked against the RFC's vectors.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted on either side of the current one, for a phone's clock a little off. */
export const TOTP_DRIFT_STEPS = 1;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and padding; throws on another character. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=]/g, "");
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`Invalid base32 character "${char}"`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** The time step of an instant (milliseconds since the epoch). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_S);
}

/** RFC 4226's HOTP value of `counter`, `digits` long, with the given HMAC hash. */
export function hotp(
  key: Uint8Array,
  counter: number,
  opts: { digits?: number; hash?: "sha1" | "sha256" | "sha512" } = {},
): string {
  const digits = opts.digits ?? TOTP_DIGITS;
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const mac = createHmac(opts.hash ?? "sha1", key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) |
    (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The code an authenticator app shows for `secret` (base32) at `nowMs`. */
export function totpCode(secret: string, nowMs: number): string {
  return hotp(base32Decode(secret), totpStep(nowMs));
}

/**
 * The step whose code `code` is, among the current one and its neighbours, or null. Only
 * steps after `lastStep` count: a code already accepted (or an older one) is refused.
 */
export function matchTotp(
  secret: string,
  code: string,
  opts: { nowMs: number; lastStep: number | null },
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = base32Decode(secret);
  const current = totpStep(opts.nowMs);
  const given = new TextEncoder().encode(code);
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (opts.lastStep !== null && step <= opts.lastStep) continue;
    if (timingSafeEqual(new TextEncoder().encode(hotp(key, step)), given)) return step;
  }
  return null;
}

/** A new secret: 160 random bits (RFC 4226's recommended length), in base32. */
export function newTotpSecret(): string {
  return base32Encode(crypto.getRandomValues(new Uint8Array(20)));
}

/** What an authenticator app reads from the QR code (Key Uri Format). */
export function otpauthUri(opts: { secret: string; issuer: string; account: string }): string {
  const label = `${encodeURIComponent(opts.issuer)}:${encodeURIComponent(opts.account)}`;
  const params = new URLSearchParams({
    secret: opts.secret,
    issuer: opts.issuer,
    algorithm: "SHA1",
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_S),
  });
  return `otpauth://totp/${label}?${params.toString().replaceAll("+", "%20")}`;
}

/** The secret split in groups of four, easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}
