/**
 * The dashboard's sort: one column, one way, kept in the URL as `tri=depot-asc` (a champ as
 * `tri=champ:<stableId>-asc`); numéro, newest first, by default. The table sorts from its
 * headers, the phone's cards from a « Trier par » select offering the same columns.
 */
import { For, Show } from "solid-js";
import { SORT_BY } from "../../../core/shared/dashboard.ts";
import type { api } from "../../api.ts";
import type { Champ } from "./dashboard_filters.tsx";

export type Sort = NonNullable<Parameters<typeof api.instruction.dashboard.query>[0]["sort"]>;
type Dir = Sort["dir"];
type Order = "numero" | "date" | "text" | "number" | "etat";

export const DEFAULT_SORT: Sort = { by: "numero", dir: "desc" };

/** How each kind of column reads in each direction. */
const ORDERS: Readonly<Record<Order, Readonly<Record<Dir, string>>>> = {
  numero: { desc: "du plus récent au plus ancien", asc: "du plus ancien au plus récent" },
  date: {
    desc: "de la plus récente à la plus ancienne",
    asc: "de la plus ancienne à la plus récente",
  },
  text: { asc: "de A à Z", desc: "de Z à A" },
  number: { asc: "du plus petit au plus grand", desc: "du plus grand au plus petit" },
  etat: { asc: "dans l’ordre de l’instruction", desc: "dans l’ordre inverse de l’instruction" },
};

/** The same, short enough for a phone's select. */
const SHORT_ORDERS: Readonly<Record<Order, Readonly<Record<Dir, string>>>> = {
  numero: { desc: "plus récent d’abord", asc: "plus ancien d’abord" },
  date: { desc: "plus récente d’abord", asc: "plus ancienne d’abord" },
  text: ORDERS.text,
  number: { asc: "croissant", desc: "décroissant" },
  etat: { asc: "ordre de l’instruction", desc: "ordre inverse" },
};

/** A column the dashboard sorts on: its header, its name in a sentence, how it reads. */
export interface SortColumn {
  readonly by: Sort["by"];
  readonly stableId?: string;
  readonly label: string;
  /** In « triés par … ». */
  readonly name: string;
  /** In the « Trier par » select. */
  readonly choice: string;
  readonly order: Order;
}

const FIXED: Readonly<Record<Exclude<Sort["by"], "champ">, SortColumn>> = {
  numero: { by: "numero", label: "N°", name: "numéro", choice: "Numéro", order: "numero" },
  usager: { by: "usager", label: "Usager", name: "usager", choice: "Usager", order: "text" },
  etat: { by: "etat", label: "État", name: "état", choice: "État", order: "etat" },
  depot: {
    by: "depot",
    label: "Déposé le",
    name: "date de dépôt",
    choice: "Date de dépôt",
    order: "date",
  },
  modification: {
    by: "modification",
    label: "Modifié le",
    name: "dernière modification",
    choice: "Modification",
    order: "date",
  },
  decision: {
    by: "decision",
    label: "Décidé le",
    name: "date de décision",
    choice: "Décision",
    order: "date",
  },
};

export const sortColumn = (by: Exclude<Sort["by"], "champ">): SortColumn => FIXED[by];

/** The column of a champ, or undefined for one without a value to compare (a section…). */
export function champColumn(champ: Champ): SortColumn | undefined {
  if (champ.kind === "none") return undefined;
  return {
    by: "champ",
    stableId: champ.stableId,
    label: champ.label,
    name: `« ${champ.label} »`,
    choice: champ.label,
    order: champ.kind === "number" ? "number" : champ.kind === "date" ? "date" : "text",
  };
}

/** Numéros and dates start with the latest, words with A, numbers with the smallest. */
const firstDir = (c: SortColumn): Dir =>
  c.order === "numero" || c.order === "date" ? "desc" : "asc";

const isOn = (sort: Sort, c: SortColumn) => sort.by === c.by && sort.stableId === c.stableId;

