/**
 * E-mail over SMTP (nodemailer, pooled connections). The `email` channel every account and
 * dossier e-mail goes through. Configured by the instance: `SMTP_URL` and `MAIL_FROM`.
 * Every e-mail leaves from `MAIL_FROM`'s address (the one its server may send from, for SPF),
 * under the message's sender name (a démarche's service) or `MAIL_FROM`'s, marked
 * `Auto-Submitted: auto-generated` so that autoresponders do not answer it (RFC 3834), with the
 * `Message-ID` the host gives (the same on every try, so a message sent twice is recognised).
 */
import nodemailer from "nodemailer";
import { definePlugin } from "../../core/plugin_sdk/mod.ts";

type Transport = ReturnType<typeof nodemailer.createTransport>;

const transports = new Map<string, Transport>();

const DEFAULT_FROM = "Guichet <ne-pas-repondre@guichet.localhost>";

/** `MAIL_FROM` as a name and an address: `Nom <adresse>`, `"Nom" <adresse>` or `adresse`. */
export function parseMailFrom(value: string): { name: string; address: string } {
  const m = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (!m) return { name: "", address: value.trim() };
  const name = m[1].replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1");
  return { name, address: m[2] };
}

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
      async send(message, { config, messageId }) {
        const url = config.SMTP_URL;
        if (!url) throw new Error("SMTP_URL is not configured");
        const from = parseMailFrom(config.MAIL_FROM ?? DEFAULT_FROM);
        await transportFor(url).sendMail({
          // nodemailer quotes or encodes the name (RFC 5322 / 2047) as it needs.
          from: { name: message.fromName ?? from.name, address: from.address },
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          replyTo: message.replyTo,
          headers: { "Auto-Submitted": "auto-generated" },
          // The same on every try of the message's job: a retry is recognisable.
          messageId,
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
