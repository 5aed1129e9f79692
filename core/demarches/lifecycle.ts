/**
 * A démarche's states and what publishing requires. Pure: the caller gathers the facts
 * (form problems, number of instructeurs) and these rules decide.
 */
import type { DemarcheState } from "./settings.ts";
import type { StoredSettings } from "./settings.ts";
import type { FormIssue } from "../shared/form.ts";

export type DemarcheEvent = "publier" | "clore" | "depublier";

const TRANSITIONS: Record<DemarcheEvent, { from: readonly DemarcheState[]; to: DemarcheState }> = {
  publier: { from: ["brouillon", "publiee", "close", "depubliee"], to: "publiee" },
  clore: { from: ["publiee"], to: "close" },
  depublier: { from: ["publiee"], to: "depubliee" },
};

/** The state after `event`, or null when the event is not allowed from `state`. */
export function nextState(state: DemarcheState, event: DemarcheEvent): DemarcheState | null {
  const t = TRANSITIONS[event];
  return t.from.includes(state) ? t.to : null;
}

/** Where the administrator fixes a missing item. */
export type Section = "parametres" | "formulaire" | "emails" | "attestation" | "instructeurs";

export interface MissingItem {
  readonly section: Section;
  readonly message: string;
}

/** What still stops publication, in the order the administrator should fix it. */
export function missingForPublication(facts: {
  readonly settings: Partial<StoredSettings>;
  readonly fillableChamps: number;
  readonly formIssues: readonly FormIssue[];
  readonly instructeurs: number;
  /** The usagers' e-mails naming tags the form no longer has (a champ renamed or removed). */
  readonly mailIssues?: readonly { readonly label: string; readonly tags: readonly string[] }[];
  /** The same for the attestation's templates (its title, text, holder…). */
  readonly attestationIssues?: readonly {
    readonly label: string;
    readonly tags: readonly string[];
  }[];
}): MissingItem[] {
  const missing: MissingItem[] = [];
  const service = facts.settings.service;
  if (!service?.nom || !service.organisme) {
    missing.push({
      section: "parametres",
      message: "Indiquez le service en charge de la démarche (nom et organisme).",
    });
  }
  if (!service?.email) {
    missing.push({
      section: "parametres",
      message:
        "Indiquez l’adresse e-mail de contact du service : l’usager doit pouvoir vous joindre.",
    });
  }
  if (!facts.settings.siteWeb) {
    missing.push({
      section: "parametres",
      message:
        "Indiquez la page du site internet de votre organisme où le lien vers la démarche sera publié.",
    });
  }
  if (facts.fillableChamps === 0) {
    missing.push({ section: "formulaire", message: "Ajoutez au moins un champ au formulaire." });
  }
  for (const issue of facts.formIssues) {
    missing.push({ section: "formulaire", message: `« ${issue.label} » : ${issue.message}` });
  }
  for (const mail of facts.mailIssues ?? []) {
    missing.push({
      section: "emails",
      message: `L’e-mail « ${mail.label} » nomme ${
        mail.tags.length > 1 ? "des balises qui n’existent" : "une balise qui n’existe"
      } plus : ${mail.tags.join(", ")}.`,
    });
  }
  for (const issue of facts.attestationIssues ?? []) {
    missing.push({
      section: "attestation",
      message: `L’attestation (« ${issue.label} ») nomme ${
        issue.tags.length > 1 ? "des balises qui n’existent" : "une balise qui n’existe"
      } pas dans le formulaire : ${issue.tags.join(", ")}. Elle serait imprimée telle quelle.`,
    });
  }
  if (facts.instructeurs === 0) {
    missing.push({
      section: "instructeurs",
      message: "Ajoutez au moins un instructeur : c’est lui qui recevra les dossiers.",
    });
  }
  return missing;
}
