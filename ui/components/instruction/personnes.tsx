/** « Personnes impliquées »: who has a hand in the dossier, each with their role. */
import { For, Show } from "solid-js";

export interface Person {
  readonly email: string;
  readonly role: string;
  readonly roleLabel: string;
}

export function Personnes(props: { people: readonly Person[] }) {
  return (
    <Show
      when={props.people.length > 0}
      fallback={<p class="empty">Personne n’est impliqué dans ce dossier.</p>}
    >
      <ul class="invitations__list personnes">
        <For each={props.people}>
          {(p) => (
            <li class="invitations__item">
              <span class="dossier-usager">{p.email}</span>
              <span class="badge">{p.roleLabel}</span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
