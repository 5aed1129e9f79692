/**
 * How many account e-mails requests may cause (sign-up, password reset, confirmation re-sent at
 * sign-in, e-mail change): at most `perAddress` an hour reach one address, at most `perIp` an
 * hour are asked from one IP. Counted in the `mail_quota` table, in the transaction that
 * queues the e-mail, so the count survives a restart and several processes share it.
 */
import { AppError } from "../errors.ts";
import type { Deps } from "../deps.ts";
import type { Trx } from "./_shared.ts";
import { countMail, forgetMailsBefore, recentMails } from "./store.ts";

export const MAIL_QUOTA = { perAddress: 3, perIp: 20, windowMs: 3_600_000 } as const;

/**
 * The key of an IP: an IPv4 address as is (also IPv4-mapped IPv6), an IPv6 address by its /64
 * network, since one subscriber commonly holds a whole /64.
 */
export function ipKey(ip: string): string {
  const clean = ip.trim().toLowerCase().replace(/%.*$/, "");
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(clean);
  if (v4) return `ip:${v4[1]}`;
  if (!clean.includes(":")) return `ip:${clean.slice(0, 64)}`;
  const [head, tail] = clean.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined
    ? left
    : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  const network = groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "") || "0");
  return `ip:${network.join(":")}::/64`;
}

const addressKey = (email: string) => `adresse:${email}`;

function minutesUntil(oldest: string, nowMs: number): number {
  return Math.max(1, Math.ceil((Date.parse(oldest) + MAIL_QUOTA.windowMs - nowMs) / 60_000));
}

const inMinutes = (n: number) => `Réessayez dans ${n} minute${n > 1 ? "s" : ""}.`;

/**
 * Counts one request for an e-mail from `ip`, whatever it then sends (a reset for an unknown
 * address counts too, so the answer tells nothing about accounts). Past the limit: a French
 * 429. Also drops the rows older than the window.
 */
export async function countIpRequest(deps: Deps, trx: Trx, ip: string): Promise<void> {
  const nowMs = deps.clock().getTime();
  const since = new Date(nowMs - MAIL_QUOTA.windowMs).toISOString();
  await forgetMailsBefore(trx, since);
  const key = ipKey(ip);
  // Up to the limit: enough rows to decide.
  const rows = await recentMails(trx, key, since, MAIL_QUOTA.perIp);
  if (rows.length >= MAIL_QUOTA.perIp) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Trop de demandes d’e-mail depuis votre connexion en une heure. ${
        inMinutes(minutesUntil(rows[0].sent_at, nowMs))
      }`,
    );
  }
  await countMail(trx, key, new Date(nowMs).toISOString());
}

/**
 * Whether one more account e-mail may go to `email` within the hour: if so it is counted and
 * `wait` is 0; else nothing is counted and `wait` says in how many minutes one may.
 */
export async function claimMailTo(
  deps: Deps,
  trx: Trx,
  email: string,
): Promise<{ wait: number }> {
  const nowMs = deps.clock().getTime();
  const since = new Date(nowMs - MAIL_QUOTA.windowMs).toISOString();
  const key = addressKey(email);
  const rows = await recentMails(trx, key, since, MAIL_QUOTA.perAddress);
  if (rows.length >= MAIL_QUOTA.perAddress) return { wait: minutesUntil(rows[0].sent_at, nowMs) };
  await countMail(trx, key, new Date(nowMs).toISOString());
  return { wait: 0 };
}

/** The French 429 for a signed-in person whose e-mail to `email` is past the limit. */
export function addressQuotaError(wait: number): AppError {
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Cette adresse a déjà reçu plusieurs e-mails de Guichet dans l’heure. ${inMinutes(wait)}`,
    { email: "Trop d’e-mails envoyés à cette adresse : réessayez plus tard." },
  );
}
