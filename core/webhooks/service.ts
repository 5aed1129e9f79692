/**
 * Webhook deliveries. A plugin describes the call for an event (`api.webhook`, the SDK); the
 * core does the rest, the same for every such plugin:
 *
 * - each state change of a dossier writes, in its own transaction, one delivery row per
 *   webhook switched on for the démarche and the job that sends it (an outbox);
 * - a try resolves the receiver's name and refuses loopback, private and link-local
 *   addresses unless `WEBHOOK_ALLOW_PRIVATE` (core/plugin_host/outbound.ts), then posts to
 *   the checked address with `X-Guichet-Livraison: <uuid>`, the same on every try;
 * - a failed try is made again with a growing wait for 72 hours; then the delivery is
 *   failed and the démarche's administrateurs are told by e-mail;
 * - a dossier's events go in order: one waits while an earlier one of its dossier is
 *   pending, and is woken when that one is delivered or failed;
 * - the démarche's administrateurs read the log, send a delivery again, or send a test.
 */
import * as v from "valibot";
import type { Executor } from "../db/mod.ts";
import type { Deps, DossierTransition } from "../deps.ts";
import { AppError } from "../errors.ts";
import { type Actor, authorize, can } from "../policy/mod.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";
import { demarchePlugins } from "../plugin_host/service.ts";
import { checkTarget } from "../plugin_host/outbound.ts";
import { queueMessage } from "../notifications/service.ts";
import type { LifecycleEvent } from "../plugin_sdk/types.ts";
import * as demarches from "../demarches/store.ts";
import { type DeliveryStatus, nextAttempt, SEND_LEASE_MS, TIMEOUT_MS } from "./model.ts";
import { failureMail } from "./mails.ts";
import { post } from "./send.ts";
import * as store from "./store.ts";

export const DELIVER_JOB = "webhook.deliver";

const deliverPayload = v.object({ deliveryId: v.number() });

const iso = (d: Date) => d.toISOString();

/** One delivery per webhook switched on for the démarche, each with its job, in `trx`. */
async function queueEvent(
  deps: Deps,
  trx: Executor,
  e: { demarcheId: number; dossierId: number | null; event: string; at: string },
): Promise<number[]> {
  const states = await demarchePlugins(trx, deps.host, e.demarcheId);
  const ids: number[] = [];
  for (const sender of deps.host.webhooks.list()) {
    const owner = deps.host.webhooks.ownerOf(sender.id);
    if (!states.find((s) => s.pluginId === owner)?.enabled) continue;
    const id = await store.insertDelivery(trx, {
      livraison: crypto.randomUUID(),
      demarcheId: e.demarcheId,
      dossierId: e.dossierId,
      sender: sender.id,
      event: e.event,
      occurredAt: e.at,
      now: e.at,
    });
    await enqueue(trx, DELIVER_JOB, { deliveryId: id }, { now: e.at });
    ids.push(id);
  }
  return ids;
}

/**
 * Follows each transition of the lifecycle (registered in core/main.ts): the démarche's
 * webhooks get the event, committed with the change.
 */
export async function queueDeliveries(
  deps: Deps,
  trx: Executor,
  change: DossierTransition,
): Promise<void> {
  await queueEvent(deps, trx, {
    demarcheId: change.demarcheId,
    dossierId: change.dossierId,
    event: change.event,
    at: change.now,
  });
}

/** The job handler that tries one delivery. */
export function deliverHandler(deps: Deps): JobHandler {
  return async (payload) => {
    await attempt(deps, v.parse(deliverPayload, payload).deliveryId);
  };
}

/** In `trx`: the job of the next pending delivery of `d`'s dossier, now that `d` is settled. */
async function wakeNext(trx: Executor, d: store.DeliveryRow, now: Date): Promise<void> {
  const next = await store.firstPendingOfDossier(trx, d);
  if (!next) return;
  const due = next.next_attempt_at && next.next_attempt_at > iso(now)
    ? next.next_attempt_at
    : iso(now);
  await enqueue(trx, DELIVER_JOB, { deliveryId: next.id }, { now: iso(now), runAt: due });
}

