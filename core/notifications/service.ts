/**
 * Sending a notification: a job in the caller's transaction, delivered later by a channel
 * plugin. The core knows no transport; it only names the channel (`email`). An e-mail is
 * given its footer and its HTML part here (mail_layout.ts), in the name of the démarche's
 * service when it is about one.
 */
import type { Executor } from "../db/mod.ts";
import type { OutgoingMessage } from "../plugin_sdk/types.ts";
import type { PluginHost } from "../plugin_host/host.ts";
import { enqueue } from "../jobs/queue.ts";
import { mailFooter, mailHtml, type MailService } from "./mail_layout.ts";
import { messageIdOf, parseMailSender } from "./model.ts";
import * as store from "./store.ts";
import type { JobHandler } from "../jobs/worker.ts";

export const SEND_JOB = "notification.send";

interface SendPayload {
  channel: string;
  message: OutgoingMessage;
}

/**
 * Queues `message` on `channel` inside the caller's transaction. An e-mail (channel `email`,
 * the default) about démarche `demarcheId` (or for `service`, already read) is sent in its
 * service's name with its contact as `Reply-To`; without either it is the instance's. Every
 * e-mail gets the footer and an HTML part made of its text.
 *
 * @example
 * ```ts
 * await queueMessage(trx, mails.confirmation(email, link), { now });
 * await queueMessage(trx, mails.nouveauMessage(to, titre, id, link), { now, demarcheId });
 * ```
 */
export async function queueMessage(
  trx: Executor,
  message: OutgoingMessage,
  opts: { now: string; channel?: string; demarcheId?: number; service?: MailService },
): Promise<void> {
  const channel = opts.channel ?? "email";
  let sent = message;
  if (channel === "email") {
    const service = opts.service ??
      (opts.demarcheId === undefined
        ? null
        : parseMailSender(await store.demarcheSettings(trx, opts.demarcheId)));
    sent = asEmail(message, service);
  }
  const payload: SendPayload = { channel, message: sent };
  await enqueue(trx, SEND_JOB, payload, { now: opts.now });
}

/** `message` as an e-mail: the footer, the HTML part, the sender, whom a reply goes to. */
function asEmail(message: OutgoingMessage, service: MailService | null): OutgoingMessage {
  const text = message.text + mailFooter(service);
  return {
    ...message,
    text,
    html: message.html ?? mailHtml(message.subject, text, service),
    ...(service?.nom && !message.fromName ? { fromName: service.nom } : {}),
    ...(service?.email && !message.replyTo ? { replyTo: service.email } : {}),
  };
}

/**
 * The job handler that hands a queued message to its channel plugin, with the message's
 * identifier derived from its job (`messageIdOf`), so every try of one message carries the same.
 */
export function sendHandler(
  host: PluginHost,
  opts: {
    /** What the channels read at send time (`SMTP_URL`, `MAIL_FROM`). */
    config: Readonly<Record<string, string | undefined>>;
    /** The instance's address: its host names the messages (`BASE_URL`). */
    baseUrl: string;
  },
): JobHandler {
  const domain = new URL(opts.baseUrl).hostname;
  return async (payload, job) => {
    const { channel, message } = payload as SendPayload;
    const plugin = host.channels.get(channel);
    if (!plugin) throw new Error(`No channel "${channel}" is installed`);
    const messageId = await messageIdOf(job, payload, domain);
    await plugin.send(message, { config: opts.config, messageId });
  };
}
