/** The dossier's history: each change of state, when, and whether it was automatic. */
import { For, Show } from "solid-js";
import { formatDateTime } from "../../format.ts";
import { JustificatifLink } from "./justificatif_link.tsx";

export interface DossierEvent {
  readonly event: string;
  readonly to_state: string;
  readonly automatic: number | boolean;
  readonly motivation: string | null;
  readonly created_at: string;
  readonly justificatif?: { readonly id: string; readonly filename: string } | null;
}

const WHAT: Record<string, string> = {
  deposer: "Dossier déposé",
  deposer_modifications: "Modifications déposées",
  passer_en_instruction: "Passé en instruction",
  repasser_en_construction: "Repassé en construction",
  accepter: "Dossier accepté",
  accepter_automatiquement: "Dossier accepté",
  refuser_automatiquement: "Dossier refusé",
  refuser: "Dossier refusé",
  classer_sans_suite: "Dossier classé sans suite",
  repasser_en_instruction: "Repassé en instruction",
};

export function History(props: { events: readonly DossierEvent[] }) {
  return (
    <Show when={props.events.length > 0} fallback={<p class="hint">Aucun événement encore.</p>}>
      <ol class="history">
        <For each={[...props.events].reverse()}>
          {(e) => (
            <li class="history__item">
              <span class="history__date">{formatDateTime(e.created_at)}</span>
              <span class="history__what">
                {WHAT[e.event] ?? e.event}
                <Show when={e.automatic}>
                  <span class="history__auto">automatique</span>
                </Show>
              </span>
              <Show when={e.motivation}>
                <span class="history__motivation">Motif : {e.motivation}</span>
              </Show>
              <Show when={e.justificatif}>
                {(file) => (
                  <span class="history__motivation">
                    <JustificatifLink file={file()} />
                  </span>
                )}
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
