/**
 * Conservation: the rules (pure, in core/dossiers/conservation_rules.ts, where the dossiers'
 * pages read them too) and the notice e-mail of a coming deletion.
 */
export * from "../dossiers/conservation_rules.ts";

const frenchDate = (iso: string) =>
  new Date(iso).toLocaleDateString("fr-FR", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/Paris",
  });

/** The notice to the usager: when, where, and how to keep the dossier. */
export function noticeMail(input: {
  to: string;
  dossierId: number;
  titre: string;
  state: string;
  deletionAt: string;
  retentionMonths: number;
  link: string;
}) {
  const brouillon = input.state === "brouillon";
  return {
    to: input.to,
    subject: `Votre dossier n° ${input.dossierId} sera supprimé le ${frenchDate(input.deletionAt)}`,
    text: [
      "Bonjour,",
      "",
      `Votre dossier n° ${input.dossierId} sur la démarche « ${input.titre} » arrive au bout de sa durée de conservation : il sera supprimé définitivement le ${
        frenchDate(input.deletionAt)
      }, avec ses pièces jointes et ses messages.`,
      "",
      `Pour le garder ${input.retentionMonths} mois de plus, ouvrez-le et choisissez « Conserver le dossier » :`,
      input.link,
      ...(brouillon ? ["", "Vous pouvez aussi le compléter et le déposer."] : []),
      "",
      "Si vous n’en avez plus besoin, vous n’avez rien à faire.",
    ].join("\n"),
  };
}
