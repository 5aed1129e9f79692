/**
 * `/instruction/demarches/:id?onglet=…`: the dashboard of one démarche. Tabs with their
 * counts, a search, filters and a sort kept in the URL, a table of the tab's dossiers (a
 * list of cards on a phone) with the columns the instructeur chose, sorted from any header,
 * walked by keyset pages; a dossier is followed or left from its row; selected dossiers get
 * one action. The page holds the state (URL, cursors, selection) and wires the components of
 * `ui/components/instruction/`: tabs, filters, sort, columns, table, cards, batch bar, pager.
 */
import { batch, createMemo, createResource, createSignal, For, Show } from "solid-js";
import { useParams, useSearchParams } from "@solidjs/router";
import { api, problemOf } from "../api.ts";
import { PREFETCH, prefetch } from "../prefetch.ts";
import { Page } from "../components/page.tsx";
import { RequireRole } from "../components/require_role.tsx";
import { Breadcrumb } from "../components/admin/breadcrumb.tsx";
import { EMPTY_TAB, isTab, type TabId, TABS } from "../components/instruction/dossier_state.tsx";
import { DashboardTabs } from "../components/instruction/dashboard_tabs.tsx";
import { DossiersTable } from "../components/instruction/dossiers_table.tsx";
import { DashboardPager, PageRange } from "../components/instruction/dashboard_pager.tsx";
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
import { DossierCard } from "../components/instruction/dossier_card.tsx";
import { WholeWordsNotice } from "../components/instruction/whole_words_notice.tsx";
import {
  champColumn,
  DEFAULT_SORT,
  describeSort,
  paramOf,
  sameSort,
  type Sort,
  type SortColumn,
  sortOf,
  SortSelect,
  tableSortColumns,
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
  const sortColumns = (): SortColumn[] =>
    tableSortColumns(
      columns().flatMap((c) => champSort(c.stableId) ?? []),
      sort().stableId ? champSort(sort().stableId!) : undefined,
      showDecision(),
    );
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
      <DashboardTabs
        demarcheId={demarcheId()}
        tab={tab()}
        counts={shown()?.counts}
        onOpen={openTab}
      />
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
          <>
            <WholeWordsNotice words={b().wholeWords} />
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
              <PageRange
                first={first()}
                count={b().dossiers.length}
                total={b().counts[tab()]}
                filtered={hasFilters(filters())}
                order={describeSort(sort(), sortedColumn())}
              />
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
                    setReport({ results, done });
                    setMessage(null);
                    void refetch();
                  }}
                />
              </Show>
              <DossiersTable
                rows={b().dossiers}
                columns={columns()}
                tabLabel={tabLabel()}
                busy={board.loading}
                sort={sort()}
                onSort={setSort}
                champSort={champSort}
                showDecision={showDecision()}
                selected={selected()}
                onToggle={toggle}
                onFollow={onFollow}
              />
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
              <DashboardPager
                hasPrevious={cursors().length > 1}
                next={b().next}
                onPrevious={() => turnPage(cursors().slice(0, -1))}
                onNext={(next) => turnPage([...cursors(), next])}
              />
            </Show>
          </>
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

/**
 * Sends ahead the dashboard's first page for this URL, as `Dashboard` will ask it (same
 * input), so it travels with the session (`ui/prefetch.ts`; called by the route's preload).
 * A sort on a champ waits for the form's champs, here as in the page.
 */
export function preloadDashboard(
  demarcheId: number,
  search: Readonly<Record<string, string | string[] | undefined>>,
): void {
  const sort = sortOf(one(search.tri));
  if (sort.by === "champ") return;
  const tab: TabId = isTab(search.onglet) ? search.onglet : "a_suivre";
  const filters = queryOf(filtersOf(search));
  prefetch(api.instruction.dashboard.query(
    { demarcheId, tab, after: undefined, sort, filters, limit: PAGE_SIZE },
    PREFETCH,
  ));
}
