/** The general message of a failed form, in an alert region that takes focus. */
import { createEffect, Show } from "solid-js";
import type { Problem } from "../api.ts";

export function FormAlert(props: { problem: Problem | null }) {
  let box: HTMLDivElement | undefined;
  createEffect(() => {
    if (props.problem) box?.focus();
  });
  return (
    <Show when={props.problem}>
      {(problem) => (
        <div ref={box} class="notice notice--error" role="alert" tabIndex={-1}>
          {problem().message}
        </div>
      )}
    </Show>
  );
}
