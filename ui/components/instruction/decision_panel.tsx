/**
 * The actions a dossier's state allows, and only those: passer en instruction, decisions
 * with their motivation, going back a step, archiving a decided dossier. Each state change
 * asks for confirmation first; the server's refusal shows on the motivation field, on the
 * annotations privées, or, when someone else changed the dossier, at the page's top. A
 * decision may carry a justificatif, uploaded when the decision is confirmed.
 */
import { createEffect, createSignal, For, Show } from "solid-js";
import { TRPCClientError } from "@trpc/client";
import { api, type Problem, problemOf, uploadSoundFile } from "../../api.ts";
import { Field } from "../field.tsx";
import { FormAlert } from "../form_alert.tsx";
import { DECIDED_STATES } from "./dossier_state.tsx";

type Event =
  | "passer_en_instruction"
  | "repasser_en_construction"
  | "accepter"
  | "refuser"
  | "classer_sans_suite"
  | "repasser_en_instruction";

interface Action {
  readonly event: Event;
  readonly label: string;
  readonly question: string;
  readonly confirmLabel: string;
  readonly motivation?: { readonly label: string; readonly hint: string };
  readonly danger?: boolean;
  readonly done: string;
}

const MAIL = "L’usager en est informé par e-mail.";

const ACTIONS: Readonly<Record<Event, Action>> = {
  passer_en_instruction: {
    event: "passer_en_instruction",
    label: "Passer en instruction",
    question:
      "Le dossier passera en instruction : l’usager ne pourra plus le modifier. Il en sera informé par e-mail, et vous suivrez ce dossier.",
    confirmLabel: "Confirmer le passage en instruction",
    done: `Le dossier est en instruction. ${MAIL}`,
  },
  accepter: {
    event: "accepter",
    label: "Accepter",
    question:
      "Le dossier sera accepté. L’usager en recevra un e-mail, avec votre motivation si vous en écrivez une.",
    confirmLabel: "Confirmer l’acceptation",
    motivation: {
      label: "Motivation (facultatif)",
      hint: "Elle figure dans l’e-mail envoyé à l’usager et sur son dossier.",
    },
    done: `Le dossier est accepté. ${MAIL}`,
  },
  refuser: {
    event: "refuser",
    label: "Refuser",
    question: "Le dossier sera refusé. L’usager recevra un e-mail avec le motif.",
    confirmLabel: "Confirmer le refus",
    motivation: {
      label: "Motif du refus",
      hint: "Obligatoire. L’usager le lit dans l’e-mail et sur son dossier : soyez précis.",
    },
    danger: true,
    done: `Le dossier est refusé. ${MAIL}`,
  },
  classer_sans_suite: {
    event: "classer_sans_suite",
    label: "Classer sans suite",
    question: "Le dossier sera classé sans suite. L’usager recevra un e-mail avec le motif.",
    confirmLabel: "Confirmer le classement sans suite",
    motivation: {
      label: "Motif du classement sans suite",
      hint: "Obligatoire. L’usager le lit dans l’e-mail et sur son dossier.",
    },
    danger: true,
    done: `Le dossier est classé sans suite. ${MAIL}`,
  },
  repasser_en_construction: {
    event: "repasser_en_construction",
    label: "Repasser en construction",
    question:
      "Le dossier repassera en construction : l’usager pourra de nouveau le modifier. Il en sera informé par e-mail.",
    confirmLabel: "Confirmer le retour en construction",
    done: `Le dossier est de nouveau en construction. ${MAIL}`,
  },
  repasser_en_instruction: {
    event: "repasser_en_instruction",
    label: "Repasser en instruction",
    question:
      "La décision sera annulée et le dossier repassera en instruction. L’usager en sera informé par e-mail.",
    confirmLabel: "Confirmer le retour en instruction",
    done: `Le dossier est de nouveau en instruction. ${MAIL}`,
  },
};

/** Exactly the events the lifecycle allows an instructeur from this state. */
export function actionsFor(state: string): readonly Action[] {
  if (state === "en_construction") return [ACTIONS.passer_en_instruction];
  if (state === "en_instruction") {
    return [
      ACTIONS.accepter,
      ACTIONS.refuser,
      ACTIONS.classer_sans_suite,
      ACTIONS.repasser_en_construction,
    ];
  }
  if (DECIDED_STATES.includes(state)) return [ACTIONS.repasser_en_instruction];
  return [];
}

export interface DecisionPanelProps {
  readonly dossier: { readonly id: number; readonly state: string; readonly archived: boolean };
  /** Saves the annotations being typed; false when they could not be saved. */
  readonly flush: () => Promise<boolean>;
  /** The state changed (or the archive flag): say it, and reload the dossier. */
  readonly onDone: (message: string) => void;
  /** An action is being chosen: earlier messages are stale. */
  readonly onBegin: () => void;
  /** Someone else changed the dossier meanwhile: say it, and reload. */
  readonly onConflict: (message: string) => void;
  /** A decision needs annotations privées: their errors, by stable id. */
  readonly onAnnotationErrors: (message: string, fields: Record<string, string>) => void;
}

const isConflict = (error: unknown) =>
  error instanceof TRPCClientError &&
  (error.data as { httpStatus?: number } | undefined)?.httpStatus === 409;

