/**
 * « Télécharger »: the dossiers of the tab, with its filters, as a file in one of the formats
 * the démarche offers. The file is made in the background; the list of the instructeur's
 * recent exports says when each is ready and links it.
 */
import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";
import { formatDateTime } from "../../format.ts";
import { type ColumnsChoice, ExportColumns } from "./export_columns.tsx";

type Filters = Parameters<typeof api.instruction.exports.request.mutate>[0]["filters"];
type Tab = Parameters<typeof api.instruction.exports.request.mutate>[0]["tab"];

const TAB_LABELS: Record<string, string> = {
  a_suivre: "À suivre",
  suivis: "Suivis",
  traites: "Traités",
  tous: "Tous",
  archives: "Archivés",
};

/** « 2,4 Mo », « 830 ko ». */
function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} ko`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} Mo`;
}

export function ExportPanel(props: {
  demarcheId: number;
  tab: Tab;
  filters: Filters;
  filtered: boolean;
}) {
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [formats] = createResource(
    () => (open() ? props.demarcheId : null),
    (demarcheId) => api.instruction.exports.formats.query({ demarcheId }),
  );
  const [columns] = createResource(
    () => (open() ? props.demarcheId : null),
    (demarcheId) => api.instruction.exports.columns.query({ demarcheId }),
  );
  let choice: ColumnsChoice | undefined;
  /** The format ticked; the first one offered until another is. */
  const [picked, setPicked] = createSignal<string | null>(null);
  const current = () => (formats() ?? []).find((f) => f.id === picked()) ?? formats()?.[0];
  const [exports, { refetch }] = createResource(
    () => (open() ? props.demarcheId : null),
    (demarcheId) => api.instruction.exports.list.query({ demarcheId }),
  );
  // While a file is being made, look again every two seconds.
  const timer = setInterval(() => {
    if (open() && exports()?.some((e) => e.status === "pending")) void refetch();
  }, 2000);
  onCleanup(() => clearInterval(timer));

  const request = async (event: SubmitEvent) => {
    event.preventDefault();
    const format = new FormData(event.currentTarget as HTMLFormElement).get("format") as string;
    const chosen = current()?.withFiles ? null : choice?.chosen() ?? null;
    if (chosen?.length === 0) {
      setError("Choisissez au moins une colonne, ou « Toutes les colonnes ».");
      return;
    }
    setBusy(true);
    try {
      await api.instruction.exports.request.mutate({
        demarcheId: props.demarcheId,
        tab: props.tab,
        format,
        filters: props.filters,
        columns: chosen,
      });
      setError(null);
      await refetch();
    } catch (e) {
      setError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="column-chooser export-panel">
      <button
        type="button"
        class="button button--secondary"
        aria-expanded={open()}
        aria-controls="export-dossiers"
        onClick={() => setOpen(!open())}
      >
        Télécharger
      </button>
      <Show when={open()}>
        <div id="export-dossiers" class="card column-chooser__form export-panel__card">
          <form onSubmit={request} aria-labelledby="export-dossiers-titre">
            <h2 id="export-dossiers-titre" class="export-panel__heading">
              Télécharger les dossiers
            </h2>
            <p class="hint">
              Les dossiers de l’onglet « {TAB_LABELS[props.tab ?? "tous"]} »
              {props.filtered ? ", avec les filtres et la recherche en cours" : ""}, une ligne par
              dossier. Le fichier est préparé en arrière-plan et reste disponible 48 heures.
            </p>
            <Show when={error()}>
              <p class="field-error" role="alert">{error()}</p>
            </Show>
            <fieldset>
              <legend>Format</legend>
              <Show
                when={(formats() ?? []).length > 0}
                fallback={
                  <p class="empty">
                    {formats.loading ? "Chargement…" : "Aucun format d’export n’est activé."}
                  </p>
                }
              >
                <For each={formats()}>
                  {(f, i) => (
                    <label class="check">
                      <input
                        type="radio"
                        name="format"
                        value={f.id}
                        checked={current()?.id === f.id || (!current() && i() === 0)}
                        onChange={() => setPicked(f.id)}
                      />{" "}
                      {f.label}
                    </label>
                  )}
                </For>
              </Show>
            </fieldset>
            {/* Made again from each fresh answer: the last choice is the server's. */}
            <Show
              when={current()?.withFiles}
              fallback={
                <Show when={columns.state === "ready" ? columns() : undefined} keyed>
                  {(offered) => <ExportColumns offered={offered} ref={(c) => (choice = c)} />}
                </Show>
              }
            >
              <Show
                when={current()?.documents}
                fallback={
                  <p class="hint">
                    Un dossier par dossier, avec son récapitulatif PDF et toutes ses pièces jointes
                    ; au plus 5 000 dossiers par fichier.
                  </p>
                }
              >
                <p class="hint">
                  Chaque dossier en entier, une ligne JSON par dossier, tel que l’API le donne :
                  champs, annotations privées, étiquettes.
                </p>
              </Show>
            </Show>
            <div class="form__actions">
              <button
                type="submit"
                class="button button--small"
                disabled={busy() || !(formats() ?? []).length}
              >
                Préparer le fichier
              </button>
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => setOpen(false)}
              >
                Fermer
              </button>
            </div>
          </form>
          <Show when={(exports() ?? []).length > 0}>
            <h3 class="export-panel__title">Vos fichiers récents</h3>
            <ul class="export-panel__list" aria-live="polite">
              <For each={exports()}>
                {(e) => (
                  <li class="export-panel__item">
                    <span>
                      {e.format} · « {TAB_LABELS[e.tab]} »{e.filtered ? " filtré" : ""}
                      {e.chosenColumns === null
                        ? ""
                        : ` · ${e.chosenColumns} colonne${e.chosenColumns === 1 ? "" : "s"}`} ·{" "}
                      <time datetime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
                    </span>
                    <Show when={e.status === "pending"}>
                      <span class="badge badge--pending">En préparation…</span>
                    </Show>
                    <Show when={e.status === "failed"}>
                      <span class="field-error">{e.error}</span>
                    </Show>
                    <Show when={e.file}>
                      {(file) => (
                        <a
                          href={`/files/${encodeURIComponent(file().id)}`}
                          download={file().filename}
                        >
                          Télécharger {file().filename} ({e.rows} dossier{e.rows === 1 ? "" : "s"},
                          {" "}
                          {size(file().size)})
                        </a>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </Show>
    </div>
  );
}
