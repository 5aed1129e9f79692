/**
 * A button whose action needs a second, explicit click: the first shows what will happen
 * and the confirm button (which takes focus); "Annuler" goes back. Errors show in place.
 */
import { createEffect, createSignal, Show } from "solid-js";
import { type Problem, problemOf } from "../../api.ts";
import { FormAlert } from "../form_alert.tsx";

export interface ConfirmActionProps {
  readonly label: string;
  /** What will happen, in one or two sentences. */
  readonly question: string;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  /** A small opening button, beside other small ones. */
  readonly small?: boolean;
  readonly action: () => Promise<unknown>;
}

export function ConfirmAction(props: ConfirmActionProps) {
  const [asking, setAsking] = createSignal(false);
  const [pending, setPending] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  let opener: HTMLButtonElement | undefined;
  let confirm: HTMLButtonElement | undefined;
  createEffect(() => {
    if (asking()) confirm?.focus();
  });
  const run = async () => {
    setPending(true);
    setProblem(null);
    try {
      await props.action();
      setAsking(false);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setPending(false);
    }
  };
  return (
    <Show
      when={asking()}
      fallback={
        <button
          ref={opener}
          type="button"
          class="button button--secondary"
          classList={{ "button--small": props.small }}
          onClick={() => setAsking(true)}
        >
          {props.label}
        </button>
      }
    >
      <div class="confirm" role="group" aria-label={props.label}>
        <FormAlert problem={problem()} />
        <p>{props.question}</p>
        <div class="actions">
          <button
            ref={confirm}
            type="button"
            class="button"
            classList={{ "button--danger": props.danger }}
            disabled={pending()}
            onClick={run}
          >
            {props.confirmLabel}
          </button>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              setAsking(false);
              setProblem(null);
              queueMicrotask(() => opener?.focus());
            }}
          >
            Annuler
          </button>
        </div>
      </div>
    </Show>
  );
}