export function DecisionPanel(props: DecisionPanelProps) {
  const [chosen, setChosen] = createSignal<Action | null>(null);
  const [pending, setPending] = createSignal(false);
  const [checking, setChecking] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [motivationError, setMotivationError] = createSignal<string | undefined>();
  const [fileError, setFileError] = createSignal<string | undefined>();
  let textarea: HTMLTextAreaElement | undefined;
  let fileInput: HTMLInputElement | undefined;
  let confirm: HTMLButtonElement | undefined;
  const openers = new Map<Event, HTMLButtonElement>();

  createEffect(() => {
    const action = chosen();
    if (!action) return;
    queueMicrotask(() => (action.motivation ? textarea : confirm)?.focus());
  });

  const cancel = () => {
    const event = chosen()?.event;
    setChosen(null);
    setProblem(null);
    setMotivationError(undefined);
    setFileError(undefined);
    queueMicrotask(() => event && openers.get(event)?.focus());
  };

  const run = async (action: Action) => {
    if (pending()) return;
    setPending(true);
    setProblem(null);
    setMotivationError(undefined);
    setFileError(undefined);
    props.onBegin();
    try {
      await props.flush();
      const file = fileInput?.files?.[0];
      let fileId: string | undefined;
      if (file) {
        try {
          // The decision goes once the antivirus has found the justificatif sound.
          fileId = (await uploadSoundFile(file, { onChecking: () => setChecking(true) })).fileId;
        } catch (error) {
          setFileError((error as Problem).message);
          fileInput?.focus();
          return;
        }
      }
      await api.instruction.decide.mutate({
        id: props.dossier.id,
        event: action.event,
        motivation: textarea?.value ?? "",
        fileId,
      });
      setChosen(null);
      props.onDone(action.done);
    } catch (error) {
      const p = problemOf(error);
      const { motivation, fileId, ...others } = p.fields;
      if (motivation) {
        setMotivationError(motivation);
        textarea?.focus();
      } else if (fileId) {
        setFileError(fileId);
        fileInput?.focus();
      } else if (Object.keys(others).length > 0) {
        props.onAnnotationErrors(p.message, others);
      } else if (isConflict(error)) {
        setChosen(null);
        props.onConflict(p.message);
      } else {
        setProblem(p);
      }
    } finally {
      setPending(false);
      setChecking(false);
    }
  };

  const archive = async (on: boolean) => {
    setPending(true);
    setProblem(null);
    try {
      await api.instruction.archive.mutate({ id: props.dossier.id, on });
      props.onDone(
        on
          ? "Le dossier est archivé : il est dans l’onglet « Archivés »."
          : "Le dossier n’est plus archivé : il est de nouveau dans l’onglet « Traités ».",
      );
    } catch (error) {
      if (isConflict(error)) props.onConflict(problemOf(error).message);
      else setProblem(problemOf(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <section class="card action-panel" aria-labelledby="actions-titre">
      <h2 id="actions-titre" class="action-panel__title">Décision</h2>
      <Show
        when={chosen()}
        fallback={
          <>
            <FormAlert problem={problem()} />
            <Show
              when={actionsFor(props.dossier.state).length > 0}
              fallback={<p class="aside">Aucune action possible sur ce dossier.</p>}
            >
              <ul class="action-panel__list">
                <For each={actionsFor(props.dossier.state)}>
                  {(action) => (
                    <li>
                      <button
                        ref={(el) => openers.set(action.event, el)}
                        type="button"
                        class="button"
                        classList={{
                          "button--secondary": action.event !== "passer_en_instruction" &&
                            action.event !== "accepter",
                        }}
                        onClick={() => {
                          setProblem(null);
                          textarea = undefined;
                          fileInput = undefined;
                          props.onBegin();
                          setChosen(action);
                        }}
                      >
                        {action.label}…
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={DECIDED_STATES.includes(props.dossier.state)}>
              <div class="action-panel__archive">
                <p class="hint">
                  {props.dossier.archived
                    ? "Ce dossier est archivé."
                    : "Archiver un dossier traité le range dans l’onglet « Archivés »."}
                </p>
                <button
                  type="button"
                  class="button button--secondary button--small"
                  disabled={pending()}
                  onClick={() => archive(!props.dossier.archived)}
                >
                  {props.dossier.archived ? "Désarchiver" : "Archiver"}
                </button>
              </div>
            </Show>
          </>
        }
      >
        {(action) => (
          <form
            class="decision-form"
            novalidate
            aria-label={action().label}
            onSubmit={(event) => {
              event.preventDefault();
              void run(action());
            }}
          >
            <h3 class="decision-form__title">{action().label}</h3>
            <FormAlert problem={problem()} />
            <p>{action().question}</p>
            <Show when={action().motivation}>
              {(m) => (
                <Field
                  ref={(el: HTMLInputElement) => (textarea = el as unknown as HTMLTextAreaElement)}
                  name="motivation"
                  id="motivation"
                  label={m().label}
                  hint={m().hint}
                  error={motivationError()}
                  maxLength={5000}
                  multiline
                />
              )}
            </Show>
            <Show when={action().motivation}>
              <Field
                ref={(el: HTMLInputElement) => (fileInput = el)}
                type="file"
                name="justificatif"
                id="justificatif"
                label="Justificatif (facultatif)"
                hint="Un arrêté, une lettre signée… L’usager pourra le télécharger depuis son dossier. PDF ou image."
                error={fileError()}
              />
            </Show>
            <Show when={checking()}>
              <p class="hint" role="status">
                Le justificatif est en cours de vérification par l’antivirus : la décision est
                enregistrée dès qu’il est vérifié.
              </p>
            </Show>
            <div class="decision-form__actions">
              <button
                ref={confirm}
                type="submit"
                class="button"
                classList={{ "button--danger": action().danger }}
                disabled={pending()}
              >
                {action().confirmLabel}
              </button>
              <button type="button" class="button button--secondary" onClick={cancel}>
                Annuler
              </button>
            </div>
          </form>
        )}
      </Show>
    </section>
  );
}
