/**
 * « Dupliquer ce dossier »: a new brouillon starting from this dossier's answers (its
 * pièces jointes asked again), opened at once with a note saying where it comes from.
 */
import { createSignal, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { api, problemOf } from "../../api.ts";

export function DuplicateDossier(props: { readonly id: number }) {
  const navigate = useNavigate();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const duplicate = async () => {
    setBusy(true);
    setError(null);
    try {
      const copy = await api.usager.duplicate.mutate({ id: props.id });
      navigate(`/dossiers/${copy.id}`, {
        state: {
          prefill: `Ce brouillon reprend les réponses du dossier n° ${props.id}.` +
            (copy.filesLeft
              ? " Les pièces jointes ne sont pas reprises : joignez-les à nouveau."
              : "") +
            " Vérifiez-les avant de déposer.",
        },
      });
    } catch (e) {
      setError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="dossier-duplicate">
      <button type="button" class="button button--secondary" disabled={busy()} onClick={duplicate}>
        Dupliquer ce dossier
      </button>
      <p class="hint">Un nouveau brouillon reprend vos réponses, à vérifier avant de le déposer.</p>
      <Show when={error()}>
        <p class="field-error" role="alert">{error()}</p>
      </Show>
    </div>
  );
}
