/**
 * Every problem that stops the deposit, at the top of the form, each linking to its champ.
 * It takes focus when it appears, so screen readers read it first.
 */
import { createEffect, For, Show } from "solid-js";
import { focusChamp } from "./dossier_form.tsx";

export interface SummaryItem {
  readonly key: string;
  readonly message: string;
}

export function ErrorSummary(props: { title: string; items: readonly SummaryItem[]; seq: number }) {
  let box: HTMLDivElement | undefined;
  createEffect(() => {
    if (props.seq > 0) box?.focus();
  });
  return (
    <Show when={props.items.length > 0}>
      <div ref={box} class="error-summary" role="alert" tabIndex={-1}>
        <h2 class="error-summary__title">{props.title}</h2>
        <ul class="error-summary__list">
          <For each={props.items}>
            {(item) => (
              <li>
                <a
                  href={`#champ-${item.key.replaceAll(".", "-")}`}
                  onClick={(event) => {
                    event.preventDefault();
                    focusChamp(item.key);
                  }}
                >
                  {item.message}
                </a>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
