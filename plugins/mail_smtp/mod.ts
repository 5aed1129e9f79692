/**
 * E-mail over SMTP (nodemailer, pooled connections). The `email` channel every account and
 * dossier e-mail goes through. Configured by the instance: `SMTP_URL` and `MAIL_FROM`.
 */
import nodemailer from "nodemailer";
import { definePlugin } from "../../core/plugin_sdk/mod.ts";

type Transport = ReturnType<typeof nodemailer.createTransport>;

const transports = new Map<string, Transport>();

function transportFor(url: string): Transport {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, { pool: true, maxConnections: 3 } as never);
    transports.set(url, t);
  }
  return t;
}

export default definePlugin({
  id: "mail_smtp",
  version: "1.0.0",
  label: "E-mail (SMTP)",
  description: "Envoie les e-mails de la plateforme par un serveur SMTP.",
  host: "^1.0.0",
  register(api) {
    api.channel({
      id: "email",
      label: "E-mail",
      async send(message, { config }) {
        const url = config.SMTP_URL;
        if (!url) throw new Error("SMTP_URL is not configured");
        await transportFor(url).sendMail({
          from: config.MAIL_FROM ?? "Guichet <ne-pas-repondre@guichet.localhost>",
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          replyTo: message.replyTo,
        });
      },
      close() {
        for (const t of transports.values()) t.close();
        transports.clear();
        return Promise.resolve();
      },
    });
  },
});
