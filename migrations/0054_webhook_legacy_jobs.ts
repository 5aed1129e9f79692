import type { Kysely } from "kysely";

/**
 * The webhook events an instance had queued before its calls went through the core (0036,
 * core/webhooks/): until then the webhook plugin sent each one from a `plugin.after_hook` job,
 * retried while its receiver failed. Such a job left pending at the upgrade would since run
 * for nothing (the plugin has no such hook any more) and its event be lost. Each becomes what
 * a state change queues today — a delivery in the démarche's log and the job that sends it —
 * in the order they were queued, so a dossier's events keep theirs. Jobs of other plugins,
 * and those already done or failed, are left as they are.
 */
// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const jobs = await db.selectFrom("jobs").select(["id", "payload", "run_at", "created_at"])
    .where("kind", "=", "plugin.after_hook").where("status", "in", ["pending", "running"])
    .orderBy("id").execute();
  for (const job of jobs) {
    const event = legacyEvent(job.payload);
    if (!event) continue;
    const demarche = await db.selectFrom("demarches").select("id")
      .where("id", "=", event.demarcheId).executeTakeFirst();
    if (demarche) {
      const { id } = await db.insertInto("webhook_deliveries").values({
        livraison: crypto.randomUUID(),
        demarche_id: event.demarcheId,
        dossier_id: event.dossierId,
        sender: "webhook",
        event: event.event,
        occurred_at: event.at ?? job.created_at,
        status: "en_attente",
        attempts: 0,
        // Due when the plugin's job was: its next try, not the upgrade's date.
        next_attempt_at: job.run_at,
        created_at: job.created_at,
      }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("jobs").values({
        kind: "webhook.deliver",
        payload: JSON.stringify({ deliveryId: id }),
        status: "pending",
        attempts: 0,
        max_attempts: 8, // core/jobs/model.ts DEFAULT_MAX_ATTEMPTS, as enqueue() gives
        run_at: job.run_at,
        created_at: job.created_at,
        updated_at: job.created_at,
      }).execute();
    }
    // A démarche deleted since has no log to write to: its event goes with it.
    await db.deleteFrom("jobs").where("id", "=", job.id).execute();
  }
}

interface LegacyEvent {
  readonly event: string;
  readonly dossierId: number | null;
  readonly demarcheId: number;
  readonly at: string | null;
}

/** The event of a webhook plugin's `plugin.after_hook` job; null for another plugin's. */
function legacyEvent(payload: string): LegacyEvent | null {
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(payload);
  } catch {
    return null;
  }
  if (p?.pluginId !== "webhook" || typeof p.event !== "string") return null;
  if (typeof p.demarcheId !== "number") return null;
  return {
    event: p.event,
    dossierId: typeof p.dossierId === "number" ? p.dossierId : null,
    demarcheId: p.demarcheId,
    at: typeof p.at === "string" ? p.at : null,
  };
}

/** Nothing to undo: the deliveries made are the events themselves, now in the log. */
export async function down(): Promise<void> {}
