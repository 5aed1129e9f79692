/**
 * Webhook: tells another system (the administration's SI métier, an automation) each time a
 * dossier of the démarche changes state — deposited, passed en instruction, decided… — by an
 * HTTP POST of a small JSON document to the address the administrator sets. The call runs
 * after the change is committed, through the job queue: a receiver that is down or answers
 * with an error gets the call again later (backoff), and a failure shows on the super-admin's
 * « Tâches » page. With a secret, each call carries `X-Guichet-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the body under that secret, so the receiver knows it comes from here.
 *
 * The body: `{ "evenement": "accepter", "etat": "accepte", "dossier": 12, "demarche": 3,
 * "date": "2026-11-29T10:00:00.000Z" }` — identifiers only: the receiver reads the dossier
 * through the API with its own token, never from a payload anyone could replay.
 */
import * as v from "valibot";
import { createHmac } from "node:crypto";
import {
  definePlugin,
  type HookContext,
  httpUrl,
  LIFECYCLE_EVENTS,
  type LifecycleEvent,
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

/** How long a receiver has to answer before the call counts as failed (and is retried). */
const TIMEOUT_MS = 10_000;

/** `sha256=<hex>`: the HMAC-SHA256 of `body` under `secret`. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

async function call(ctx: HookContext): Promise<void> {
  const parsed = v.safeParse(webhookSettings, ctx.settings);
  // Switched off, or its settings gone since the change: nothing to tell.
  if (!parsed.success) return;
  const settings: Settings = parsed.output;
  const body = JSON.stringify({
    evenement: ctx.event,
    etat: STATE_AFTER[ctx.event],
    dossier: ctx.dossierId,
    demarche: ctx.demarcheId,
    date: ctx.at ?? new Date().toISOString(),
  });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Guichet-Webhook/1.0",
  };
  if (settings.secret) headers["x-guichet-signature"] = signature(settings.secret, body);
  const res = await fetch(settings.url, {
    method: "POST",
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok) {
    throw new Error(`Le webhook ${settings.url} a répondu ${res.status} : nouvel essai plus tard.`);
  }
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
    api.hooks({
      after: Object.fromEntries(LIFECYCLE_EVENTS.map((event) => [event, call])),
    });
  },
});
