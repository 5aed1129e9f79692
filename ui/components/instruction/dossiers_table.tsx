/**
 * The dashboard's table of one page of dossiers (the phone shows them as cards instead):
 * a selection box, the number with its badges, the usager, the chosen champs, the state and
 * the dates, each header sorting on its column, and « Suivre » on each row.
 */
import { For, Show } from "solid-js";
import { A } from "@solidjs/router";
import type { api } from "../../api.ts";
import { LabelChips } from "./labels.tsx";
import { DossierStateBadge, TestBadge } from "./dossier_state.tsx";
import { FollowButton } from "./follow_button.tsx";
import { CorrectionBadge, NouveauBadge } from "./dossier_card.tsx";
import { type Sort, type SortColumn, sortColumn, SortHeader } from "./dashboard_sort.tsx";

type Board = Awaited<ReturnType<typeof api.instruction.dashboard.query>>;
type Row = Board["dossiers"][number];
type OnFollow = Parameters<typeof FollowButton>[0]["onDone"];

export function DossiersTable(props: {
  rows: readonly Row[];
  columns: Board["columns"];
  /** The tab's name, for the table's caption. */
  tabLabel: string;
  busy: boolean;
  sort: Sort;
  onSort: (sort: Sort) => void;
  /** The sortable column of a chosen champ, none for a champ without a value to sort. */
  champSort: (stableId: string) => SortColumn | undefined;
  /** Whether « Décidé le » is shown. */
  showDecision: boolean;
  selected: ReadonlySet<number>;
  onToggle: (id: number, on: boolean) => void;
  onFollow: (row: Row) => OnFollow;
}) {
  const header = (column: SortColumn) => (
    <SortHeader column={column} sort={props.sort} onSort={props.onSort} />
  );
  return (
    <div class="table-wrap dossiers-table" aria-busy={props.busy}>
      <table class="table">
        <caption class="visually-hidden">
          Dossiers de l’onglet « {props.tabLabel} »
        </caption>
        <thead>
          <tr>
            <th scope="col" class="select-cell">
              <span class="visually-hidden">Sélection</span>
            </th>
            {header(sortColumn("numero"))}
            {header(sortColumn("usager"))}
            <For each={props.columns}>
              {(c) => (
                <Show
                  when={props.champSort(c.stableId)}
                  fallback={<th scope="col">{c.label}</th>}
                >
                  {(column) => (
                    <SortHeader column={column()} sort={props.sort} onSort={props.onSort} />
                  )}
                </Show>
              )}
            </For>
            {header(sortColumn("etat"))}
            {header(sortColumn("depot"))}
            {header(sortColumn("modification"))}
            <Show when={props.showDecision}>{header(sortColumn("decision"))}</Show>
            <th scope="col">Suivi</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr classList={{ "row--selected": props.selected.has(row.id) }}>
                <td class="select-cell">
                  <input
                    type="checkbox"
                    aria-label={`Sélectionner le dossier n° ${row.id}`}
                    checked={props.selected.has(row.id)}
                    onChange={(e) => props.onToggle(row.id, e.currentTarget.checked)}
                  />
                </td>
                <th scope="row">
                  <A
                    href={`/instruction/dossiers/${row.id}`}
                    class="dossier-number"
                    aria-label={`Dossier n° ${row.id}`}
                  >
                    n° {row.id}
                  </A>
                  <Show when={row.nouveau}>
                    {" "}
                    <NouveauBadge />
                  </Show>
                  <Show when={row.correction}>
                    {" "}
                    <CorrectionBadge />
                  </Show>
                  <Show when={row.labels.length > 0}>
                    {" "}
                    <LabelChips labels={row.labels} />
                  </Show>
                  <Show when={row.test}>
                    {" "}
                    <TestBadge />
                  </Show>
                </th>
                <td class="dossier-usager">
                  <BreakableEmail email={row.usager} />
                </td>
                <For each={props.columns}>
                  {(c) => <td class="dossier-cell">{row.cells[c.stableId] ?? "—"}</td>}
                </For>
                <td>
                  <DossierStateBadge state={row.state} />
                </td>
                <td class="dossier-date">{shortDate(row.deposited_at)}</td>
                <td class="dossier-date">{shortDate(row.updated_at)}</td>
                <Show when={props.showDecision}>
                  <td class="dossier-date">{shortDate(row.decided_at)}</td>
                </Show>
                <td>
                  <FollowButton
                    id={row.id}
                    followed={row.followed}
                    small
                    onDone={props.onFollow(row)}
                  />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

const numericDate = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "short",
  timeZone: "Europe/Paris",
});

/** "29/11/2026": the table's three dates fit side by side. */
const shortDate = (iso: string | null) => iso ? numericDate.format(new Date(iso)) : "—";

/** An address that wraps after a dot of its name or before its « @ », rather than anywhere. */
function BreakableEmail(props: { email: string }) {
  const parts = () => {
    const at = props.email.lastIndexOf("@");
    if (at < 1) return [props.email];
    return [...props.email.slice(0, at).split(/(?<=\.)/), props.email.slice(at)];
  };
  return (
    <For each={parts()}>
      {(part, i) => (
        <>
          {i() > 0 && <wbr />}
          {part}
        </>
      )}
    </For>
  );
}
