/**
 * The submit side of a form: reads its fields, runs the action once at a time, and keeps
 * the problem to show (general message and per-field messages).
 */
import { createSignal } from "solid-js";
import { type Problem, problemOf } from "../api.ts";

export interface FormState {
  readonly pending: () => boolean;
  readonly problem: () => Problem | null;
  /** The message for field `name`, if the last attempt failed on it. */
  readonly error: (name: string) => string | undefined;
  readonly onSubmit: (event: SubmitEvent) => void;
  readonly fail: (message: string, fields?: Record<string, string>) => void;
}

export function useForm(action: (data: Record<string, string>) => Promise<void>): FormState {
  const [pending, setPending] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const fail = (message: string, fields: Record<string, string> = {}) =>
    setProblem({ message, fields });
  return {
    pending,
    problem,
    error: (name) => problem()?.fields[name],
    fail,
    onSubmit(event) {
      event.preventDefault();
      if (pending()) return;
      const form = event.currentTarget as HTMLFormElement;
      const data: Record<string, string> = {};
      for (const [key, value] of new FormData(form)) {
        if (typeof value === "string") data[key] = value;
      }
      setPending(true);
      setProblem(null);
      action(data).catch((error) => setProblem(problemOf(error))).finally(() => setPending(false));
    },
  };
}
