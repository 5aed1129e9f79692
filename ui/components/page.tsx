/**
 * One page: sets the document title, renders the single `<h1>`, and after an in-app
 * navigation moves focus to that heading so screen readers announce the new page.
 * A message handed over by `navigate(path, { state: { flash } })` is shown above.
 */
import { type JSX, onMount, Show } from "solid-js";
import { useLocation } from "@solidjs/router";

let firstPage = true;

export function Page(props: { title: string; intro?: JSX.Element; children?: JSX.Element }) {
  const location = useLocation<{ flash?: string } | undefined>();
  let heading!: HTMLHeadingElement;
  onMount(() => {
    document.title = `${props.title} – Guichet`;
    if (!firstPage) heading.focus();
    firstPage = false;
  });
  return (
    <div class="page">
      <Show when={location.state?.flash}>
        {(flash) => <p class="notice notice--success" role="status">{flash()}</p>}
      </Show>
      <h1 ref={heading} tabIndex={-1}>{props.title}</h1>
      <Show when={props.intro}>
        <div class="lead">{props.intro}</div>
      </Show>
      {props.children}
    </div>
  );
}
