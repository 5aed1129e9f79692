/**
 * Where a dashboard page stands: « Dossiers 26 à 50 sur 312, … » above it, and « Dossiers
 * précédents » / « Dossiers suivants » below it when there are.
 */
import { Show } from "solid-js";

/** « Dossiers 26 à 50 sur 312, du plus récent au plus ancien. » (or those of the filters). */
export function PageRange(props: {
  first: number;
  count: number;
  /** The tab's count. */
  total: number;
  filtered: boolean;
  /** How the page is sorted, in words. */
  order: string;
}) {
  const last = () => props.first + props.count - 1;
  return (
    <p class="aside dashboard-range">
      <Show
        when={props.filtered}
        fallback={
          <>
            Dossiers {props.first} à {last()} sur {props.total}, {props.order}.
          </>
        }
      >
        Dossiers {props.first} à {last()} qui correspondent aux filtres ({props.total}{" "}
        dans l’onglet), {props.order}.
      </Show>
    </p>
  );
}

/** The buttons to the previous and next pages. */
export function DashboardPager<C>(props: {
  /** Whether a page comes before this one. */
  hasPrevious: boolean;
  /** The cursor of the next page, null on the last. */
  next: C | null;
  onPrevious: () => void;
  onNext: (cursor: C) => void;
}) {
  return (
    <Show when={props.hasPrevious || props.next !== null}>
      <nav class="pager" aria-label="Pages de dossiers">
        <Show when={props.hasPrevious}>
          <button type="button" class="button button--secondary" onClick={props.onPrevious}>
            Dossiers précédents
          </button>
        </Show>
        <Show when={props.next}>
          {(next) => (
            <button
              type="button"
              class="button button--secondary pager__next"
              onClick={() => props.onNext(next())}
            >
              Dossiers suivants
            </button>
          )}
        </Show>
      </nav>
    </Show>
  );
}
