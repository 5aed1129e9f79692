/**
 * The dossier lifecycle (DESIGN.md §3): one pure transition function and its guards, plus
 * the rules of the guide about who may see, edit or talk about a dossier in each state.
 * The service gathers the facts (mode, motivation, annotations complete…) and asks here.
 */
import type { LifecycleEvent } from "../plugin_sdk/types.ts";
import type { Mode } from "../demarches/settings.ts";

export const DOSSIER_STATES = [
  "brouillon",
  "en_construction",
  "en_instruction",
  "accepte",
  "refuse",
  "sans_suite",
] as const;
export type DossierState = typeof DOSSIER_STATES[number];

/** Who causes an event: the usager who owns the dossier, an instructeur, or the platform. */
export type EventActor = "usager" | "instructeur" | "systeme";

/** « Silence vaut accord » or « silence vaut rejet ». */
export type ImplicitKind = "sva" | "svr";

export const TERMINAL: readonly DossierState[] = ["accepte", "refuse", "sans_suite"];

interface Rule {
  readonly from: readonly DossierState[];
  readonly to: DossierState;
  readonly by: readonly EventActor[];
  /** Modes in which the platform may cause it right after deposit (declarative démarches). */
  readonly modes?: readonly Mode[];
  /** The « silence vaut … » rule under which the platform may cause it, its date come. */
  readonly implicit?: ImplicitKind;
  readonly motivation?: "required" | "optional";
  /** A decision: mandatory annotations privées must be filled first. */
  readonly decision?: boolean;
}

const RULES: Readonly<Record<LifecycleEvent, Rule>> = {
  deposer: { from: ["brouillon"], to: "en_construction", by: ["usager"] },
  passer_en_instruction: {
    from: ["en_construction"],
    to: "en_instruction",
    by: ["instructeur", "systeme"],
    modes: ["declarative_en_instruction"],
  },
  repasser_en_construction: {
    from: ["en_instruction"],
    to: "en_construction",
    by: ["instructeur"],
  },
  accepter: {
    from: ["en_instruction"],
    to: "accepte",
    by: ["instructeur"],
    motivation: "optional",
    decision: true,
  },
  refuser: {
    from: ["en_instruction"],
    to: "refuse",
    by: ["instructeur"],
    motivation: "required",
    decision: true,
  },
  classer_sans_suite: {
    from: ["en_instruction"],
    to: "sans_suite",
    by: ["instructeur"],
    motivation: "required",
    decision: true,
  },
  accepter_automatiquement: {
    from: ["en_construction", "en_instruction"],
    to: "accepte",
    by: ["systeme"],
    modes: ["declarative_accepte"],
    implicit: "sva",
  },
  refuser_automatiquement: {
    from: ["en_construction", "en_instruction"],
    to: "refuse",
    by: ["systeme"],
    implicit: "svr",
  },
  repasser_en_instruction: { from: TERMINAL, to: "en_instruction", by: ["instructeur"] },
};

export interface TransitionFacts {
  readonly by: EventActor;
  readonly mode: Mode;
  readonly motivation?: string;
  /** Whether every visible mandatory annotation privée is filled (decisions only). */
  readonly annotationsComplete?: boolean;
  /**
   * The démarche's « silence vaut … » rule, when the platform decides because its date has
   * come with no pending correction (the daily pass checks both).
   */
  readonly implicit?: ImplicitKind;
}

/**
 * Why the table refuses, for code: the dossier is in another state, the actor may not cause
 * this event, the platform may not cause it here, a motivation or the mandatory annotations
 * privées are missing. The last two are the actor's to fix; the others are conflicts.
 */
export type RefusalCode = "state" | "actor" | "automatic" | "motivation" | "annotations";

export type TransitionResult =
  | { readonly ok: true; readonly to: DossierState }
  | { readonly ok: false; readonly code: RefusalCode; readonly reason: string };

const STATE_LABEL: Readonly<Record<DossierState, string>> = {
  brouillon: "brouillon",
  en_construction: "en construction",
  en_instruction: "en instruction",
  accepte: "accepté",
  refuse: "refusé",
  sans_suite: "classé sans suite",
};

/** The state's name as the interface says it. */
export function stateLabel(state: DossierState): string {
  return STATE_LABEL[state];
}

