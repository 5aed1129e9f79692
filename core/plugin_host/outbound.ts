/**
 * Where a plugin's outgoing call (a webhook) may go. An administrator types the address, so
 * without care a démarche could make the server call inside its own network — a metadata
 * service at 169.254.169.254, an admin page on 127.0.0.1, a box on 192.168.x (SSRF). The
 * host is resolved when the call is sent and every address it gives is checked; the caller
 * connects to the checked address, so a name cannot answer once with a public address and
 * then with a private one (DNS rebinding). `WEBHOOK_ALLOW_PRIVATE=true` lifts the rule for an
 * instance whose receivers are on its own network.
 */
import { inRanges, parseAddressRange, parseIp } from "../client_ip.ts";

/** Reserved ranges, first match wins, with what they are in French. */
const RESERVED: readonly { range: string; label: string }[] = [
  { range: "::ffff:0:0/96", label: "adresse IPv4 dans IPv6 (::ffff:0:0/96)" },
  { range: "0.0.0.0/8", label: "adresse non routable (0.0.0.0/8)" },
  { range: "127.0.0.0/8", label: "boucle locale (127.0.0.0/8)" },
  { range: "10.0.0.0/8", label: "réseau privé (10.0.0.0/8)" },
  { range: "172.16.0.0/12", label: "réseau privé (172.16.0.0/12)" },
  { range: "192.168.0.0/16", label: "réseau privé (192.168.0.0/16)" },
  { range: "169.254.0.0/16", label: "lien local (169.254.0.0/16)" },
  { range: "100.64.0.0/10", label: "réseau d’opérateur CGNAT (100.64.0.0/10)" },
  { range: "192.0.0.0/24", label: "adresse réservée (192.0.0.0/24)" },
  { range: "198.18.0.0/15", label: "réseau de test (198.18.0.0/15)" },
  { range: "224.0.0.0/4", label: "adresse de multidiffusion (224.0.0.0/4)" },
  { range: "255.255.255.255/32", label: "adresse de diffusion (255.255.255.255)" },
  { range: "240.0.0.0/4", label: "adresse réservée (240.0.0.0/4)" },
  { range: "::/128", label: "adresse non routable (::)" },
  { range: "::1/128", label: "boucle locale (::1)" },
  { range: "fc00::/7", label: "réseau privé (fc00::/7)" },
  { range: "fe80::/10", label: "lien local (fe80::/10)" },
  { range: "ff00::/8", label: "adresse de multidiffusion (ff00::/8)" },
  { range: "64:ff9b::/96", label: "traduction NAT64 (64:ff9b::/96)" },
];

// IPv4 ranges are parsed as their IPv4-mapped form by client_ip.ts, so the mapped range
// itself must be checked on the address as written (an IPv4 literal is mapped too).
const PARSED = RESERVED.map(({ range, label }) => ({ range: parseAddressRange(range)!, label }));
const MAPPED = PARSED[0];

/** The reserved range `address` lies in, in French; null for a public address. */
export function reservedRange(address: string): string | null {
  const bytes = parseIp(address);
  if (!bytes) return "adresse non valide";
  const isV4 = !address.includes(":");
  if (!isV4 && inRanges(bytes, [MAPPED.range])) return MAPPED.label;
  for (const { range, label } of PARSED.slice(1)) {
    if (inRanges(bytes, [range])) return label;
  }
  return null;
}

/** Where a call may go: the address to connect to, or why not (French, to log and show). */
export type Target =
  | { readonly address: string }
  /** `unresolved`: the name gave no address (it may well exist later, or elsewhere). */
  | { readonly refused: string; readonly unresolved?: true };

const LOCALHOST = /^(.+\.)?localhost\.?$/i;
/** How long a name may take to resolve before the call counts as failed. */
const RESOLVE_TIMEOUT_MS = 5_000;

const refusal = (host: string, what: string) => ({
  refused:
    `L’adresse du webhook ${host} est réservée — ${what} : Guichet n’y envoie rien, pour ne pas atteindre son propre réseau. Indiquez l’adresse publique du serveur qui reçoit le webhook (ou, si ce serveur est sur votre réseau interne, demandez à l’administrateur de l’instance de définir WEBHOOK_ALLOW_PRIVATE=true).`,
});

async function resolve(host: string): Promise<string[]> {
  const signal = AbortSignal.timeout(RESOLVE_TIMEOUT_MS);
  const ask = (type: "A" | "AAAA") => Deno.resolveDns(host, type, { signal }).catch(() => []);
  const [v4, v6] = await Promise.all([ask("A"), ask("AAAA")]);
  return [...v4, ...v6];
}

/**
 * Resolves the host of `url` and checks every address it gives; returns the one to connect
 * to (IPv4 first). A name that resolves to nothing is refused too (nothing to connect to).
 *
 * @example
 * ```ts
 * const target = await checkTarget("https://si.mairie.fr/guichet", { allowPrivate: false });
 * if ("refused" in target) throw new Error(target.refused);
 * ```
 */
export async function checkTarget(
  url: string,
  opts: { allowPrivate: boolean },
): Promise<Target> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: `L’adresse du webhook « ${url} » n’est pas une adresse web valide.` };
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!opts.allowPrivate && LOCALHOST.test(host)) return refusal(`« ${host} »`, "boucle locale");
  const addresses = parseIp(host) ? [host] : await resolve(host);
  if (addresses.length === 0) {
    return {
      refused:
        `L’adresse du webhook « ${host} » est introuvable (aucune réponse DNS) : vérifiez le nom du serveur dans les réglages du webhook.`,
      unresolved: true,
    };
  }
  if (!opts.allowPrivate) {
    for (const address of addresses) {
      const reserved = reservedRange(address);
      if (reserved) {
        return refusal(host === address ? `« ${host} »` : `« ${host} » (${address})`, reserved);
      }
    }
  }
  return { address: addresses.find((a) => !a.includes(":")) ?? addresses[0] };
}
