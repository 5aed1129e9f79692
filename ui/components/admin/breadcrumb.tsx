/** The trail above a page of the administrator space: "Mes démarches › … › this page". */
import { For } from "solid-js";
import { A } from "@solidjs/router";

export interface Crumb {
  readonly label: string;
  readonly href: string;
}

export function Breadcrumb(props: { trail: readonly Crumb[] }) {
  return (
    <nav class="breadcrumb" aria-label="Fil d’Ariane">
      <ol>
        <For each={props.trail}>
          {(crumb) => (
            <li>
              <A href={crumb.href} end>{crumb.label}</A>
            </li>
          )}
        </For>
      </ol>
    </nav>
  );
}