/**
 * Where `event` takes a dossier in `state`, or why it cannot, in French.
 *
 * @example
 * ```ts
 * transition("en_instruction", "refuser", { by: "instructeur", mode: "instruction" });
 * // { ok: false, code: "motivation", reason: "Indiquez le motif du refus." }
 * ```
 */
export function transition(
  state: DossierState,
  event: LifecycleEvent,
  facts: TransitionFacts,
): TransitionResult {
  const rule = RULES[event];
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      code: "state",
      reason: `Ce dossier est ${STATE_LABEL[state]} : cette action n’est plus possible.`,
    };
  }
  if (!rule.by.includes(facts.by)) {
    return {
      ok: false,
      code: "actor",
      reason: "Vous ne pouvez pas faire cette action sur ce dossier.",
    };
  }
  if (facts.by === "systeme" && !automaticAllowed(state, rule, facts)) {
    return {
      ok: false,
      code: "automatic",
      reason: "Cette démarche ne fait pas ce passage automatiquement.",
    };
  }
  if (rule.motivation === "required" && !facts.motivation?.trim()) {
    return {
      ok: false,
      code: "motivation",
      reason: event === "refuser"
        ? "Indiquez le motif du refus."
        : "Indiquez pourquoi le dossier est classé sans suite.",
    };
  }
  if (rule.decision && facts.annotationsComplete === false) {
    return {
      ok: false,
      code: "annotations",
      reason: "Remplissez les annotations privées obligatoires avant de rendre la décision.",
    };
  }
  return { ok: true, to: rule.to };
}

/** The state `event` leads to, when the table allows it. */
export function targetOf(event: LifecycleEvent): DossierState {
  return RULES[event].to;
}

/** Whether the actor can fix the refusal (400), rather than the dossier having moved on (409). */
export function fixable(code: RefusalCode): boolean {
  return code === "motivation" || code === "annotations";
}

/**
 * An implicit decision needs its rule and an instruction démarche (declarative ones decide
 * by themselves); a declarative step applies to a dossier just deposited, in its mode.
 */
function automaticAllowed(state: DossierState, rule: Rule, facts: TransitionFacts): boolean {
  if (facts.implicit) return rule.implicit === facts.implicit && facts.mode === "instruction";
  return (rule.modes?.includes(facts.mode) ?? false) && state === "en_construction";
}

/** The usager (and invités) may still change the dossier. */
export function usagerCanEdit(state: DossierState): boolean {
  return state === "brouillon" || state === "en_construction";
}

/** The usager may delete it (it goes to their bin; the administration keeps a deposited one). */
export function usagerCanDelete(state: DossierState): boolean {
  return state === "brouillon" || state === "en_construction" || TERMINAL.includes(state);
}

/** Instructeurs never see a brouillon. */
export function visibleToInstructeurs(state: DossierState): boolean {
  return state !== "brouillon";
}

/** The messagerie opens at deposit and closes with the decision. */
export function messagerieOpen(state: DossierState): boolean {
  return state === "en_construction" || state === "en_instruction";
}

/** The automatic event a declarative démarche applies right after deposit, if any. */
export function automaticAfterDeposit(mode: Mode): LifecycleEvent | null {
  if (mode === "declarative_en_instruction") return "passer_en_instruction";
  if (mode === "declarative_accepte") return "accepter_automatiquement";
  return null;
}

/** What happens next, in plain French, for the usager's dossier page. */
export function nextStepForUsager(state: DossierState): string {
  switch (state) {
    case "brouillon":
      return "Votre dossier n’est pas encore déposé : l’administration ne le voit pas. Complétez-le puis déposez-le.";
    case "en_construction":
      return "Votre dossier est déposé. L’administration peut le consulter ; vous pouvez encore le modifier ou le supprimer tant qu’elle ne l’a pas pris en charge.";
    case "en_instruction":
      return "L’administration examine votre dossier. Vous ne pouvez plus le modifier, mais vous pouvez échanger avec elle par la messagerie.";
    case "accepte":
      return "Votre dossier a été accepté.";
    case "refuse":
      return "Votre dossier a été refusé. Le motif est indiqué ci-dessous.";
    case "sans_suite":
      return "Votre dossier a été classé sans suite. Le motif est indiqué ci-dessous.";
  }
}
