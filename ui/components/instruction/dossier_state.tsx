/** How a dossier's state, its test flag and the dashboard's tabs are named and shown. */
export const DOSSIER_STATE_LABELS: Readonly<Record<string, string>> = {
  brouillon: "Brouillon",
  en_construction: "En construction",
  en_instruction: "En instruction",
  accepte: "Accepté",
  refuse: "Refusé",
  sans_suite: "Classé sans suite",
};

/** Decided states: the dossier may be archived, or brought back en instruction. */
export const DECIDED_STATES: readonly string[] = ["accepte", "refuse", "sans_suite"];

export function DossierStateBadge(props: { state: string }) {
  return (
    <span class={`badge dossier-state dossier-state--${props.state}`}>
      {DOSSIER_STATE_LABELS[props.state] ?? props.state}
    </span>
  );
}

export function TestBadge() {
  return (
    <span class="badge dossier-test" title="Déposé pendant que la démarche était en test">
      Test
    </span>
  );
}

export const TABS = [
  { id: "a_suivre", label: "À suivre", empty: "" },
  { id: "suivis", label: "Suivis", empty: "" },
  { id: "traites", label: "Traités", empty: "" },
  { id: "tous", label: "Tous", empty: "" },
  { id: "archives", label: "Archivés", empty: "" },
] as const;

export type TabId = typeof TABS[number]["id"];

/** What an empty tab says, and what to do about it. */
export const EMPTY_TAB: Readonly<Record<TabId, string>> = {
  a_suivre:
    "Aucun dossier à suivre : chaque dossier déposé est suivi par un instructeur. Les nouveaux dépôts arriveront ici.",
  suivis:
    "Vous ne suivez aucun dossier en cours. Ouvrez l’onglet « À suivre » et cliquez sur « Suivre » pour prendre un dossier en charge.",
  traites:
    "Aucun dossier traité pour l’instant. Un dossier accepté, refusé ou classé sans suite apparaîtra ici.",
  tous: "Aucun dossier n’a encore été déposé sur cette démarche dans vos groupes.",
  archives:
    "Aucun dossier archivé. Archivez un dossier traité depuis sa page pour alléger l’onglet « Traités ».",
};

export function isTab(value: unknown): value is TabId {
  return TABS.some((t) => t.id === value);
}
