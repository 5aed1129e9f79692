/**
 * The form editor of a démarche, for its champs or its annotations privées: the list of
 * champs to edit beside a live preview. Changes are saved with `saveForm` on « Enregistrer »
 * and automatically a moment after the last change; the problems the server finds come
 * back beside each champ. Stable ids are kept: the server compares revisions by them.
 * Leaving the editor by any link of the application saves first; what cannot be saved
 * (a champ to complete, a failure) is only left after the person confirms.
 *
 * Over 400 lines because the list operations, the save cycle and the layout share one store
 * and its signals; the cards, conditions and preview live in their own files.
 */
import { batch, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { createStore, produce, unwrap } from "solid-js/store";
import { type BeforeLeaveEventArgs, useBeforeLeave } from "@solidjs/router";
import type { ChampDescriptor, Form, FormIssue } from "../../../core/shared/form.ts";
import { api, problemOf } from "../../api.ts";
import { operatorsFor, summary } from "./_conditions.ts";
import { newStableId } from "./_ids.ts";
import { AddChamp, type TypeChoice } from "./add_champ.tsx";
import { ChampCard } from "./champ_card.tsx";
import { uiOf } from "./champ_field.tsx";
import { FormPreview } from "./form_preview.tsx";

export type Section = "champs" | "annotations";

/** What a champ card may ask of the editor. */
export interface EditorApi {
  isOpen(id: string): boolean;
  toggle(id: string): void;
  problemsOf(id: string): readonly string[];
  typeLabel(type: string): string;
  conditionSummary(champ: ChampDescriptor): string | null;
  update(id: string, parent: string | null, patch: Partial<ChampDescriptor>): void;
  move(id: string, parent: string | null, by: -1 | 1): void;
  duplicate(id: string, parent: string | null): void;
  remove(id: string, parent: string | null): void;
  setIncomplete(id: string, incomplete: boolean): void;
}

/** Options a new champ starts with, where the type's defaults need a nudge. */
const INITIAL_OPTIONS: Readonly<Record<string, Record<string, unknown>>> = {
  formatted: { mode: "simple" },
  header_section: { level: 1 },
};

const AUTOSAVE_MS = 2000;

type SaveState = "saved" | "dirty" | "saving" | "blocked" | "failed";

function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(unwrap(value)));
}

/** A copy with fresh stable ids (children too), placed right after the original. */
function duplicateOf(champ: ChampDescriptor): ChampDescriptor {
  const copy = copyOf(champ);
  return {
    ...copy,
    stableId: newStableId(),
    label: `${copy.label} (copie)`,
    children: copy.children?.map((c) => ({ ...c, stableId: newStableId() })),
  };
}

