/** The instructeur's dashboard as the browser and the server both name it: tabs and sorts. */

export const TABS = ["a_suivre", "suivis", "traites", "tous", "archives"] as const;
export type Tab = typeof TABS[number];

/** What a dashboard sorts on: a dossier's column, its usager, or a champ (`stableId`). */
export const SORT_BY = [
  "numero",
  "depot",
  "modification",
  "decision",
  "etat",
  "usager",
  "champ",
] as const;
