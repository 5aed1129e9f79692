/**
 * The `/_dev/mails` page: mail caught locally when no SMTP server is configured. Those mails
 * hold sign-in and password links, so the page exists only for a development instance
 * (`BASE_URL` on localhost) opened on the server itself, never through a proxy.
 */
import { createHash } from "node:crypto";
import type { CaughtMail } from "./catcher.ts";
import { isLoopbackIp } from "../client_ip.ts";

const STYLE =
  `body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}h2{margin:0;font-size:1.1rem}
.meta{color:#555;margin:.25rem 0 0}pre{white-space:pre-wrap;font-family:inherit}a{color:#1d4ed8}`;

/** The page's Content-Security-Policy: nothing but its own `<style>`, named by its hash. */
export const DEV_MAILS_CSP = `default-src 'none'; style-src 'sha256-${
  createHash("sha256").update(STYLE).digest("base64")
}'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`;

const LOOPBACK_HOST = /^(localhost|.+\.localhost|\[::1\]|127\.\d+\.\d+\.\d+)$/i;

/** Whether `BASE_URL` names this machine: a development instance, the only kind with the page. */
export function isLocalBaseUrl(baseUrl: string): boolean {
  return LOOPBACK_HOST.test(new URL(baseUrl).hostname);
}

/**
 * Whether the page may be shown: `BASE_URL` names this machine (localhost, 127.0.0.0/8,
 * [::1]), the TCP peer is loopback, and no proxy forwarded the request (a proxy on the same
 * machine is a loopback peer too, and would publish the page).
 */
export function devMailsVisible(baseUrl: string, peer: string, headers: Headers): boolean {
  return isLocalBaseUrl(baseUrl) && isLoopbackIp(peer) &&
    !headers.has("x-forwarded-for") && !headers.has("forwarded") && !headers.has("x-real-ip");
}

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
<style>${STYLE}</style></head>
<body><main><h1>E-mails envoyés</h1>
<p>Aucun serveur SMTP n’est configuré (<code>SMTP_URL</code>) : Guichet garde ici les e-mails qu’il envoie. Cette page n’est visible que depuis la machine du serveur.</p>
${items || "<p>Aucun e-mail pour l’instant.</p>"}</main></body></html>`;
}
