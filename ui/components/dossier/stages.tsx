/**
 * The four stages of a dossier's life, as the guide explains them, with the current one
 * marked: brouillon → en construction → en instruction → traité.
 */
import { For } from "solid-js";

export type DossierState =
  | "brouillon"
  | "en_construction"
  | "en_instruction"
  | "accepte"
  | "refuse"
  | "sans_suite";

const STAGES = [
  {
    id: "brouillon",
    title: "Brouillon",
    text: "Vous remplissez le dossier. L’administration ne le voit pas encore.",
  },
  {
    id: "en_construction",
    title: "En construction",
    text:
      "Le dossier est déposé : l’administration peut le consulter, et vous pouvez encore le supprimer.",
  },
  {
    id: "en_instruction",
    title: "En instruction",
    text: "Un instructeur examine le dossier : vous ne pouvez plus le modifier ni le supprimer.",
  },
  {
    id: "traite",
    title: "Traité",
    text: "Une décision est rendue (accepté, refusé ou classé sans suite) et vous en êtes averti.",
  },
] as const;

const stageOf = (state: DossierState) =>
  state === "accepte" || state === "refuse" || state === "sans_suite" ? "traite" : state;

export function Stages(props: { state: DossierState }) {
  const current = () => STAGES.findIndex((s) => s.id === stageOf(props.state));
  return (
    <ol class="stages" aria-label="Les étapes du dossier">
      <For each={STAGES}>
        {(stage, i) => (
          <li
            class="stages__step"
            classList={{
              "stages__step--done": i() < current(),
              "stages__step--current": i() === current(),
            }}
            aria-current={i() === current() ? "step" : undefined}
          >
            <span class="stages__number" aria-hidden="true">{i() + 1}</span>
            <span class="stages__body">
              <strong class="stages__title">
                {stage.title}
                {i() === current()
                  ? <span class="stages__mark">(étape actuelle)</span>
                  : i() < current()
                  ? <span class="visually-hidden">(étape passée)</span>
                  : null}
              </strong>
              <span class="stages__text">{stage.text}</span>
            </span>
          </li>
        )}
      </For>
    </ol>
  );
}

const BADGE: Record<DossierState, string> = {
  brouillon: "state-badge--brouillon",
  en_construction: "state-badge--construction",
  en_instruction: "state-badge--instruction",
  accepte: "state-badge--accepte",
  refuse: "state-badge--refuse",
  sans_suite: "state-badge--sans-suite",
};

const LABEL: Record<DossierState, string> = {
  brouillon: "Brouillon",
  en_construction: "En construction",
  en_instruction: "En instruction",
  accepte: "Accepté",
  refuse: "Refusé",
  sans_suite: "Classé sans suite",
};

export function StateBadge(props: { state: string }) {
  const state = () => props.state as DossierState;
  return <span class={`state-badge ${BADGE[state()] ?? ""}`}>{LABEL[state()] ?? props.state}</span>;
}
