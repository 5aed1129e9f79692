/** The history of a dossier: each event in order, when, who, from which state to which. */
import { EVENT_LABELS } from "../../../core/shared/event_labels.ts";
import { For, Show } from "solid-js";
import { formatDateTime } from "../../format.ts";
import { DossierStateBadge } from "./dossier_state.tsx";
import { JustificatifLink } from "../dossier/justificatif_link.tsx";

export interface DossierEvent {
  readonly event: string;
  readonly from_state: string | null;
  readonly to_state: string;
  readonly automatic: number | boolean;
  readonly motivation: string | null;
  readonly created_at: string;
  /** The e-mail of who acted, when someone did. */
  readonly actor?: string | null;
  readonly justificatif?: { readonly id: string; readonly filename: string } | null;
}

/** Who caused it: their address when known, else what the event tells. */
function actorOf(e: DossierEvent): string {
  if (e.automatic) return "Automatique";
  if (e.actor) return e.event === "deposer" ? `L’usager (${e.actor})` : e.actor;
  if (e.event === "deposer") return "L’usager";
  return "Un instructeur";
}

export function Historique(props: { events: readonly DossierEvent[] }) {
  return (
    <Show
      when={props.events.length > 0}
      fallback={<p class="empty">Aucun événement pour l’instant.</p>}
    >
      <ol class="timeline">
        <For each={props.events}>
          {(e) => (
            <li class="timeline__item">
              <p class="timeline__title">
                <strong>{EVENT_LABELS[e.event] ?? e.event}</strong>
                <Show when={e.automatic}>
                  <span class="badge timeline__auto">automatique</span>
                </Show>
              </p>
              <p class="timeline__meta">
                <time datetime={e.created_at}>{formatDateTime(e.created_at)}</time>
                <span aria-hidden="true">·</span>
                <span>{actorOf(e)}</span>
              </p>
              <p class="timeline__states">
                <Show when={e.from_state}>
                  {(from) => (
                    <>
                      <DossierStateBadge state={from()} />
                      <span class="timeline__arrow">
                        <span aria-hidden="true">→</span>
                        <span class="visually-hidden">devient</span>
                      </span>
                    </>
                  )}
                </Show>
                <DossierStateBadge state={e.to_state} />
              </p>
              <Show when={e.motivation}>
                <blockquote class="timeline__motivation">
                  <p class="visually-hidden">Motivation :</p>
                  <p>{e.motivation}</p>
                </blockquote>
              </Show>
              <Show when={e.justificatif}>
                {(file) => (
                  <p class="timeline__file">
                    <JustificatifLink file={file()} />
                  </p>
                )}
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
