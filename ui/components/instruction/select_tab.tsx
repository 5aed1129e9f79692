/**
 * « Sélectionner les N dossiers de l’onglet »: once the whole page is selected and more pages
 * follow, the batch actions can take every dossier of the tab (with its filters and sort),
 * up to what one batch accepts.
 */
import { createSignal, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";

/** What one batch action accepts (the server refuses more). */
export const BATCH_MAX = 500;
const PAGE = 100;

type Input = Omit<Parameters<typeof api.instruction.dashboard.query>[0], "after" | "limit">;

/** Every dossier number of the tab, or null past `BATCH_MAX`. */
export async function tabIds(input: Input): Promise<number[] | null> {
  const ids: number[] = [];
  let after: { key: string | number | null; id: number } | undefined;
  do {
    const page = await api.instruction.dashboard.query({ ...input, after, limit: PAGE });
    ids.push(...page.dossiers.map((d) => d.id));
    if (ids.length > BATCH_MAX) return null;
    after = page.next ?? undefined;
  } while (after);
  return ids;
}

export function SelectTab(props: {
  input: Input;
  /** The whole tab is selected (`count` dossiers). */
  count: number | null;
  onSelect: (ids: number[] | null) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const select = async () => {
    setBusy(true);
    try {
      const ids = await tabIds(props.input);
      if (ids === null) {
        setProblem(
          `Plus de ${BATCH_MAX} dossiers : filtrez l’onglet pour en sélectionner ${BATCH_MAX} au plus.`,
        );
      } else {
        setProblem(null);
        props.onSelect(ids);
      }
    } catch (e) {
      setProblem(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="select-tab" role="status">
      <Show
        when={props.count === null}
        fallback={
          <>
            Les {props.count} dossiers de l’onglet sont sélectionnés.{" "}
            <button type="button" class="link-button" onClick={() => props.onSelect(null)}>
              Ne sélectionner que cette page
            </button>
          </>
        }
      >
        <button type="button" class="link-button" disabled={busy()} onClick={select}>
          Sélectionner tous les dossiers de l’onglet
        </button>
        <Show when={problem()}>
          {(p) => <span class="field-error">{p()}</span>}
        </Show>
      </Show>
    </span>
  );
}
