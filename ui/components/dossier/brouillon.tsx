/**
 * Filling a brouillon: the form saved as the person types (with its status), a table of
 * contents from the section titles, and « Déposer le dossier », which lists every problem
 * at once in a summary at the top, each linked to its champ. The same form edits the
 * working copy of a deposited dossier (`submit` deposits the modifications) and serves an
 * invité, who fills without depositing (no `submit`, no `onDeleted`, some champs `readOnly`).
 */
import { createMemo, createSignal, For, type JSX, Show } from "solid-js";
import { api, fileVerification, type Problem, problemOf, uploadFile } from "../../api.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { visibleChamps } from "../../../core/shared/visibility.ts";
import { FormAlert } from "../form_alert.tsx";
import { createAutosave, type SaveStatus } from "./autosave.ts";
import { DossierForm, focusChamp, sectionAnchor } from "./dossier_form.tsx";
import { ConflictNotice } from "./conflict_notice.tsx";
import { ErrorSummary } from "./error_summary.tsx";
import { FileUploadContext } from "./file_upload.ts";

type Values = Record<string, unknown>;

export interface BrouillonData {
  readonly id: number;
  readonly champs: readonly ChampDescriptor[];
  readonly values: Values;
  /** Per champ, the revision of its value as read: the base of the person's edits. */
  readonly revisions?: Readonly<Record<string, number>>;
  /** The provider (« FranceConnect ») whose verified identity fills locked champs. */
  readonly identite?:
    | { readonly fournisseur: string | null; readonly champs: readonly string[] }
    | null;
}

const time = new Intl.DateTimeFormat("fr-FR", {
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Paris",
});

function statusText(s: SaveStatus): string {
  switch (s.kind) {
    case "idle":
      return "Vos saisies sont enregistrées automatiquement.";
    case "saving":
      return "Enregistrement…";
    case "saved":
      return `Enregistré à ${time.format(s.at).replace(":", " h ")}`;
    case "offline":
      return "Hors ligne : vos saisies seront enregistrées dès le retour de la connexion.";
    case "error":
      return `Vos saisies n’ont pas pu être enregistrées : ${s.message}`;
  }
}

/** The status while champs others changed wait for the person's choice. */
function conflictText(n: number): string {
  return n > 1
    ? `${n} champs n’ont pas été enregistrés : d’autres saisies les ont modifiés pendant que vous les éditiez. Choisissez, à côté de chacun, la valeur à garder.`
    : "Un champ n’a pas été enregistré : une autre saisie l’a modifié pendant que vous l’éditiez. Choisissez, à côté de lui, la valeur à garder.";
}

/** What the form's main button does: deposit the dossier, or its modifications. */
export interface BrouillonSubmit {
  /** « Déposer le dossier », « Déposer les modifications ». */
  readonly label: string;
  /** What the error summary says cannot be deposited: « le dossier », « les modifications ». */
  readonly what: string;
  run(): Promise<unknown>;
}

export interface BrouillonProps {
  readonly dossier: BrouillonData;
  /** Absent for an invité: only the owner deposits. */
  readonly submit?: BrouillonSubmit;
  /** Absent: no « Supprimer le brouillon ». */
  onDeleted?(): void;
  /** Champs shown but not editable. */
  readonly readOnly?: readonly string[];
  /** Under the buttons, what happens next (default: the brouillon's). */
  readonly hint?: JSX.Element;
  /** Next to the buttons (« Fermer sans déposer »…). */
  readonly actions?: JSX.Element;
}

