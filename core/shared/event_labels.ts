/** What each event of a dossier's history is called, for instructeurs and in the PDF. */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  deposer: "Dépôt du dossier",
  deposer_modifications: "Dépôt de modifications",
  passer_en_instruction: "Passage en instruction",
  repasser_en_construction: "Retour en construction",
  accepter: "Acceptation",
  refuser: "Refus",
  classer_sans_suite: "Classement sans suite",
  accepter_automatiquement: "Acceptation automatique",
  refuser_automatiquement: "Refus automatique",
  repasser_en_instruction: "Retour en instruction",
};
