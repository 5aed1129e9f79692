/**
 * An accessible combobox (ARIA 1.2 pattern: an input and a listbox) searching a reference
 * list through `plugins.query` as the person types. Arrow keys move in the list, Enter
 * picks, Escape closes (or clears when already closed). Typing after a pick clears the
 * value: only a result picked from the list counts.
 */
import { createSignal, For, onCleanup, Show } from "solid-js";
import { queryPlugin } from "../../ui/plugin_sdk.ts";

export interface TerritoryResult {
  readonly code: string;
  readonly label: string;
  /** Shown after the label in the list (a commune's département), not typed in the input. */
  readonly detail?: string;
  readonly [key: string]: unknown;
}

/** Searches `name` among the territory lists; `[]` when the server does not answer. */
export async function search(name: string, q: string, limit = 20): Promise<TerritoryResult[]> {
  try {
    const found = await queryPlugin("champs_territoire", name, { q, limit });
    return Array.isArray(found) ? found as TerritoryResult[] : [];
  } catch {
    return [];
  }
}

const DEBOUNCE_MS = 200;

export function Combobox(
  props: {
    id: string;
    /** Query name: `communes`, `departements`… */
    list: string;
    /** The text of the current value, shown in the input. */
    text: string;
    describedBy?: string;
    invalid?: boolean;
    mandatory?: boolean;
    placeholder?: string;
    /** Whether an empty query lists entries (départements, régions). */
    listAllWhenEmpty?: boolean;
    onPick(result: TerritoryResult | null): void;
  },
) {
  const listId = `${props.id}-liste`;
  const [text, setText] = createSignal(props.text);
  const [results, setResults] = createSignal<TerritoryResult[]>([]);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const [status, setStatus] = createSignal("");
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  onCleanup(() => clearTimeout(timer));

  // The value's text arrives late when it is resolved from a code.
  let lastOuter = props.text;
  const outer = () => {
    if (props.text !== lastOuter) {
      lastOuter = props.text;
      setText(props.text);
    }
    return text();
  };

  const run = (q: string) => {
    clearTimeout(timer);
    if (q.trim() === "" && !props.listAllWhenEmpty) {
      setResults([]);
      setOpen(false);
      setStatus("");
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++asked;
      const found = await search(props.list, q, 20);
      if (mine !== asked) return;
      setResults(found);
      setActive(-1);
      setOpen(true);
      setStatus(
        found.length === 0
          ? "Aucun résultat"
          : `${found.length} résultat${found.length > 1 ? "s" : ""}, flèche bas pour parcourir`,
      );
    }, DEBOUNCE_MS);
  };

  const pick = (r: TerritoryResult) => {
    setText(r.label);
    setOpen(false);
    setActive(-1);
    setStatus("");
    props.onPick(r);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const count = results().length;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open()) {
        if (count > 0) setOpen(true);
        else run(text());
        return;
      }
      setActive((a) => (count === 0 ? -1 : (a + 1) % count));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (open() && count > 0) setActive((a) => (a <= 0 ? count - 1 : a - 1));
    } else if (e.key === "Enter") {
      if (open() && active() >= 0) {
        e.preventDefault();
        pick(results()[active()]);
      }
    } else if (e.key === "Escape") {
      if (open()) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text() !== "") {
        e.preventDefault();
        setText("");
        props.onPick(null);
      }
    }
  };

  return (
    <div class="combobox">
      <input
        id={props.id}
        class="champ-input"
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open()}
        aria-controls={listId}
        aria-activedescendant={open() && active() >= 0 ? `${listId}-${active()}` : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        aria-required={props.mandatory || undefined}
        placeholder={props.placeholder}
        value={outer()}
        onInput={(e) => {
          setText(e.currentTarget.value);
          props.onPick(null);
          run(e.currentTarget.value);
        }}
        onFocus={() => {
          if (props.listAllWhenEmpty && results().length === 0) run(text());
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul
        id={listId}
        role="listbox"
        class="combobox__list"
        aria-label="Résultats"
        hidden={!open() || results().length === 0}
      >
        <For each={results()}>
          {(r, i) => (
            <li
              id={`${listId}-${i()}`}
              role="option"
              aria-selected={i() === active()}
              classList={{ "combobox__option--active": i() === active() }}
              // mousedown, not click: the input keeps focus (no blur closing the list first).
              onMouseDown={(e) => {
                e.preventDefault();
                pick(r);
              }}
            >
              {r.label}
              <Show when={r.detail}>
                <span class="combobox__detail">{` — ${r.detail}`}</span>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <p class="visually-hidden" role="status">{status()}</p>
    </div>
  );
}
