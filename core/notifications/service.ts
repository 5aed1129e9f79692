/**
 * Sending a notification: a job in the caller's transaction, delivered later by a channel
 * plugin. The core knows no transport; it only names the channel (`email`).
 */
import type { Executor } from "../db/mod.ts";
import type { OutgoingMessage } from "../plugin_sdk/types.ts";
import type { PluginHost } from "../plugin_host/host.ts";
import { enqueue } from "../jobs/queue.ts";
import type { JobHandler } from "../jobs/worker.ts";

export const SEND_JOB = "notification.send";

interface SendPayload {
  channel: string;
  message: OutgoingMessage;
}

/**
 * Queues `message` on `channel` inside the caller's transaction.
 *
 * @example
 * ```ts
 * await queueMessage(trx, mails.confirmation(email, link), { now });
 * ```
 */
export async function queueMessage(
  trx: Executor,
  message: OutgoingMessage,
  opts: { now: string; channel?: string },
): Promise<void> {
  const payload: SendPayload = { channel: opts.channel ?? "email", message };
  await enqueue(trx, SEND_JOB, payload, { now: opts.now });
}

/** The job handler that hands a queued message to its channel plugin. */
export function sendHandler(
  host: PluginHost,
  config: Readonly<Record<string, string | undefined>>,
): JobHandler {
  return async (payload) => {
    const { channel, message } = payload as SendPayload;
    const plugin = host.channels.get(channel);
    if (!plugin) throw new Error(`No channel "${channel}" is installed`);
    await plugin.send(message, { config });
  };
}
