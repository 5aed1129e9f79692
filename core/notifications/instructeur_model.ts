/**
 * The instructeurs' notifications as pure rules: the events, the choices and their defaults,
 * who is told of an event, when the daily summary is due, and the e-mails' text. No I/O.
 */
import * as v from "valibot";
import { rowId } from "../shared/ids.ts";
import type { OutgoingMessage } from "../plugin_sdk/types.ts";
import {
  FREQUENCES,
  INSTRUCTEUR_EVENTS,
  type InstructeurEvent,
} from "../shared/instructeur_notifications.ts";

const id = rowId("Identifiant inconnu.");
const frequence = v.picklist(
  FREQUENCES,
  "Choisissez « Immédiatement », « Dans le résumé quotidien » ou « Jamais ».",
);

export const notificationSettingsSchema = v.object({
  depot: frequence,
  message: frequence,
  avis: frequence,
});
export type NotificationSettings = v.InferOutput<typeof notificationSettingsSchema>;

/** What an instructeur hears when they chose nothing: deposits pile up, the rest comes at once. */
export const DEFAULT_SETTINGS: NotificationSettings = {
  depot: "resume",
  message: "immediat",
  avis: "immediat",
};

export const notificationInputs = {
  get: v.object({ demarcheId: v.optional(id) }),
  save: v.object({
    demarcheId: id,
    depot: frequence,
    message: frequence,
    avis: frequence,
  }),
};

/**
 * Who is told of an event on a dossier: a deposit goes to its groupe; a message or an avis
 * to those following the dossier and to `also` (the instructeur who asked for the avis) when
 * they are in the groupe, else to the whole groupe. Never to the event's author.
 */
export function recipientsOf(
  event: InstructeurEvent,
  people: {
    groupe: readonly number[];
    followers: readonly number[];
    authorId: number | null;
    also?: readonly number[];
  },
): number[] {
  const inGroupe = new Set(people.groupe);
  const chosen = event === "depot" ? people.groupe : [
    ...people.followers,
    ...(people.also ?? []).filter((u) => inGroupe.has(u)),
  ];
  const ids = chosen.length ? chosen : people.groupe;
  return [...new Set(ids)].filter((u) => u !== people.authorId);
}

/** The hour (UTC) of the daily summary. */
export const SUMMARY_HOUR_UTC = 8;

/** The latest summary time at or before `now`: today's 08:00 UTC, or yesterday's. */
export function summarySlot(now: Date): Date {
  const slot = new Date(now);
  slot.setUTCHours(SUMMARY_HOUR_UTC, 0, 0, 0);
  if (slot > now) slot.setUTCDate(slot.getUTCDate() - 1);
  return slot;
}

/**
 * A summary is due for whoever had none since this time: the latest 08:00 UTC, or 12 hours
 * ago if earlier, so a summary caught up at 07:30 is not followed by another at 08:00.
 */
export function summaryThreshold(now: Date): string {
  const slot = summarySlot(now).getTime();
  return new Date(Math.min(slot, now.getTime() - 12 * 3_600_000)).toISOString();
}

function mail(to: string, subject: string, body: string): OutgoingMessage {
  return { to, subject, text: body };
}

const settingsLine = (baseUrl: string) =>
  `\n\nPour choisir quand vous êtes prévenu : ${baseUrl}/instruction/notifications`;

/** The immediate e-mail of an event; never the message's or the avis's text. */
export function eventMail(
  event: InstructeurEvent,
  input: { to: string; titre: string; numero: number; baseUrl: string },
): OutgoingMessage {
  const link = `${input.baseUrl}/instruction/dossiers/${input.numero}`;
  const where = `le dossier n° ${input.numero} de la démarche « ${input.titre} »`;
  const end = settingsLine(input.baseUrl);
  switch (event) {
    case "depot":
      return mail(
        input.to,
        `Nouveau dossier n° ${input.numero} déposé sur « ${input.titre} »`,
        `Bonjour,\n\nUn nouveau dossier a été déposé : ${where}.\n\nPour le consulter : ${link}${end}`,
      );
    case "message":
      return mail(
        input.to,
        `Nouveau message sur le dossier n° ${input.numero}`,
        `Bonjour,\n\nUn nouveau message vous attend sur ${where}.\n\nPour le lire et y répondre : ${link}${end}`,
      );
    case "avis":
      return mail(
        input.to,
        `Avis reçu sur le dossier n° ${input.numero}`,
        `Bonjour,\n\nUn expert a rendu son avis sur ${where}.\n\nPour le lire : ${link}${end}`,
      );
  }
}

/** How many events of each kind a démarche had since the previous summary. */
export interface SummaryLine {
  readonly demarcheId: number;
  readonly titre: string;
  readonly counts: Readonly<Record<InstructeurEvent, number>>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** The daily summary, or null when there is nothing to tell. */
export function summaryMail(
  to: string,
  lines: readonly SummaryLine[],
  baseUrl: string,
): OutgoingMessage | null {
  const told = lines.filter((l) => INSTRUCTEUR_EVENTS.some((e) => l.counts[e] > 0))
    .sort((a, b) => a.titre.localeCompare(b.titre, "fr"));
  if (told.length === 0) return null;
  const blocks = told.map((l) => {
    const items = [
      l.counts.depot ? plural(l.counts.depot, "nouveau dossier", "nouveaux dossiers") : "",
      l.counts.message ? plural(l.counts.message, "nouveau message", "nouveaux messages") : "",
      l.counts.avis ? plural(l.counts.avis, "avis rendu", "avis rendus") : "",
    ].filter(Boolean).map((s) => `- ${s}`);
    return `« ${l.titre} »\n${
      items.join("\n")
    }\nTableau de bord : ${baseUrl}/instruction/demarches/${l.demarcheId}`;
  });
  return mail(
    to,
    "Votre résumé quotidien Guichet",
    `Bonjour,\n\nDepuis votre dernier résumé :\n\n${blocks.join("\n\n")}${settingsLine(baseUrl)}`,
  );
}
