/**
 * A dossier of the dashboard as a card (the phone's list), and the badges a dossier's row
 * or card carries: « Nouveau », « Correction demandée ».
 */
import { LabelChips } from "./labels.tsx";
import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import type { api } from "../../api.ts";
import { formatDate } from "../../format.ts";
import { DossierStateBadge, TestBadge } from "./dossier_state.tsx";
import { FollowButton } from "./follow_button.tsx";

type Board = Awaited<ReturnType<typeof api.instruction.dashboard.query>>;

/** Something happened on the dossier since the instructeur last opened it. */
export function NouveauBadge() {
  return <span class="badge badge--new">Nouveau</span>;
}

/** The usager was asked to correct the dossier and has not deposited again yet. */
export function CorrectionBadge() {
  return <span class="badge badge--correction">Correction demandée</span>;
}

export function DossierCard(props: {
  row: Board["dossiers"][number];
  columns: Board["columns"];
  checked: boolean;
  onToggle: (on: boolean) => void;
  onFollow: Parameters<typeof FollowButton>[0]["onDone"];
}) {
  const row = () => props.row;
  return (
    <li class="card dossier-card">
      <p class="dossier-card__head">
        <input
          type="checkbox"
          aria-label={`Sélectionner le dossier n° ${row().id}`}
          checked={props.checked}
          onChange={(e) => props.onToggle(e.currentTarget.checked)}
        />
        <A href={`/instruction/dossiers/${row().id}`} class="dossier-number">
          Dossier n° {row().id}
        </A>
        <Show when={row().nouveau}>
          <NouveauBadge />
        </Show>
        <Show when={row().correction}>
          <CorrectionBadge />
        </Show>
        <DossierStateBadge state={row().state} />
        <Show when={row().test}>
          <TestBadge />
        </Show>
      </p>
      <p class="dossier-usager">{row().usager}</p>
      <LabelChips labels={row().labels} />
      <Show when={props.columns.length > 0}>
        <dl class="dossier-card__cells">
          <For each={props.columns}>
            {(c) => (
              <div>
                <dt>{c.label}</dt>
                <dd>{row().cells[c.stableId] ?? "—"}</dd>
              </div>
            )}
          </For>
        </dl>
      </Show>
      <p class="aside dossier-card__dates">
        <span>Déposé le {formatDate(row().deposited_at)}</span>
        <span>Modifié le {formatDate(row().updated_at)}</span>
        <Show when={row().decided_at}>
          {(at) => <span>Décidé le {formatDate(at())}</span>}
        </Show>
      </p>
      <FollowButton id={row().id} followed={row().followed} small onDone={props.onFollow} />
    </li>
  );
}
