/** Pure rules of webhook deliveries: statuses, the retry schedule, the inputs of the log. */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";

/** `en_attente` (to send, or to try again), `livre` (a 2xx answer), `echec` (given up). */
export const DELIVERY_STATUSES = ["en_attente", "livre", "echec"] as const;
export type DeliveryStatus = typeof DELIVERY_STATUSES[number];

/** How long a delivery is tried, from its first try, before it is marked failed. */
export const RETRY_WINDOW_MS = 72 * 3_600_000;

/** How long a receiver has to answer before the try counts as failed. */
export const TIMEOUT_MS = 10_000;

/** How long a try holds its delivery, so that another worker does not send it meanwhile. */
export const SEND_LEASE_MS = 60_000;

/** Wait after the `attempts`-th failed try: 1 min, 2, 4… doubling, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/**
 * What follows a failed try at `now`: the next try (never past the 72 hours from the first
 * one, so the last is made at their end), or null when they are over.
 *
 * @example
 * ```ts
 * nextAttempt({ attempts: 1, firstAttemptAt: now, now }); // now + 1 min
 * ```
 */
export function nextAttempt(opts: { attempts: number; firstAttemptAt: Date; now: Date }) {
  const deadline = opts.firstAttemptAt.getTime() + RETRY_WINDOW_MS;
  if (opts.now.getTime() >= deadline) return null;
  return new Date(Math.min(opts.now.getTime() + retryDelayMs(opts.attempts), deadline));
}

const demarcheId = rowId("Indiquez la démarche par son numéro.");

export const webhookInputs = {
  list: v.object({
    demarcheId,
    before: v.optional(rowId("Le curseur des livraisons doit être un numéro de livraison.")),
    limit: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1, "Demandez au moins 1 livraison."),
        v.maxValue(100, "Demandez au plus 100 livraisons à la fois."),
      ),
      25,
    ),
  }),
  resend: v.object({ demarcheId, id: rowId("Indiquez la livraison par son numéro.") }),
  test: v.object({ demarcheId }),
};