/**
 * Tries delivery `id` if it is pending, due, and first of its dossier's pending ones; records
 * the outcome with what follows it (next try, next delivery, e-mail) in one transaction.
 */
async function attempt(deps: Deps, id: number): Promise<void> {
  const d = await store.findDelivery(deps.db, id);
  if (!d || d.status !== "en_attente") return;
  const first = await store.firstPendingOfDossier(deps.db, d);
  if (first && first.id !== d.id) return; // it waits: the earlier one wakes it when settled
  const now = deps.clock();
  const claimed = await store.claimDelivery(deps.db, id, {
    now: iso(now),
    leaseUntil: iso(new Date(now.getTime() + SEND_LEASE_MS)),
  });
  if (!claimed) return; // not due yet (an earlier job), or another worker has it

  const sender = deps.host.webhooks.get(d.sender);
  const owner = deps.host.webhooks.ownerOf(d.sender);
  const state = (await demarchePlugins(deps.db, deps.host, d.demarche_id))
    .find((s) => s.pluginId === owner);
  const request = sender && state?.enabled
    ? sender.request({
      event: d.event as LifecycleEvent | "test",
      dossierId: d.dossier_id,
      demarcheId: d.demarche_id,
      settings: state.settings,
      at: d.occurred_at,
      deliveryId: d.livraison,
    })
    : null;
  if (!request) {
    await deps.db.transaction().execute(async (trx) => {
      await store.markFailed(
        trx,
        id,
        "Le webhook est désactivé pour cette démarche (ou ses réglages sont incomplets) : rien n’a été envoyé. Réactivez-le dans « Fonctionnalités », puis « Renvoyer ».",
        iso(now),
      );
      await wakeNext(trx, d, now);
    });
    return;
  }

  const target = await checkTarget(request.url, { allowPrivate: deps.webhookAllowPrivate });
  const result = "refused" in target ? { error: target.refused } : await post(
    request.url,
    target.address,
    {
      body: request.body,
      headers: { ...request.headers, "x-guichet-livraison": d.livraison },
      timeoutMs: TIMEOUT_MS,
    },
  );
  const at = deps.clock();
  const responseStatus = "status" in result ? result.status : null;
  const ok = responseStatus !== null && responseStatus >= 200 && responseStatus < 300;
  const error = ok
    ? null
    : responseStatus !== null
    ? `Le serveur a répondu ${responseStatus} : Guichet attend une réponse 2xx (200, 202, 204…).`
    : (result as { error: string }).error;
  const firstAttemptAt = d.first_attempt_at ?? iso(now);
  const next = ok
    ? null
    : nextAttempt({ attempts: d.attempts + 1, firstAttemptAt: new Date(firstAttemptAt), now: at });
  const status: DeliveryStatus = ok ? "livre" : next ? "en_attente" : "echec";
  await deps.db.transaction().execute(async (trx) => {
    await store.recordAttempt(trx, id, {
      status,
      responseStatus,
      error,
      at: iso(at),
      firstAttemptAt,
      nextAttemptAt: next ? iso(next) : null,
    });
    if (next) {
      await enqueue(trx, DELIVER_JOB, { deliveryId: id }, { now: iso(at), runAt: iso(next) });
      return;
    }
    await wakeNext(trx, d, at);
    if (status === "echec") await tellAdministrateurs(deps, trx, d, error ?? "", at);
  });
}

/** The e-mail to each administrateur of the démarche: a delivery failed for good. */
async function tellAdministrateurs(
  deps: Deps,
  trx: Executor,
  d: store.DeliveryRow,
  error: string,
  at: Date,
) {
  const demarche = await demarches.findDemarche(trx, d.demarche_id);
  if (!demarche) return;
  const link = `${deps.baseUrl}/admin/demarches/${d.demarche_id}/webhook`;
  for (const admin of await demarches.listAdministrateurs(trx, d.demarche_id)) {
    await queueMessage(
      trx,
      failureMail(admin.email, {
        titre: demarche.titre,
        event: d.event,
        dossierId: d.dossier_id,
        attempts: d.attempts + 1,
        error,
        link,
      }),
      { now: iso(at), demarcheId: d.demarche_id },
    );
  }
}