export function Brouillon(props: BrouillonProps) {
  const autosave = createAutosave(props.dossier.id, { revisions: props.dossier.revisions });
  const [values, setValues] = createSignal<Values>({
    ...props.dossier.values,
    ...autosave.restored,
  });
  const [depositErrors, setDepositErrors] = createSignal<Record<string, string>>({});
  const [summarySeq, setSummarySeq] = createSignal(0);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);
  const [confirmDelete, setConfirmDelete] = createSignal(false);

  const change = (key: string, value: unknown) => {
    setValues({ ...values(), [key]: value });
    // A champ the person touches leaves the deposit's list; its own check comes back.
    const left = Object.entries(depositErrors()).filter(([k]) =>
      k !== key && !k.startsWith(`${key}.`)
    );
    if (left.length !== Object.keys(depositErrors()).length) {
      setDepositErrors(Object.fromEntries(left));
    }
    autosave.change(key, value);
  };
  const error = (key: string) => depositErrors()[key] ?? autosave.errors()[key];
  const conflictCount = () => Object.keys(autosave.conflicts()).length;
  const notice = (champ: ChampDescriptor) => (
    <Show when={autosave.conflicts()[champ.stableId]}>
      {(conflict) => (
        <ConflictNotice
          champ={champ}
          conflict={conflict()}
          onKeepTheirs={() => {
            const theirs = autosave.keepTheirs(champ.stableId);
            setValues({ ...values(), [champ.stableId]: theirs });
            focusChamp(champ.stableId);
          }}
          onPutMineBack={() => {
            autosave.putMineBack(champ.stableId, values()[champ.stableId] ?? null);
            focusChamp(champ.stableId);
          }}
        />
      )}
    </Show>
  );

  const sections = createMemo(() => {
    const shown = visibleChamps(props.dossier.champs, values());
    return props.dossier.champs.filter((c) =>
      c.type === "header_section" && shown.has(c.stableId) &&
      (c.options?.level ?? 1) === 1
    );
  });

  async function deposer() {
    const submit = props.submit;
    if (pending() || !submit) return;
    setPending(true);
    setProblem(null);
    try {
      if (conflictCount() > 0) {
        setProblem({
          message:
            "D’autres saisies ont modifié des champs pendant que vous les éditiez : pour chacun, gardez la valeur enregistrée ou remettez votre saisie, puis déposez à nouveau.",
          fields: {},
        });
        return;
      }
      if (!(await autosave.flush())) {
        setProblem({
          message:
            "Vos dernières saisies ne sont pas encore enregistrées : vérifiez votre connexion, puis déposez à nouveau.",
          fields: {},
        });
        return;
      }
      await submit.run();
    } catch (e) {
      const p = problemOf(e);
      if (Object.keys(p.fields).length > 0) {
        setDepositErrors({ ...p.fields });
        setSummarySeq(summarySeq() + 1);
      } else setProblem(p);
    } finally {
      setPending(false);
    }
  }

  async function remove() {
    try {
      await api.usager.delete.mutate({ id: props.dossier.id });
      props.onDeleted?.();
    } catch (e) {
      setProblem(problemOf(e));
    }
  }

  const readOnly = createMemo(() => new Set(props.readOnly ?? []));
  const summaryItems = () =>
    Object.entries(depositErrors()).map(([key, message]) => ({ key, message }));
  const count = () => summaryItems().length;

  return (
    <FileUploadContext.Provider
      value={{
        upload: (file, onProgress, champ) =>
          uploadFile(file, onProgress, champ ? { dossier: props.dossier.id, champ } : undefined),
        verification: fileVerification,
      }}
    >
      <div class="brouillon-layout" classList={{ "brouillon-layout--toc": sections().length > 1 }}>
        <Show when={sections().length > 1}>
          <nav class="brouillon-toc" aria-label="Sommaire du formulaire">
            <p class="brouillon-toc__title" aria-hidden="true">Sommaire</p>
            <ol>
              <For each={sections()}>
                {(s) => (
                  <li>
                    <a
                      href={`#${sectionAnchor(s.stableId)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        const target = document.getElementById(sectionAnchor(s.stableId));
                        target?.scrollIntoView({ block: "start" });
                        target?.focus({ preventScroll: true });
                      }}
                    >
                      {s.label}
                    </a>
                  </li>
                )}
              </For>
            </ol>
          </nav>
        </Show>
        <form
          class="brouillon-main"
          novalidate
          onSubmit={(e) => {
            e.preventDefault();
            void deposer();
          }}
        >
          <ErrorSummary
            title={count() > 1
              ? `${count()} champs sont à corriger avant de déposer ${props.submit?.what}`
              : `Un champ est à corriger avant de déposer ${props.submit?.what}`}
            items={summaryItems()}
            seq={summarySeq()}
          />
          <FormAlert problem={problem()} />
          <p class="hint">
            Tous les champs sont obligatoires, sauf ceux marqués « (facultatif) ».
          </p>
          <DossierForm
            champs={props.dossier.champs}
            values={values()}
            error={error}
            onChange={change}
            readOnly={readOnly()}
            readOnlyNote={(id) => {
              const identite = props.dossier.identite;
              return identite?.fournisseur && identite.champs.includes(id)
                ? `Fournie par ${identite.fournisseur}`
                : undefined;
            }}
            notice={notice}
          />
          <div class="dossier-actions">
            <p
              class="brouillon-autosave"
              classList={{
                "brouillon-autosave--offline": autosave.status().kind === "offline" ||
                  autosave.status().kind === "error" || conflictCount() > 0,
              }}
              role="status"
            >
              {conflictCount() > 0 ? conflictText(conflictCount()) : statusText(autosave.status())}
            </p>
            <div
              class="form__actions"
              hidden={!props.submit && !props.actions && !props.onDeleted}
            >
              <Show when={props.submit}>
                {(submit) => (
                  <button type="submit" class="button" disabled={pending()}>
                    {submit().label}
                  </button>
                )}
              </Show>
              {props.actions}
              <Show when={props.onDeleted}>
                <Show
                  when={confirmDelete()}
                  fallback={
                    <button
                      type="button"
                      class="button button--secondary"
                      onClick={() => setConfirmDelete(true)}
                    >
                      Supprimer le brouillon
                    </button>
                  }
                >
                  <span class="confirm-inline" role="group" aria-label="Supprimer le brouillon ?">
                    <button type="button" class="button button--danger" onClick={remove}>
                      Confirmer la suppression
                    </button>
                    <button
                      type="button"
                      class="button button--secondary"
                      onClick={() => setConfirmDelete(false)}
                    >
                      Annuler
                    </button>
                  </span>
                </Show>
              </Show>
            </div>
            <Show
              when={props.hint}
              fallback={
                <p class="hint">
                  Une fois déposé, le dossier est transmis à l’administration : vous pourrez le
                  suivre depuis « Mes dossiers ».
                </p>
              }
            >
              {props.hint}
            </Show>
          </div>
        </form>
      </div>
    </FileUploadContext.Provider>
  );
}
