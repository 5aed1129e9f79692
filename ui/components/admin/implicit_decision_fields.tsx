/**
 * « Décision implicite » on the Paramètres page: silence vaut accord / rejet, its period and
 * what a correction does. Fixed once the démarche is published: then shown, not edited.
 */
import { Show } from "solid-js";
import type { api } from "../../api.ts";
import { Field } from "../field.tsx";
import { RadioGroup, SelectField } from "./choice_fields.tsx";
import type { Demarche } from "./demarche_frame.tsx";

type SettingsInput = Parameters<typeof api.admin.demarches.updateSettings.mutate>[0];
type Rule = NonNullable<SettingsInput["decisionImplicite"]>;

const DECISIONS = [
  { value: "", label: "Aucune" },
  { value: "sva", label: "Silence vaut accord" },
  { value: "svr", label: "Silence vaut rejet" },
];
const UNITS = [
  { value: "jours", label: "jours" },
  { value: "semaines", label: "semaines" },
  { value: "mois", label: "mois" },
];
const RESUMES = [
  {
    value: "reset",
    label: "Le délai reprend à zéro au nouveau dépôt",
    explanation: "Après une demande de correction, tout le délai court de nouveau.",
  },
  {
    value: "continue",
    label: "Le délai est suspendu pendant la correction",
    explanation: "Les jours passés en correction s’ajoutent à la date prévue.",
  },
];

/** « Silence vaut accord : 2 mois, le délai reprend à zéro au nouveau dépôt. » */
function ruleText(rule: Rule | null): string {
  if (!rule) return "Aucune décision implicite.";
  const decision = rule.decision === "sva" ? "Silence vaut accord" : "Silence vaut rejet";
  const resume = RESUMES.find((r) => r.value === rule.resume)!.label.toLowerCase();
  return `${decision} : ${rule.period} ${rule.unit}, ${resume}.`;
}

/** The input's `decisionImplicite` from the form's data; undefined once published. */
export function implicitDecisionInput(
  demarche: Demarche,
  data: Record<string, string>,
): SettingsInput["decisionImplicite"] {
  if (demarche.state !== "brouillon") return undefined;
  if (!data["decisionImplicite.decision"]) return null;
  return {
    decision: data["decisionImplicite.decision"] as Rule["decision"],
    period: data["decisionImplicite.period"] === ""
      ? Number.NaN
      : Number(data["decisionImplicite.period"]),
    unit: data["decisionImplicite.unit"] as Rule["unit"],
    resume: (data["decisionImplicite.resume"] || "reset") as Rule["resume"],
  };
}

export function ImplicitDecisionFields(
  props: { demarche: Demarche; error: (name: string) => string | undefined },
) {
  const rule = () => props.demarche.decisionImplicite;
  return (
    <fieldset class="fieldset fieldset--group">
      <legend>Décision implicite</legend>
      <Show
        when={props.demarche.state === "brouillon"}
        fallback={
          <>
            <p>{ruleText(rule())}</p>
            <p class="hint">
              La démarche est publiée : la décision implicite ne peut plus être modifiée, des
              usagers ont déposé sous cette règle.
            </p>
          </>
        }
      >
        <p class="hint">
          Sans décision de l’administration dans le délai qui suit le dépôt, le dossier est accepté
          (silence vaut accord) ou rejeté (silence vaut rejet) automatiquement. Réservé aux
          démarches avec instruction ; fixé à la publication.
        </p>
        <Show when={props.error("decisionImplicite")}>
          <p class="field-error" role="alert">{props.error("decisionImplicite")}</p>
        </Show>
        <SelectField
          name="decisionImplicite.decision"
          id="champ-decision-implicite"
          label="Règle"
          options={DECISIONS}
          value={rule()?.decision ?? ""}
          error={props.error("decisionImplicite.decision")}
        />
        <Field
          name="decisionImplicite.period"
          id="champ-decision-implicite-delai"
          label="Délai"
          hint="De 1 à 12."
          type="number"
          min={1}
          max={12}
          step={1}
          inputmode="numeric"
          value={String(rule()?.period ?? 2)}
          error={props.error("decisionImplicite.period")}
        />
        <SelectField
          name="decisionImplicite.unit"
          id="champ-decision-implicite-unite"
          label="Unité"
          options={UNITS}
          value={rule()?.unit ?? "mois"}
          error={props.error("decisionImplicite.unit")}
        />
        <RadioGroup
          name="decisionImplicite.resume"
          legend="Après une demande de correction"
          options={RESUMES}
          value={rule()?.resume ?? "reset"}
          error={props.error("decisionImplicite.resume")}
        />
      </Show>
    </fieldset>
  );
}