/** The sort a `tri` param names; anything unknown is the default. */
export function sortOf(param: string | undefined): Sort {
  const m = /^([a-z]+)(?::(.+))?-(asc|desc)$/.exec(param ?? "");
  if (!m || !(SORT_BY as readonly string[]).includes(m[1])) return DEFAULT_SORT;
  const by = m[1] as Sort["by"];
  const dir = m[3] as Dir;
  if ((by === "champ") !== (m[2] !== undefined)) return DEFAULT_SORT;
  return by === "champ" ? { by, dir, stableId: m[2] } : { by, dir };
}

/** The `tri` param of a sort, none for the default. */
export function paramOf(sort: Sort): string | undefined {
  const key = keyOf(sort);
  return key === keyOf(DEFAULT_SORT) ? undefined : key;
}

const keyOf = (sort: Sort) => `${sort.by}${sort.stableId ? `:${sort.stableId}` : ""}-${sort.dir}`;

export const sameSort = (a: Sort, b: Sort) => keyOf(a) === keyOf(b);

/** « triés par date de dépôt, de la plus ancienne à la plus récente ». */
export function describeSort(sort: Sort, column: SortColumn | undefined): string {
  if (!column || sameSort(sort, DEFAULT_SORT)) return ORDERS.numero.desc;
  const missing = sort.by === "champ" || sort.by === "decision"
    ? ", les dossiers sans valeur en dernier"
    : "";
  return `triés par ${column.name}, ${ORDERS[column.order][sort.dir]}${missing}`;
}

/** A sortable column header: a first click sorts the column its natural way, the next flips. */
export function SortHeader(props: {
  column: SortColumn;
  sort: Sort;
  onSort: (next: Sort) => void;
}) {
  const on = () => isOn(props.sort, props.column);
  const next = (): Sort => ({
    by: props.column.by,
    ...(props.column.stableId ? { stableId: props.column.stableId } : {}),
    dir: on() ? (props.sort.dir === "asc" ? "desc" : "asc") : firstDir(props.column),
  });
  return (
    <th
      scope="col"
      class={props.column.by === "champ" ? "sort-header--champ" : undefined}
      aria-sort={on() ? (props.sort.dir === "asc" ? "ascending" : "descending") : undefined}
    >
      <button
        type="button"
        class="sort-button"
        classList={{ "sort-button--on": on() }}
        onClick={() => props.onSort(next())}
      >
        {props.column.label}
        <span class="sort-button__arrow" aria-hidden="true">
          {on() ? (props.sort.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

/** « Trier par », for the cards of a phone: each column both ways, its natural way first. */
export function SortSelect(props: {
  columns: readonly SortColumn[];
  sort: Sort;
  onSort: (next: Sort) => void;
}) {
  const options = () =>
    props.columns.flatMap((c) => {
      const first = firstDir(c);
      return [first, first === "asc" ? "desc" as const : "asc" as const].map((dir) => {
        const sort: Sort = c.stableId ? { by: c.by, stableId: c.stableId, dir } : { by: c.by, dir };
        return { key: keyOf(sort), sort, label: `${c.choice}, ${SHORT_ORDERS[c.order][dir]}` };
      });
    });
  return (
    <Show when={options().length > 0}>
      <div class="sort-select">
        <label for="tri-dossiers">Trier par</label>
        <select
          id="tri-dossiers"
          value={keyOf(props.sort)}
          onChange={(e) => {
            const chosen = options().find((o) => o.key === e.currentTarget.value);
            if (chosen) props.onSort(chosen.sort);
          }}
        >
          <For each={options()}>
            {(o) => <option value={o.key} selected={o.key === keyOf(props.sort)}>{o.label}</option>}
          </For>
        </select>
      </div>
    </Show>
  );
}

/**
 * The sortable columns in the table's order, for the phone's « Trier par »: the chosen
 * champs', the champ sorted on if it is not among them, « Décidé le » when shown.
 */
export function tableSortColumns(
  chosen: readonly SortColumn[],
  sorted: SortColumn | undefined,
  decision: boolean,
): SortColumn[] {
  return [
    sortColumn("numero"),
    sortColumn("usager"),
    ...chosen,
    ...(sorted && !chosen.some((c) => c.stableId === sorted.stableId) ? [sorted] : []),
    sortColumn("etat"),
    sortColumn("depot"),
    sortColumn("modification"),
    ...(decision ? [sortColumn("decision")] : []),
  ];
}
