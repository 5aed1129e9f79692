/**
 * The annotations privées, filled by the instructeurs with each type's input. Every change
 * is saved on its own after a short pause; the status says when it was saved, and each
 * annotation shows its own error. The page may `flush()` pending changes (before a decision).
 * Each change goes with the revision it was based on: an annotation another instructeur
 * changed meanwhile is not written over, and waits next to it for the choice of value.
 */
import { createSignal, For, onCleanup, Show, untrack } from "solid-js";
import { createStore } from "solid-js/store";
import { api, problemOf } from "../../api.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { ChampField } from "../editor/champ_field.tsx";
import { pluginRegistry } from "../../plugin_registry.ts";
import { ChampValue } from "./demande.tsx";
import { visibility } from "../../../core/shared/visibility.ts";
import type { ShownConflict } from "../dossier/autosave.ts";
import { ConflictNotice } from "../dossier/conflict_notice.tsx";

type Values = Record<string, unknown>;

const PAUSE_MS = 600;
const time = new Intl.DateTimeFormat("fr-FR", { timeStyle: "short", timeZone: "Europe/Paris" });

export interface AnnotationsFormProps {
  readonly dossierId: number;
  readonly annotations: readonly ChampDescriptor[];
  /** Read once: later reloads of the dossier do not overwrite what is being typed. */
  readonly initial: Readonly<Values>;
  /** Per annotation, the revision of its value as read (with `initial`). */
  readonly revisions?: Readonly<Record<string, number>>;
  /** The demande's visible values, which annotations' conditions may read. */
  readonly outer: Readonly<Values>;
  /** Errors the server gave elsewhere (a decision refused for missing annotations). */
  readonly errors: Readonly<Record<string, string>>;
  readonly onEdit: (stableId: string) => void;
  /** Receives the function that saves what is pending now. */
  readonly ref: (flush: () => Promise<boolean>) => void;
}

/** Back to an annotation's input once its conflict is settled. */
const focusAnnotation = (stableId: string) =>
  (document.getElementById(`annotation-${stableId}`) ??
    document.getElementById(`annotation-${stableId}-0`))?.focus();

type Status =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "failed"; message: string };

export function AnnotationsForm(props: AnnotationsFormProps) {
  const [values, setValues] = createStore<Values>({ ...untrack(() => props.initial) });
  const [saveErrors, setSaveErrors] = createSignal<Record<string, string>>({});
  const [status, setStatus] = createSignal<Status>({ kind: "idle" });
  const [conflicts, setConflicts] = createSignal<Record<string, ShownConflict>>({});
  // Per annotation, the revision the value on screen is based on.
  const bases: Record<string, number> = { ...untrack(() => props.revisions) };
  const settle = (stableId: string, revision: number) => {
    bases[stableId] = revision;
    setConflicts(({ [stableId]: _, ...rest }) => rest);
  };
  let dirty: Values = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<boolean> | null = null;

  const save = async (): Promise<boolean> => {
    clearTimeout(timer);
    if (running) await running;
    if (Object.keys(dirty).length === 0) return status().kind !== "failed";
    const sending = dirty;
    dirty = {};
    setStatus({ kind: "saving" });
    running = api.instruction.saveAnnotations.mutate({
      id: props.dossierId,
      values: sending,
      bases: Object.fromEntries(Object.keys(sending).map((k) => [k, bases[k] ?? 0])),
    })
      .then((result) => {
        const conflicted = new Map(result.conflicts.map((c) => [c.champ, c]));
        for (const [key, revision] of Object.entries(result.revisions)) {
          // A conflict keeps its old base until the instructeur chooses.
          if (!conflicted.has(key)) settle(key, revision);
        }
        if (conflicted.size > 0) {
          setConflicts((all) => {
            const next = { ...all };
            for (const c of conflicted.values()) {
              next[c.champ] = { ...c, value: c.value ?? null, mine: sending[c.champ] };
            }
            return next;
          });
        }
        setSaveErrors(result.errors as Record<string, string>);
        setStatus({ kind: "saved", at: new Date() });
        return Object.keys(result.errors).length === 0;
      })
      .catch((error) => {
        dirty = { ...sending, ...dirty };
        setStatus({ kind: "failed", message: problemOf(error).message });
        return false;
      })
      .finally(() => {
        running = null;
      });
    const ok = await running;
    return Object.keys(dirty).length > 0 ? await save() : ok;
  };
  props.ref(save);
  onCleanup(() => clearTimeout(timer));

  const change = (stableId: string, value: unknown) => {
    setValues(stableId, value);
    dirty = { ...dirty, [stableId]: value };
    setSaveErrors(({ [stableId]: _, ...rest }) => rest);
    props.onEdit(stableId);
    clearTimeout(timer);
    timer = setTimeout(() => void save(), PAUSE_MS);
  };
  const shown = () => visibility(props.annotations, values, props.outer).visible;
  const errorOf = (id: string) => saveErrors()[id] ?? props.errors[id];

  return (
    <Show
      when={props.annotations.length > 0}
      fallback={
        <p class="empty">
          Cette démarche n’a pas d’annotation privée. Un administrateur peut en ajouter depuis
          l’administration de la démarche.
        </p>
      }
    >
      <form
        class="annotations-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <p class="hint">
          Réservées aux instructeurs : l’usager ne les voit pas. Chaque modification est enregistrée
          automatiquement.
        </p>
        <For each={props.annotations.filter((a) => shown().has(a.stableId))}>
          {(annotation) => (
            <Show
              when={!pluginRegistry.champType(annotation.type)?.container}
              fallback={
                <div class="champ-read">
                  <p class="champ-read__label">{annotation.label}</p>
                  <ChampValue champ={annotation} value={values[annotation.stableId]} />
                </div>
              }
            >
              <ChampField
                champ={annotation}
                id={`annotation-${annotation.stableId}`}
                value={values[annotation.stableId] ?? null}
                error={errorOf(annotation.stableId)}
                onChange={(v) => change(annotation.stableId, v)}
              />
              <Show when={conflicts()[annotation.stableId]}>
                {(conflict) => (
                  <ConflictNotice
                    champ={annotation}
                    conflict={conflict()}
                    onKeepTheirs={() => {
                      setValues(annotation.stableId, conflict().value);
                      const { [annotation.stableId]: _, ...rest } = dirty;
                      dirty = rest;
                      settle(annotation.stableId, conflict().revision);
                      focusAnnotation(annotation.stableId);
                    }}
                    onPutMineBack={() => {
                      settle(annotation.stableId, conflict().revision);
                      dirty = { ...dirty, [annotation.stableId]: values[annotation.stableId] };
                      focusAnnotation(annotation.stableId);
                      void save();
                    }}
                  />
                )}
              </Show>
            </Show>
          )}
        </For>
        <div class="annotations-form__footer">
          <p
            class="autosave-status"
            classList={{ "autosave-status--failed": status().kind === "failed" }}
            role="status"
          >
            {(() => {
              const s = status();
              if (s.kind === "saving") return "Enregistrement…";
              if (s.kind === "saved") return `Annotations enregistrées à ${time.format(s.at)}.`;
              if (s.kind === "failed") return `Non enregistré : ${s.message}`;
              return "";
            })()}
          </p>
          <button type="submit" class="button button--secondary button--small">
            Enregistrer maintenant
          </button>
        </div>
      </form>
    </Show>
  );
}
