/** How a démarche's state is named and shown, and where its public form lives in that state. */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  brouillon: "En test",
  publiee: "Publiée",
  close: "Close",
  depubliee: "Dépubliée",
};

export function StateBadge(props: { state: string }) {
  return (
    <span class={`badge badge--${props.state}`}>
      {STATE_LABELS[props.state] ?? props.state}
    </span>
  );
}

/**
 * The path usagers open: `/commencer/<path>` once published, `/commencer/test/<path>` while
 * en test (dossiers made there are test dossiers); none when closed or unpublished.
 */
export function publicPath(state: string, path: string | null): string | null {
  if (!path) return null;
  if (state === "publiee") return `/commencer/${path}`;
  if (state === "brouillon") return `/commencer/test/${path}`;
  return null;
}

/** The same path as a full address, as it is shared by e-mail or on a website. */
export function publicUrl(path: string): string {
  return `${location.origin}${path}`;
}

/** The three modes, in plain French (the guide's step 3). */
export const MODES: readonly { value: string; label: string; explanation: string }[] = [
  {
    value: "instruction",
    label: "Avec instruction",
    explanation:
      "Un instructeur examine chaque dossier déposé, le passe en instruction puis rend une décision : accepté, refusé ou classé sans suite.",
  },
  {
    value: "declarative_en_instruction",
    label: "Déclarative, dossiers directement en instruction",
    explanation:
      "Le dossier déposé passe aussitôt en instruction : l’usager ne peut plus le modifier et vous gardez la main pour prendre la décision.",
  },
  {
    value: "declarative_accepte",
    label: "Déclarative, dossiers directement acceptés",
    explanation:
      "Le dossier déposé est aussitôt accepté : pour recueillir une déclaration ou des informations, sans décision à prendre.",
  },
];

export function modeLabel(mode: string): string {
  return MODES.find((m) => m.value === mode)?.label ?? mode;
}
