/** The `/_dev/mails` page: mail caught locally when no SMTP server is configured. */
import type { CaughtMail } from "./catcher.ts";

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const linkify = (s: string) => escape(s).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');

export function devMailsPage(mails: readonly CaughtMail[]): string {
  const items = [...mails].reverse().map((m) => `
    <article>
      <h2>${escape(m.subject)}</h2>
      <p class="meta">À ${escape(m.to.join(", "))} · ${
    escape(new Date(m.receivedAt).toLocaleString("fr-FR", { timeZone: "Europe/Paris" }))
  }</p>
      <pre>${linkify(m.text)}</pre>
    </article>`).join("");
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>E-mails envoyés (développement) – Guichet</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}h2{margin:0;font-size:1.1rem}
.meta{color:#555;margin:.25rem 0 0}pre{white-space:pre-wrap;font-family:inherit}a{color:#1d4ed8}</style></head>
<body><main><h1>E-mails envoyés</h1>
<p>Aucun serveur SMTP n’est configuré (<code>SMTP_URL</code>) : Guichet garde ici les e-mails qu’il envoie. Cette page n’est visible que depuis la machine du serveur.</p>
${items || "<p>Aucun e-mail pour l’instant.</p>"}</main></body></html>`;
}
