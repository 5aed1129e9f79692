/** The e-mail telling a démarche's administrateurs that a webhook delivery failed for good. */
import type { OutgoingMessage } from "../plugin_sdk/types.ts";
import { EVENT_LABELS } from "../shared/event_labels.ts";

export function failureMail(
  to: string,
  input: {
    titre: string;
    event: string;
    dossierId: number | null;
    attempts: number;
    error: string;
    link: string;
  },
): OutgoingMessage {
  const what = input.dossierId === null
    ? "l’événement de test"
    : `l’événement « ${
      EVENT_LABELS[input.event] ?? input.event
    } » du dossier n° ${input.dossierId}`;
  return {
    to,
    subject: `Webhook en échec sur « ${input.titre} »`,
    text: `Bonjour,\n\nLe webhook de la démarche « ${input.titre} » n’a pas pu livrer ${what} : ` +
      `après 72 heures et ${input.attempts} essais, Guichet a cessé de l’envoyer.\n\n` +
      `Dernière erreur : ${input.error}\n\n` +
      `Vérifiez que le serveur qui reçoit le webhook fonctionne et répond 2xx, puis renvoyez la ` +
      `livraison depuis le journal des livraisons : ${input.link}`,
  };
}