export function FormEditor(
  props: { demarcheId: number; section: Section; initial: Form; types: readonly TypeChoice[] },
) {
  const [form, setForm] = createStore<Form>(copyOf(props.initial));
  const [open, setOpen] = createSignal<ReadonlySet<string>>(new Set());
  const [issues, setIssues] = createSignal<readonly FormIssue[]>([]);
  const [incomplete, setIncompleteSet] = createSignal<ReadonlySet<string>>(new Set());
  const [state, setState] = createSignal<SaveState>("saved");
  const [failure, setFailure] = createSignal<string | null>(null);
  const [removed, setRemoved] = createSignal<
    { champ: ChampDescriptor; parent: string | null; index: number } | null
  >(null);
  const [checked, setChecked] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The save under way, if any: leaving waits for it. */
  let inFlight: Promise<void> | null = null;

  const list = () => form[props.section];
  const typeLabels = () => new Map(props.types.map((t) => [t.type, t.label]));
  const allChamps = (): ChampDescriptor[] =>
    [...form.champs, ...form.annotations].flatMap((c) => [c, ...(c.children ?? [])]);
  const findChamp = (id: string) => allChamps().find((c) => c.stableId === id);

  /** Problems found here before any save: they would make the save fail. */
  const localProblems = (champ: ChampDescriptor): string[] => [
    ...(champ.label.trim() === "" ? ["Indiquez le libellé du champ."] : []),
    ...(incomplete().has(champ.stableId)
      ? ["Une règle de la condition est incomplète : complétez-la ou retirez-la."]
      : []),
  ];
  const blockers = () => allChamps().filter((c) => localProblems(c).length > 0);
  const ownIssues = () => {
    const ids = new Set(
      list().flatMap((c) => [c.stableId, ...(c.children ?? []).map((k) => k.stableId)]),
    );
    return issues().filter((i) => ids.has(i.stableId));
  };

  const mutate = (parent: string | null, change: (champs: ChampDescriptor[]) => void) => {
    setForm(produce((f) => {
      const top = f[props.section];
      const target = parent === null ? top : top.find((c) => c.stableId === parent)?.children;
      if (target) change(target);
    }));
    changed();
  };

  const changed = () => {
    setState(blockers().length > 0 ? "blocked" : "dirty");
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (state() === "dirty") void save(false);
    }, AUTOSAVE_MS);
  };

  const save = (explicit: boolean): Promise<void> => {
    const run = saveNow(explicit).finally(() => {
      if (inFlight === run) inFlight = null;
    });
    inFlight = run;
    return run;
  };

  const saveNow = async (explicit: boolean) => {
    clearTimeout(timer);
    if (blockers().length > 0) {
      setState("blocked");
      if (explicit) {
        setFailure(
          "Rien n’est enregistré : complétez d’abord les champs signalés ci-dessous.",
        );
      }
      return;
    }
    setState("saving");
    setFailure(null);
    try {
      const result = await api.admin.demarches.saveForm.mutate({
        id: props.demarcheId,
        form: copyOf(form),
      });
      setIssues(result.issues);
      setChecked(true);
      // A change made while saving is still to save.
      setState((s) => (s === "saving" ? "saved" : s));
    } catch (error) {
      setState("failed");
      setFailure(problemOf(error).message);
    }
  };

  const focusLater = (id: string) =>
    queueMicrotask(() => requestAnimationFrame(() => document.getElementById(id)?.focus()));

  const add = (type: string, parent: string | null) => {
    const label = typeLabels().get(type) ?? type;
    const champ: ChampDescriptor = {
      stableId: newStableId(),
      type,
      label,
      description: "",
      mandatory: false,
      options: { ...(INITIAL_OPTIONS[type] ?? {}) },
      condition: null,
      ...(uiOf(type).container ? { children: [] } : {}),
    };
    mutate(parent, (champs) => void champs.push(champ));
    setOpen((s) => new Set([...s, champ.stableId]));
    focusLater(`champ-${champ.stableId}-libelle`);
  };

  const editor: EditorApi = {
    isOpen: (id) => open().has(id),
    toggle: (id) =>
      setOpen((s) => {
        const next = new Set(s);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    problemsOf: (id) => {
      const champ = findChamp(id);
      return [
        ...(champ ? localProblems(champ) : []),
        ...issues().filter((i) => i.stableId === id).map((i) => i.message),
      ];
    },
    typeLabel: (type) => typeLabels().get(type) ?? type,
    conditionSummary: (champ) =>
      summary(champ.condition, (id) => findChamp(id)?.label, (source, key) => {
        const c = findChamp(source);
        const ui = c && uiOf(c.type).condition;
        return c && ui ? operatorsFor(c, ui).find((o) => o.key === key)?.label : undefined;
      }),
    update: (id, parent, patch) =>
      mutate(parent, (champs) => {
        const champ = champs.find((c) => c.stableId === id);
        if (champ) Object.assign(champ, patch);
      }),
    move: (id, parent, by) => {
      mutate(parent, (champs) => {
        const i = champs.findIndex((c) => c.stableId === id);
        const j = i + by;
        if (i < 0 || j < 0 || j >= champs.length) return;
        const [champ] = champs.splice(i, 1);
        champs.splice(j, 0, champ);
      });
      // Focus follows the champ; at an end, the button left usable.
      const siblings = parent === null
        ? list()
        : list().find((c) => c.stableId === parent)?.children ?? [];
      const at = siblings.findIndex((c) => c.stableId === id);
      const edge = by < 0 ? at === 0 : at === siblings.length - 1;
      focusLater(`champ-${id}-${(by < 0) !== edge ? "monter" : "descendre"}`);
    },
    duplicate: (id, parent) => {
      let copy: ChampDescriptor | undefined;
      mutate(parent, (champs) => {
        const i = champs.findIndex((c) => c.stableId === id);
        if (i < 0) return;
        copy = duplicateOf(champs[i]);
        champs.splice(i + 1, 0, copy);
      });
      if (copy) focusLater(`champ-${copy.stableId}-modifier`);
    },
    remove: (id, parent) => {
      mutate(parent, (champs) => {
        const index = champs.findIndex((c) => c.stableId === id);
        if (index < 0) return;
        setRemoved({ champ: copyOf(champs[index]), parent, index });
        champs.splice(index, 1);
      });
      editor.setIncomplete(id, false);
      focusLater("annuler-suppression");
    },
    setIncomplete: (id, flag) => {
      setIncompleteSet((s) => {
        if (s.has(id) === flag) return s;
        const next = new Set(s);
        if (flag) next.add(id);
        else next.delete(id);
        return next;
      });
      if (state() !== "saving") setState(blockers().length > 0 ? "blocked" : "dirty");
    },
  };

  const undo = () => {
    const r = removed();
    if (!r) return;
    batch(() => {
      mutate(r.parent, (champs) => void champs.splice(r.index, 0, r.champ));
      setRemoved(null);
    });
    focusLater(`champ-${r.champ.stableId}-modifier`);
  };

  // Leaving with unsaved changes: the browser asks first (reload, closing the tab).
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (state() !== "saved") e.preventDefault();
  };
  // Leaving by a link of the application: the changes are saved first, then the navigation
  // goes on; what cannot be saved is left only if the person says so.
  let leaving = false;
  useBeforeLeave((e: BeforeLeaveEventArgs) => {
    if (e.defaultPrevented || leaving || (state() === "saved" && !inFlight)) return;
    e.preventDefault();
    leaving = true;
    void (async () => {
      try {
        if (inFlight) await inFlight;
        if (state() === "dirty" || state() === "failed") await save(false);
        if (state() === "saved") return e.retry(true);
        const question = state() === "blocked"
          ? "Des champs sont à compléter : vos dernières modifications ne sont pas enregistrées. Quitter quand même et les perdre ?"
          : "L’enregistrement a échoué : vos dernières modifications ne sont pas enregistrées. Quitter quand même et les perdre ?";
        if (globalThis.confirm(question)) e.retry(true);
      } finally {
        leaving = false;
      }
    })();
  });
  onMount(() => {
    globalThis.addEventListener("beforeunload", beforeUnload);
    // The server's findings on the form as stored, without waiting for a change.
    void save(false);
  });
  onCleanup(() => {
    clearTimeout(timer);
    globalThis.removeEventListener("beforeunload", beforeUnload);
  });

  const ChampList = (p: { parent: ChampDescriptor | null; before: ChampDescriptor[] }) => {
    const champs = () => p.parent ? p.parent.children ?? [] : list();
    const parentId = () => p.parent?.stableId ?? null;
    const types = () => p.parent ? props.types.filter((t) => !uiOf(t.type).container) : props.types;
    return (
      <>
        <Show when={champs().length > 0}>
          <ol class="champ-list" classList={{ "champ-list--nested": !!p.parent }}>
            <For each={champs()}>
              {(champ, i) => (
                <ChampCard
                  champ={champ}
                  index={i()}
                  count={champs().length}
                  parent={parentId()}
                  before={[...p.before, ...champs().slice(0, i())]}
                  editor={editor}
                  nested={uiOf(champ.type).container && !p.parent
                    ? (
                      <ChampList
                        parent={champ}
                        before={[...p.before, ...champs().slice(0, i())]}
                      />
                    )
                    : undefined}
                />
              )}
            </For>
          </ol>
        </Show>
        <AddChamp
          id={p.parent ? `ajout-${p.parent.stableId}` : "ajout-champ"}
          types={types()}
          label={p.parent ? "Ajouter au bloc" : "Ajouter le champ"}
          onAdd={(type) => add(type, parentId())}
        />
      </>
    );
  };

  const STATUS: Record<SaveState, string> = {
    saved: "Toutes les modifications sont enregistrées.",
    dirty: "Modifications non enregistrées.",
    saving: "Enregistrement…",
    blocked: "Modifications non enregistrées : des champs sont à compléter.",
    failed: "L’enregistrement a échoué.",
  };

  return (
    <div class="editor">
      <div class="editor__bar">
        <p
          class="editor__status"
          classList={{ [`editor__status--${state()}`]: true }}
          role="status"
        >
          {STATUS[state()]}
        </p>
        <button
          type="button"
          class="button"
          disabled={state() === "saving"}
          onClick={() => save(true)}
        >
          Enregistrer
        </button>
      </div>
      <Show when={failure()}>
        <div class="notice notice--error" role="alert">{failure()}</div>
      </Show>
      <Show when={checked() && state() === "saved"}>
        <Show
          when={ownIssues().length > 0}
          fallback={
            <p class="notice notice--success editor__verdict">
              {list().length === 0
                ? "Le formulaire est vide."
                : "Aucun problème : le formulaire est prêt pour la publication."}
            </p>
          }
        >
          <div class="notice notice--error editor__verdict">
            <h2 class="editor__verdict-title">
              {ownIssues().length} problème{ownIssues().length > 1 ? "s" : ""}{" "}
              à corriger avant publication
            </h2>
            <ul>
              <For each={ownIssues()}>
                {(i) => (
                  <li>
                    <a href={`#champ-${i.stableId}`}>{i.label}</a> : {i.message}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
      </Show>
      <Show when={removed()}>
        {(r) => (
          <div class="notice editor__undo">
            <span>Le champ « {r().champ.label} » est supprimé.</span>
            <button
              type="button"
              id="annuler-suppression"
              class="button button--secondary button--small"
              onClick={undo}
            >
              Annuler la suppression
            </button>
          </div>
        )}
      </Show>
      <div class="editor__columns">
        <section class="editor__champs" aria-labelledby="editor-champs-titre">
          <h2 id="editor-champs-titre">
            {props.section === "champs" ? "Champs du formulaire" : "Annotations privées"}
          </h2>
          <Show when={list().length === 0}>
            <p class="hint">
              {props.section === "champs"
                ? "Aucun champ pour l’instant : choisissez un type puis « Ajouter le champ »."
                : "Aucune annotation : les instructeurs les remplissent, l’usager ne les voit pas."}
            </p>
          </Show>
          <ChampList
            parent={null}
            before={props.section === "annotations" ? form.champs : []}
          />
        </section>
        <section class="editor__preview" aria-labelledby="editor-apercu-titre">
          <h2 id="editor-apercu-titre">Aperçu</h2>
          <p class="hint">
            {props.section === "champs"
              ? "Le formulaire tel que l’usager le verra. Essayez-le : les conditions s’appliquent."
              : "Les annotations telles que les instructeurs les verront."}
          </p>
          <div class="editor__preview-frame">
            <FormPreview
              champs={list()}
              idPrefix="apercu"
              empty="Ajoutez un champ pour le voir ici."
            />
          </div>
        </section>
      </div>
    </div>
  );
}
