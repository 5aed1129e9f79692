/**
 * Webhook: tells another system (the administration's SI métier, an automation) each time a
 * dossier of the démarche changes state — deposited, passed en instruction, decided… — by an
 * HTTP POST of a small JSON document to the address the administrator sets. This plugin
 * only describes the call (settings, body, signature); the core (core/webhooks/) logs each
 * delivery for the démarche's administrateurs, sends it to a checked address with its id in
 * `X-Guichet-Livraison`, retries it for 72 hours, keeps a dossier's events in order and
 * tells the administrateurs of a failure. With a secret, each call carries
 * `X-Guichet-Signature: sha256=<hex>`, the HMAC-SHA256 of the body under that secret, so the
 * receiver knows it comes from here.
 *
 * The body: `{ "evenement": "accepter", "etat": "accepte", "dossier": 12, "demarche": 3,
 * "date": "2026-11-29T10:00:00.000Z", "livraison": "<uuid>" }` — identifiers only: the
 * receiver reads the dossier through the API with its own token, never from a payload anyone
 * could replay. « Envoyer un test » sends `"evenement": "test"` with `etat` and `dossier` null.
 */
import * as v from "valibot";
import { createHmac } from "node:crypto";
import {
  definePlugin,
  httpUrl,
  type LifecycleEvent,
  type WebhookEvent,
  type WebhookRequest,
} from "../../core/plugin_sdk/mod.ts";

export const webhookSettings = v.object({
  url: v.pipe(
    v.string("Indiquez l’adresse du webhook."),
    v.trim(),
    v.nonEmpty("Indiquez l’adresse du webhook, par exemple https://si.mairie.fr/guichet."),
    httpUrl(
      "L’adresse doit commencer par https:// (ou http:// sur un réseau interne), par exemple https://si.mairie.fr/guichet.",
      500,
    ),
    v.title("Adresse du webhook"),
    v.description("Guichet y envoie une requête POST à chaque changement d’état d’un dossier."),
  ),
  secret: v.optional(
    v.pipe(
      v.string("Le secret doit être un texte."),
      v.trim(),
      v.check(
        (s) => s === "" || s.length >= 16,
        "Le secret doit compter au moins 16 caractères (ou restez vide).",
      ),
      v.maxLength(200, "Le secret ne doit pas dépasser 200 caractères."),
      v.title("Secret de signature"),
      v.description(
        "Avec un secret, chaque requête porte l’en-tête X-Guichet-Signature : sha256= suivi " +
          "de la signature HMAC-SHA256 du corps.",
      ),
    ),
    "",
  ),
});

type Settings = v.InferOutput<typeof webhookSettings>;

/** The state a dossier is in after each event. */
const STATE_AFTER: Readonly<Record<LifecycleEvent, string>> = {
  deposer: "en_construction",
  passer_en_instruction: "en_instruction",
  repasser_en_construction: "en_construction",
  accepter: "accepte",
  refuser: "refuse",
  classer_sans_suite: "sans_suite",
  accepter_automatiquement: "accepte",
  refuser_automatiquement: "refuse",
  repasser_en_instruction: "en_instruction",
};

/** `sha256=<hex>`: the HMAC-SHA256 of `body` under `secret`. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The settings if they are whole (switched on, address set); null otherwise. */
function settingsOf(raw: unknown): Settings | null {
  const parsed = v.safeParse(webhookSettings, raw);
  return parsed.success ? parsed.output : null;
}

/** The signed POST for one event; the core sends it and keeps the delivery log. */
function request(event: WebhookEvent): WebhookRequest | null {
  const settings = settingsOf(event.settings);
  if (!settings) return null;
  const body = JSON.stringify({
    evenement: event.event,
    etat: event.event === "test" ? null : STATE_AFTER[event.event],
    dossier: event.dossierId,
    demarche: event.demarcheId,
    date: event.at,
    livraison: event.deliveryId,
  });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (settings.secret) headers["x-guichet-signature"] = signature(settings.secret, body);
  return { url: settings.url, body, headers };
}

export default definePlugin({
  id: "webhook",
  version: "1.0.0",
  label: "Webhook",
  description:
    "Prévenir un autre système (votre SI métier, une automatisation) à chaque changement " +
    "d’état d’un dossier, par une requête POST signée.",
  host: "^1.0.0",
  enabledByDefault: false,
  settings: webhookSettings,
  register(api) {
    api.webhook({ id: "webhook", target: (raw) => settingsOf(raw)?.url ?? null, request });
  },
});
