/** The dashboard's tabs, each with its count; « À suivre » stands out while it holds any. */
import { For } from "solid-js";
import { A } from "@solidjs/router";
import { type TabId, TABS } from "./dossier_state.tsx";

export function DashboardTabs(props: {
  demarcheId: number;
  tab: TabId;
  /** Each tab's count; undefined while the first page loads. */
  counts: Readonly<Record<TabId, number>> | undefined;
  onOpen: (id: TabId) => void;
}) {
  return (
    <nav class="tabs dossier-tabs" aria-label="Onglets des dossiers">
      <ul>
        <For each={TABS}>
          {(t) => (
            <li>
              <A
                href={`/instruction/demarches/${props.demarcheId}?onglet=${t.id}`}
                class="tabs__link"
                classList={{ "tabs__link--active": props.tab === t.id }}
                aria-current={props.tab === t.id ? "page" : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  props.onOpen(t.id);
                }}
              >
                {t.label}{" "}
                <span
                  class="tab-badge"
                  classList={{
                    "tab-badge--waiting": t.id === "a_suivre" && (props.counts?.a_suivre ?? 0) > 0,
                  }}
                >
                  {props.counts?.[t.id] ?? "…"}
                </span>
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
