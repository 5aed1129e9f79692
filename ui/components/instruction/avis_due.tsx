/**
 * The answer date of an avis in the instructeur's avis panel: the optional field of the
 * request form, the date with « En retard » and the automatic reminders on each avis, and the
 * small form changing the date of an avis still awaited.
 */
import { createSignal, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";
import { formatDateTime, formatDay } from "../../format.ts";

export { formatDay };

/** The optional « Réponse attendue avant le » field of the request form. */
export function AvisDueField(props: { error?: string }) {
  return (
    <div class="field" classList={{ "field--error": !!props.error }}>
      <label for="avis-due-on">Réponse attendue avant le (facultatif)</label>
      <p class="hint" id="avis-due-on-aide">
        L’expert est relancé automatiquement 3 jours avant cette date, puis le lendemain si elle est
        dépassée.
      </p>
      <Show when={props.error}>
        <p class="field-error" id="avis-dueOn-erreur">{props.error}</p>
      </Show>
      <input
        id="avis-due-on"
        name="dueOn"
        type="date"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? "avis-due-on-aide avis-dueOn-erreur" : "avis-due-on-aide"}
      />
    </div>
  );
}

interface DueAvis {
  id: number;
  expert: string;
  dueOn: string | null;
  late: boolean;
  autoRemindedAt: string | null;
}

/** The date of an avis, « En retard » past it, and the last automatic reminder. */
export function AvisDueInfo(props: { avis: DueAvis }) {
  return (
    <>
      <Show when={props.avis.dueOn}>
        {(day) => (
          <p class="aside avis-item__due">
            Réponse attendue avant le {formatDay(day())}
            <Show when={props.avis.late}>
              {" "}
              <span class="badge avis-status--late">En retard</span>
            </Show>
          </p>
        )}
      </Show>
      <Show when={props.avis.autoRemindedAt}>
        {(at) => <p class="aside">Relancé automatiquement le {formatDateTime(at())}</p>}
      </Show>
    </>
  );
}

/** Changes the date of an avis still awaited; an empty date removes it. */
export function ChangeAvisDue(
  props: { avis: DueAvis; onDone: (text: string, error?: boolean) => Promise<void> },
) {
  const [busy, setBusy] = createSignal(false);
  const inputId = () => `avis-${props.avis.id}-date`;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = (new FormData(event.currentTarget as HTMLFormElement).get("dueOn") as string) ??
      "";
    setBusy(true);
    try {
      await api.instruction.avis.setDueOn.mutate({ avisId: props.avis.id, dueOn: value || null });
      await props.onDone(
        value
          ? `La réponse de ${props.avis.expert} est attendue avant le ${formatDay(value)}.`
          : `La demande faite à ${props.avis.expert} n’a plus de date.`,
      );
    } catch (e) {
      await props.onDone(problemOf(e).message, true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="avis-due-form" onSubmit={submit} novalidate>
      <label for={inputId()}>Date de réponse</label>
      <input id={inputId()} name="dueOn" type="date" value={props.avis.dueOn ?? ""} />
      <button
        type="submit"
        class="button button--secondary button--small"
        disabled={busy()}
        aria-label={`Changer la date de réponse de ${props.avis.expert}`}
      >
        Changer la date
      </button>
    </form>
  );
}
