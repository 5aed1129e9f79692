/**
 * The notice of a dossier's coming deletion, on its usager's and its instructeurs' pages:
 * the date, and « Conserver le dossier » once the usager was told (or in its last month).
 * Shown only when the deletion is near or the dossier is a brouillon in the bin.
 */
import { createSignal, Show } from "solid-js";
import { type Problem, problemOf } from "../../api.ts";
import { FormAlert } from "../form_alert.tsx";
import { formatDate } from "../../format.ts";

/** What the dossier queries return (core/conservation/model.ts `ConservationView`). */
export interface Conservation {
  readonly deletionAt: string | null;
  readonly reason: "expire" | "corbeille" | null;
  readonly noticeSentAt: string | null;
  readonly canConserve: boolean;
}

export function ConservationNotice(props: {
  readonly conservation: Conservation | null;
  /** Whose page: the usager reads « votre dossier ». */
  readonly who: "usager" | "instructeur";
  readonly conserve: () => Promise<Conservation>;
  readonly onConserved?: () => void;
}) {
  const [kept, setKept] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const c = () => props.conservation;
  const near = () =>
    c()?.deletionAt && (c()!.reason === "corbeille" || c()!.noticeSentAt || c()!.canConserve);
  const conserve = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await props.conserve();
      setKept(next.deletionAt);
      props.onConserved?.();
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Show when={kept()}>
        {(date) => (
          <p class="notice notice--success" role="status">
            Le dossier est conservé : il ne sera pas supprimé avant le {formatDate(date())}.
          </p>
        )}
      </Show>
      <Show when={!kept() && near() ? c() : null}>
        {(v) => (
          <div class="notice notice--test conservation" role="note">
            <Show
              when={v().reason === "corbeille"}
              fallback={
                <>
                  <p>
                    <strong>
                      {props.who === "usager" ? "Votre dossier" : "Ce dossier"} sera supprimé le
                      {" "}
                      {formatDate(v().deletionAt)}
                    </strong>, au terme de sa durée de conservation, avec ses pièces jointes et ses
                    messages.
                    <Show when={v().noticeSentAt}>
                      {" "}
                      L’usager en a été prévenu par e-mail le {formatDate(v().noticeSentAt)}.
                    </Show>
                  </p>
                  <Show when={v().canConserve}>
                    <p class="conservation__action">
                      <button
                        type="button"
                        class="button button--secondary button--small"
                        disabled={busy()}
                        onClick={conserve}
                      >
                        Conserver le dossier
                      </button>
                    </p>
                  </Show>
                </>
              }
            >
              <p>
                <strong>
                  Ce brouillon sera supprimé définitivement le {formatDate(v().deletionAt)}
                </strong>. Restaurez-le d’ici là pour le garder.
              </p>
            </Show>
          </div>
        )}
      </Show>
      <FormAlert problem={problem()} />
    </>
  );
}