/** The démarche, if `actor` administers it; another's démarche reads as not found. */
async function administeredDemarche(deps: Deps, actor: Actor | null, demarcheId: number) {
  authorize(actor, "espace_admin.acceder");
  const demarche = await demarches.findDemarche(deps.db, demarcheId);
  const administrateurIds = demarche ? await demarches.administrateurIds(deps.db, demarcheId) : [];
  if (!demarche || !can(actor, "demarche.administrer", { administrateurIds })) {
    throw new AppError("NOT_FOUND", "Cette démarche n’existe pas.");
  }
  return demarche;
}

/** A delivery as its log shows it. */
function view(d: store.DeliveryRow, waiting: boolean) {
  return {
    id: d.id,
    livraison: d.livraison,
    evenement: d.event,
    dossierId: d.dossier_id,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    lastStatus: d.last_status,
    lastError: d.last_error,
    /** Null when delivered, failed, or waiting behind an earlier event of its dossier. */
    nextAttemptAt: waiting ? null : d.next_attempt_at,
    /** Pending behind an earlier event of the same dossier. */
    waiting,
    createdAt: d.created_at,
    lastAttemptAt: d.last_attempt_at,
  };
}

export type DeliveryView = ReturnType<typeof view>;

async function viewOf(db: Executor, id: number): Promise<DeliveryView> {
  const d = (await store.findDelivery(db, id))!;
  return view(d, (await store.waitingBehind(db, [id])).has(id));
}

/**
 * The démarche's deliveries newest first, `limit` at a time; `next` is the cursor of the
 * following page (`before`), null on the last one.
 */
export async function listDeliveries(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; before?: number; limit: number },
) {
  await administeredDemarche(deps, actor, input.demarcheId);
  const rows = await store.listDeliveries(deps.db, { ...input, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const waiting = await store.waitingBehind(deps.db, page.map((d) => d.id));
  return {
    items: page.map((d) => view(d, waiting.has(d.id))),
    next: rows.length > input.limit ? page[page.length - 1].id : null,
  };
}

/**
 * « Renvoyer »: the delivery goes again, with its id, its 72 hours starting anew; tried at
 * once (after an earlier pending event of its dossier, if there is one).
 */
export async function resendDelivery(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number; id: number },
): Promise<DeliveryView> {
  await administeredDemarche(deps, actor, input.demarcheId);
  const d = await store.findDelivery(deps.db, input.id);
  if (!d || d.demarche_id !== input.demarcheId) {
    throw new AppError("NOT_FOUND", "Cette livraison n’existe pas (ou plus) pour cette démarche.");
  }
  const now = iso(deps.clock());
  await deps.db.transaction().execute(async (trx) => {
    await store.resetForResend(trx, d.id, now);
    await enqueue(trx, DELIVER_JOB, { deliveryId: d.id }, { now });
  });
  await attempt(deps, d.id);
  return await viewOf(deps.db, d.id);
}

/** « Envoyer un test »: a `test` event to the configured address, tried at once, in the log. */
export async function sendTest(
  deps: Deps,
  actor: Actor | null,
  input: { demarcheId: number },
): Promise<DeliveryView> {
  await administeredDemarche(deps, actor, input.demarcheId);
  const now = iso(deps.clock());
  const ids = await deps.db.transaction().execute((trx) =>
    queueEvent(deps, trx, { demarcheId: input.demarcheId, dossierId: null, event: "test", at: now })
  );
  if (ids.length === 0) {
    throw new AppError(
      "CONFLICT",
      "Le webhook n’est pas activé pour cette démarche. Activez-le dans « Fonctionnalités » et indiquez son adresse, puis envoyez un test.",
    );
  }
  for (const id of ids) await attempt(deps, id);
  return await viewOf(deps.db, ids[0]);
}
