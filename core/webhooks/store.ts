/** Queries of `webhook_deliveries`: the log of each démarche's webhook calls. */
import type { Executor } from "../db/mod.ts";
import type { DeliveryStatus } from "./model.ts";

export interface NewDelivery {
  livraison: string;
  demarcheId: number;
  dossierId: number | null;
  sender: string;
  event: string;
  occurredAt: string;
  now: string;
}

export async function insertDelivery(db: Executor, d: NewDelivery): Promise<number> {
  const row = await db.insertInto("webhook_deliveries").values({
    livraison: d.livraison,
    demarche_id: d.demarcheId,
    dossier_id: d.dossierId,
    sender: d.sender,
    event: d.event,
    occurred_at: d.occurredAt,
    status: "en_attente",
    last_status: null,
    last_error: null,
    last_attempt_at: null,
    first_attempt_at: null,
    next_attempt_at: d.now,
    created_at: d.now,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findDelivery(db: Executor, id: number) {
  return await db.selectFrom("webhook_deliveries").selectAll().where("id", "=", id)
    .executeTakeFirst();
}

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

/** A démarche's deliveries newest first, those before `before` (an id) when given. */
export async function listDeliveries(
  db: Executor,
  opts: { demarcheId: number; before?: number; limit: number },
) {
  let q = db.selectFrom("webhook_deliveries").selectAll()
    .where("demarche_id", "=", opts.demarcheId).orderBy("id", "desc").limit(opts.limit);
  if (opts.before !== undefined) q = q.where("id", "<", opts.before);
  return await q.execute();
}

/** The pending deliveries, among `ids`, that wait behind an earlier one of their dossier. */
export async function waitingBehind(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom("webhook_deliveries as d").select("d.id")
    .where("d.id", "in", [...ids]).where("d.status", "=", "en_attente")
    .where("d.dossier_id", "is not", null)
    .where((eb) =>
      eb.exists(
        eb.selectFrom("webhook_deliveries as e").select("e.id")
          .whereRef("e.dossier_id", "=", "d.dossier_id").whereRef("e.sender", "=", "d.sender")
          .whereRef("e.id", "<", "d.id").where("e.status", "=", "en_attente"),
      )
    ).execute();
  return new Set(rows.map((r) => r.id));
}

/** The first pending delivery of the dossier and sender of `d`, if it is not `d` itself. */
export async function firstPendingOfDossier(
  db: Executor,
  d: { dossier_id: number | null; sender: string },
) {
  if (d.dossier_id === null) return undefined;
  return await db.selectFrom("webhook_deliveries").select(["id", "next_attempt_at"])
    .where("dossier_id", "=", d.dossier_id).where("sender", "=", d.sender)
    .where("status", "=", "en_attente").orderBy("id").limit(1).executeTakeFirst();
}

/**
 * Takes delivery `id` for a try: only one caller wins while it is pending and due; its next
 * try moves to `leaseUntil`, so a crash mid-try leaves it to be tried again then.
 */
export async function claimDelivery(
  db: Executor,
  id: number,
  opts: { now: string; leaseUntil: string },
): Promise<boolean> {
  const r = await db.updateTable("webhook_deliveries")
    .set({ next_attempt_at: opts.leaseUntil })
    .where("id", "=", id).where("status", "=", "en_attente")
    .where("next_attempt_at", "<=", opts.now).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records a try and its outcome. */
export async function recordAttempt(
  db: Executor,
  id: number,
  outcome: {
    status: DeliveryStatus;
    responseStatus: number | null;
    error: string | null;
    at: string;
    firstAttemptAt: string;
    nextAttemptAt: string | null;
  },
): Promise<void> {
  await db.updateTable("webhook_deliveries")
    .set((eb) => ({
      status: outcome.status,
      attempts: eb("attempts", "+", 1),
      last_status: outcome.responseStatus,
      last_error: outcome.error === null ? null : outcome.error.slice(0, 1000),
      last_attempt_at: outcome.at,
      first_attempt_at: outcome.firstAttemptAt,
      next_attempt_at: outcome.nextAttemptAt,
    }))
    .where("id", "=", id).execute();
}

/** Marks a delivery failed without a try (its webhook switched off since). */
export async function markFailed(db: Executor, id: number, error: string, now: string) {
  await db.updateTable("webhook_deliveries")
    .set({ status: "echec", last_error: error, last_attempt_at: now, next_attempt_at: null })
    .where("id", "=", id).execute();
}

/** « Renvoyer »: the delivery is pending again, due now, its 72 hours starting anew. */
export async function resetForResend(db: Executor, id: number, now: string): Promise<void> {
  await db.updateTable("webhook_deliveries")
    .set({ status: "en_attente", attempts: 0, first_attempt_at: null, next_attempt_at: now })
    .where("id", "=", id).execute();
}
