/**
 * Next to a champ someone else changed while this person edited it: who changed it, the value
 * now saved, and the choice — keep theirs, or put one's own back (saved over theirs). Either
 * way the focus goes back to the champ.
 */
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import type { ShownConflict } from "./autosave.ts";
import { ChampValue } from "./dossier_view.tsx";

function who(conflict: ShownConflict): string {
  if (conflict.byYou) return "depuis un autre onglet ou appareil";
  return conflict.by ? `par ${conflict.by}` : "par une autre personne";
}

export function ConflictNotice(props: {
  readonly champ: ChampDescriptor;
  readonly conflict: ShownConflict;
  onKeepTheirs(): void;
  onPutMineBack(): void;
}) {
  const id = () => `conflit-${props.champ.stableId}`;
  return (
    <div class="notice notice--error conflict-notice" role="alert" id={id()}>
      <p>
        <strong>
          Ce champ a été modifié {who(props.conflict)} pendant que vous l’éditiez
        </strong>{" "}
        : votre saisie n’a pas été enregistrée.
      </p>
      <p class="conflict-notice__value">
        Valeur enregistrée : <ChampValue champ={props.champ} value={props.conflict.value} />
      </p>
      <div class="conflict-notice__actions">
        <button
          type="button"
          class="button button--secondary button--small"
          onClick={() => props.onKeepTheirs()}
        >
          Garder cette valeur
          <span class="visually-hidden">{` pour « ${props.champ.label} »`}</span>
        </button>
        <button
          type="button"
          class="button button--small"
          onClick={() => props.onPutMineBack()}
        >
          Remettre ma saisie
          <span class="visually-hidden">{` pour « ${props.champ.label} »`}</span>
        </button>
      </div>
    </div>
  );
}
