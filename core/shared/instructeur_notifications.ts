/**
 * What an instructeur may be told of and how often, as the settings page and the server both
 * name it. Pure: no import.
 */

/** What an instructeur can hear of: a first deposit, an usager's message, an expert's avis. */
export const INSTRUCTEUR_EVENTS = ["depot", "message", "avis"] as const;
export type InstructeurEvent = typeof INSTRUCTEUR_EVENTS[number];

/** When: at once by e-mail, in the daily summary, or never. */
export const FREQUENCES = ["immediat", "resume", "jamais"] as const;
export type Frequence = typeof FREQUENCES[number];

export const EVENT_LABELS: Readonly<Record<InstructeurEvent, string>> = {
  depot: "Nouveau dossier déposé",
  message: "Nouveau message d’un usager",
  avis: "Avis rendu par un expert",
};

export const FREQUENCE_LABELS: Readonly<Record<Frequence, string>> = {
  immediat: "Immédiatement",
  resume: "Dans le résumé quotidien",
  jamais: "Jamais",
};
