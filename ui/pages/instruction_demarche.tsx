/**
 * `/instruction/demarches/:id?onglet=…`: the dashboard of one démarche. Tabs with their
 * counts, a search, filters and a sort kept in the URL, a table of the tab's dossiers (a
 * list of cards on a phone) with the columns the instructeur chose, sorted from any header,
 * walked by keyset pages; a dossier is followed or left from its row; selected dossiers get
 * one action. Over 400 lines because the table and the phone cards render the same rows from
 * the same state; the filters, sort, columns and batch bar are in `ui/components/instruction/`.
 */
import { LabelChips } from "../components/instruction/labels.tsx";
import { batch, createMemo, createResource, createSignal, For, Show } from "solid-js";
import { A, useParams, useSearchParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";
import {
  DossierStateBadge,
  EMPTY_TAB,
  isTab,
  type TabId,
  TABS,
  TestBadge,
} from "../components/instruction/dossier_state.tsx";
import { FollowButton } from "../components/instruction/follow_button.tsx";
import {
  FilterBar,
  type Filters,
  filtersOf,
  hasFilters,
  paramsOf,
  queryOf,
} from "../components/instruction/dashboard_filters.tsx";
import { ColumnChooser } from "../components/instruction/column_chooser.tsx";
import { ExportPanel } from "../components/instruction/export_panel.tsx";
import { SelectTab } from "../components/instruction/select_tab.tsx";
import {
  CorrectionBadge,
  DossierCard,
  NouveauBadge,
} from "../components/instruction/dossier_card.tsx";
import {
  champColumn,
  DEFAULT_SORT,
  describeSort,
  paramOf,
  sameSort,
  type Sort,
  type SortColumn,
  sortColumn,
  SortHeader,
  sortOf,
  SortSelect,
} from "../components/instruction/dashboard_sort.tsx";
import { BatchBar, type BatchResult, BatchResults } from "../components/instruction/batch_bar.tsx";

const PAGE_SIZE = 25;

type Board = Awaited<ReturnType<typeof api.instruction.dashboard.query>>;
type Row = Board["dossiers"][number];

function Dashboard(props: { titre: string }) {
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const demarcheId = () => Number(params.id);
  const tab = (): TabId => isTab(search.onglet) ? search.onglet : "a_suivre";
  /** Cursors of the pages before this one; the last is this page's. */
  const [cursors, setCursors] = createSignal<(Cursor | undefined)[]>([undefined]);
  const after = () => cursors()[cursors().length - 1];
  const [labels] = createResource(
    demarcheId,
    (id) => api.instruction.labels.list.query({ demarcheId: id }),
  );
  const [collegues] = createResource(
    demarcheId,
    (id) => api.instruction.collegues.query({ demarcheId: id }),
  );
  const [champs] = createResource(
    demarcheId,
    (id) => api.instruction.champs.query({ demarcheId: id }),
  );
  /** The sort of the URL's `tri`; a champ the form does not list sorts by numéro. */
  const sort = createMemo(
    (): Sort => {
      const asked = sortOf(one(search.tri));
      if (asked.by !== "champ" || !champs()) return asked;
      const champ = champs()!.find((c) => c.stableId === asked.stableId);
      return champ && champColumn(champ) ? asked : DEFAULT_SORT;
    },
    DEFAULT_SORT,
    { equals: sameSort },
  );
  const [message, setMessage] = createSignal<{ text: string; error?: boolean } | null>(null);

  const filters = createMemo(() => filtersOf(search), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const [selected, setSelected] = createSignal<ReadonlySet<number>>(new Set());
  /** Every dossier of the tab, when « Sélectionner tous les dossiers de l’onglet » was used. */
  const [wholeTab, setWholeTab] = createSignal<number[] | null>(null);
  const [report, setReport] = createSignal<{ results: BatchResult; done: string } | null>(null);

  const titre = () => props.titre;
  const [board, { refetch }] = createResource(
    // A champ sort waits for the form's champs, which tell whether it exists.
    () =>
      (sort().by !== "champ" || champs()) && {
        demarcheId: demarcheId(),
        tab: tab(),
        after: after(),
        sort: sort(),
        filters: filters(),
      },
    ({ filters, ...input }) =>
      api.instruction.dashboard.query({ ...input, filters: queryOf(filters), limit: PAGE_SIZE }),
  );
  /** The last page loaded, kept on screen while the next one loads. */
  const shown = createMemo<Board | undefined>((previous) => board.latest ?? previous);
  const tabLabel = () => TABS.find((t) => t.id === tab())!.label;
  const first = () => (cursors().length - 1) * PAGE_SIZE + 1;

  const openTab = (id: TabId) => {
    setCursors([undefined]);
    setMessage(null);
    setSelected(new Set<number>());
    setWholeTab(null);
    setSearch({ onglet: id });
  };
  const filter = (next: Filters) => {
    setCursors([undefined]);
    setSelected(new Set<number>());
    setWholeTab(null);
    setSearch(paramsOf(next));
  };
  /** Another page: a selection of the whole tab ends there. */
  const turnPage = (next: (Cursor | undefined)[]) => {
    setWholeTab(null);
    setCursors(next);
  };
  const toggle = (id: number, on: boolean) => {
    setWholeTab(null);
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const pageIds = () => shown()?.dossiers.map((d) => d.id) ?? [];
  const allSelected = () => pageIds().length > 0 && pageIds().every((id) => selected().has(id));
  const selectedIds = () => wholeTab() ?? pageIds().filter((id) => selected().has(id));
  const columns = () => shown()?.columns ?? [];
  /** The column of each chosen champ, none for a champ without a value to sort. */
  const champSort = (stableId: string) => {
    const champ = champs()?.find((c) => c.stableId === stableId);
    return champ ? champColumn(champ) : undefined;
  };
  /** « Décidé le » where every dossier is decided, or when the sort or the period is on it. */
  const showDecision = () =>
    tab() === "traites" || tab() === "archives" || sort().by === "decision" ||
    (filters().period === "decision" && !!(filters().from || filters().to));
  /** The sortable columns in the table's order, for the phone's « Trier par ». */
  const sortColumns = (): SortColumn[] => {
    const chosen = columns().flatMap((c) => champSort(c.stableId) ?? []);
    const sorted = sort().stableId ? champSort(sort().stableId!) : undefined;
    return [
      sortColumn("numero"),
      sortColumn("usager"),
      ...chosen,
      ...(sorted && !chosen.some((c) => c.stableId === sorted.stableId) ? [sorted] : []),
      sortColumn("etat"),
      sortColumn("depot"),
      sortColumn("modification"),
      ...(showDecision() ? [sortColumn("decision")] : []),
    ];
  };
  const sortedColumn = () =>
    sortColumns().find((c) => c.by === sort().by && c.stableId === sort().stableId);
  const setSort = (next: Sort) =>
    batch(() => {
      setCursors([undefined]);
      setSelected(new Set<number>());
      setWholeTab(null);
      setSearch({ tri: paramOf(next) });
    });
  const onFollow = (row: Row) => (result: { followed: boolean } | { error: string }) => {
    if ("error" in result) {
      setMessage({ text: result.error, error: true });
      return;
    }
    setMessage({
      text: result.followed
        ? `Vous suivez le dossier n° ${row.id} : il est désormais dans l’onglet « Suivis ».`
        : `Vous ne suivez plus le dossier n° ${row.id}.`,
    });
    void refetch();
  };

  return (
    <Page title={titre()}>
      <Breadcrumb
        trail={[
          { label: "Mes démarches à instruire", href: "/instruction" },
          { label: titre(), href: `/instruction/demarches/${demarcheId()}` },
        ]}
      />
      <nav class="tabs dossier-tabs" aria-label="Onglets des dossiers">
        <ul>
          <For each={TABS}>
            {(t) => (
              <li>
                <A
                  href={`/instruction/demarches/${demarcheId()}?onglet=${t.id}`}
                  class="tabs__link"
                  classList={{ "tabs__link--active": tab() === t.id }}
                  aria-current={tab() === t.id ? "page" : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    openTab(t.id);
                  }}
                >
                  {t.label}{" "}
                  <span
                    class="tab-badge"
                    classList={{
                      "tab-badge--waiting": t.id === "a_suivre" &&
                        (shown()?.counts.a_suivre ?? 0) > 0,
                    }}
                  >
                    {shown()?.counts[t.id] ?? "…"}
                  </span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <Show when={champs()} fallback={<div class="dashboard-filters" />}>
        {(list) => (
          <div class="dashboard-tools">
            <FilterBar
              filters={filters()}
              champs={list()}
              collegues={collegues()}
              labels={labels()}
              onChange={filter}
            />
            <ColumnChooser
              demarcheId={demarcheId()}
              champs={list()}
              chosen={columns().map((c) => c.stableId)}
              onSaved={() => void refetch()}
            />
            <ExportPanel
              demarcheId={demarcheId()}
              tab={tab()}
              filters={queryOf(filters())}
              filtered={hasFilters(filters())}
            />
          </div>
        )}
      </Show>
      <Show when={report()}>
        {(r) => (
          <BatchResults
            results={r().results}
            done={r().done}
            onClose={() => setReport(null)}
          />
        )}
      </Show>
      <div role="status" class="dashboard-status">
        <Show when={message()}>
          {(m) => (
            <p
              class="notice"
              classList={{ "notice--error": m().error, "notice--success": !m().error }}
            >
              {m().text}
            </p>
          )}
        </Show>
      </div>
      <Show when={board.error}>
        <div class="notice notice--error" role="alert">{problemOf(board.error).message}</div>
      </Show>
      <Show when={shown()} fallback={<p class="loading" role="status">Chargement…</p>}>
        {(b) => (
          <Show
            when={b().dossiers.length > 0}
            fallback={
              <div class="empty-state">
                <p>
                  {hasFilters(filters())
                    ? "Aucun dossier de cet onglet ne correspond à la recherche ou aux filtres."
                    : EMPTY_TAB[tab()]}
                </p>
              </div>
            }
          >
            <p class="aside dashboard-range">
              <Show
                when={hasFilters(filters())}
                fallback={
                  <>
                    Dossiers {first()} à {first() + b().dossiers.length - 1} sur{" "}
                    {b().counts[tab()]}, {describeSort(sort(), sortedColumn())}.
                  </>
                }
              >
                Dossiers {first()} à {first() + b().dossiers.length - 1}{" "}
                qui correspondent aux filtres ({b().counts[tab()]} dans l’onglet),{" "}
                {describeSort(sort(), sortedColumn())}.
              </Show>
            </p>
            <div class="batch-select">
              <label class="check">
                <input
                  type="checkbox"
                  checked={allSelected()}
                  onChange={(e) => {
                    setWholeTab(null);
                    setSelected(
                      e.currentTarget.checked ? new Set(pageIds()) : new Set<number>(),
                    );
                  }}
                />{" "}
                Tout sélectionner
              </label>
              <Show when={allSelected() && (cursors().length > 1 || b().next !== null)}>
                <SelectTab
                  input={{
                    demarcheId: demarcheId(),
                    tab: tab(),
                    sort: sort(),
                    filters: queryOf(filters()),
                  }}
                  count={wholeTab()?.length ?? null}
                  onSelect={setWholeTab}
                />
              </Show>
              <SortSelect columns={sortColumns()} sort={sort()} onSort={setSort} />
            </div>
            <Show when={selectedIds().length > 0}>
              <BatchBar
                ids={selectedIds()}
                onDone={(results, done) => {
                  setSelected(new Set<number>());
                  setWholeTab(null);
                  setWholeTab(null);
                  setReport({ results, done });
                  setMessage(null);
                  void refetch();
                }}
              />
            </Show>
            <div class="table-wrap dossiers-table" aria-busy={board.loading}>
              <table class="table">
                <caption class="visually-hidden">
                  Dossiers de l’onglet « {tabLabel()} »
                </caption>
                <thead>
                  <tr>
                    <th scope="col" class="select-cell">
                      <span class="visually-hidden">Sélection</span>
                    </th>
                    <SortHeader column={sortColumn("numero")} sort={sort()} onSort={setSort} />
                    <SortHeader column={sortColumn("usager")} sort={sort()} onSort={setSort} />
                    <For each={columns()}>
                      {(c) => (
                        <Show
                          when={champSort(c.stableId)}
                          fallback={<th scope="col">{c.label}</th>}
                        >
                          {(column) => (
                            <SortHeader column={column()} sort={sort()} onSort={setSort} />
                          )}
                        </Show>
                      )}
                    </For>
                    <SortHeader column={sortColumn("etat")} sort={sort()} onSort={setSort} />
                    <SortHeader column={sortColumn("depot")} sort={sort()} onSort={setSort} />
                    <SortHeader
                      column={sortColumn("modification")}
                      sort={sort()}
                      onSort={setSort}
                    />
                    <Show when={showDecision()}>
                      <SortHeader column={sortColumn("decision")} sort={sort()} onSort={setSort} />
                    </Show>
                    <th scope="col">Suivi</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={b().dossiers}>
                    {(row) => (
                      <tr classList={{ "row--selected": selected().has(row.id) }}>
                        <td class="select-cell">
                          <input
                            type="checkbox"
                            aria-label={`Sélectionner le dossier n° ${row.id}`}
                            checked={selected().has(row.id)}
                            onChange={(e) => toggle(row.id, e.currentTarget.checked)}
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
                        <For each={columns()}>
                          {(c) => <td class="dossier-cell">{row.cells[c.stableId] ?? "—"}</td>}
                        </For>
                        <td>
                          <DossierStateBadge state={row.state} />
                        </td>
                        <td class="dossier-date">{shortDate(row.deposited_at)}</td>
                        <td class="dossier-date">{shortDate(row.updated_at)}</td>
                        <Show when={showDecision()}>
                          <td class="dossier-date">{shortDate(row.decided_at)}</td>
                        </Show>
                        <td>
                          <FollowButton
                            id={row.id}
                            followed={row.followed}
                            small
                            onDone={onFollow(row)}
                          />
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <ul class="dossier-cards" aria-label={`Dossiers de l’onglet « ${tabLabel()} »`}>
              <For each={b().dossiers}>
                {(row) => (
                  <DossierCard
                    row={row}
                    columns={columns()}
                    checked={selected().has(row.id)}
                    onToggle={(on) => toggle(row.id, on)}
                    onFollow={onFollow(row)}
                  />
                )}
              </For>
            </ul>
            <Show when={cursors().length > 1 || b().next !== null}>
              <nav class="pager" aria-label="Pages de dossiers">
                <Show when={cursors().length > 1}>
                  <button
                    type="button"
                    class="button button--secondary"
                    onClick={() =>
                      turnPage(cursors().slice(0, -1))}
                  >
                    Dossiers précédents
                  </button>
                </Show>
                <Show when={b().next}>
                  {(next) => (
                    <button
                      type="button"
                      class="button button--secondary pager__next"
                      onClick={() => turnPage([...cursors(), next()])}
                    >
                      Dossiers suivants
                    </button>
                  )}
                </Show>
              </nav>
            </Show>
          </Show>
        )}
      </Show>
    </Page>
  );
}

/** The title comes first, so the page is titled when it mounts. */
function WithTitle() {
  const params = useParams();
  const [demarches] = createResource(() => api.instruction.demarches.query());
  return (
    <Show when={demarches()} fallback={<p class="loading" role="status">Chargement…</p>}>
      {(list) => (
        <Dashboard
          titre={list().find((d) => d.id === Number(params.id))?.titre ?? "Démarche introuvable"}
        />
      )}
    </Show>
  );
}

export default function InstructionDemarche() {
  return (
    <RequireRole role="instructeur">
      <WithTitle />
    </RequireRole>
  );
}

type Cursor = NonNullable<Board["next"]>;

const one = (p: string | string[] | undefined) => Array.isArray(p) ? p[0] : p;

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
