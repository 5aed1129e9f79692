/** « Changer de groupe »: moves the dossier to another groupe of its démarche. */
import { createResource, createSignal, For, Show } from "solid-js";
import { api, problemOf } from "../../api.ts";

export function GroupeChanger(props: {
  dossierId: number;
  /** The groupe the dossier is in: not offered as a destination. */
  currentGroupeId: number | null;
  onDone: (text: string) => void;
  onError: (text: string) => void;
}) {
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [groupes] = createResource(
    () => open() && props.dossierId,
    (id) => api.instruction.groupes.query({ id }),
  );

  const move = async (event: SubmitEvent) => {
    event.preventDefault();
    const groupeId = Number(new FormData(event.currentTarget as HTMLFormElement).get("groupe"));
    const label = groupes()?.find((g) => g.id === groupeId)?.label ?? "";
    setBusy(true);
    try {
      await api.instruction.reassign.mutate({ id: props.dossierId, groupeId });
      setOpen(false);
      props.onDone(`Le dossier est passé au groupe « ${label} ».`);
    } catch (e) {
      props.onError(problemOf(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="groupe-changer">
      <button
        type="button"
        class="button button--secondary"
        aria-expanded={open()}
        aria-controls="changer-groupe"
        onClick={() => setOpen(!open())}
      >
        Changer de groupe
      </button>
      <Show when={open()}>
        <form id="changer-groupe" class="groupe-changer__form" onSubmit={move}>
          <Show when={groupes()} fallback={<p class="loading">Chargement…</p>}>
            {(list) => (
              <Show
                when={list().length > 1}
                fallback={<p class="hint">Cette démarche n’a qu’un groupe d’instructeurs.</p>}
              >
                <div class="field">
                  <label for="groupe-cible">Nouveau groupe</label>
                  <p class="hint" id="groupe-cible-aide">
                    Les instructeurs de l’ancien groupe n’y ont plus accès.
                  </p>
                  <select id="groupe-cible" name="groupe" aria-describedby="groupe-cible-aide">
                    <For each={list().filter((g) => g.id !== props.currentGroupeId)}>
                      {(g) => <option value={g.id}>{g.label}</option>}
                    </For>
                  </select>
                </div>
                <button type="submit" class="button" disabled={busy()}>
                  Déplacer le dossier
                </button>
              </Show>
            )}
          </Show>
        </form>
      </Show>
    </div>
  );
}
