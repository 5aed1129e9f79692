/** Adds a champ: its type chosen among the démarche's types, grouped by French category. */
import { createSignal, For } from "solid-js";

export interface TypeChoice {
  readonly type: string;
  readonly label: string;
  readonly category: string;
}

const CATEGORIES: readonly [string, string][] = [
  ["standard", "Champs courants"],
  ["choix", "Choix"],
  ["etat_civil", "État civil"],
  ["localisation", "Localisation"],
  ["pieces_jointes", "Pièces jointes"],
  ["paiement_identification", "Paiement et identification"],
  ["structure", "Structure du formulaire"],
];

/** Types by category, known categories first in a sensible order, others after. */
export function grouped(types: readonly TypeChoice[]): [string, TypeChoice[]][] {
  const known = new Map(CATEGORIES);
  const order = [...CATEGORIES.map(([c]) => c), ...types.map((t) => t.category)];
  return [...new Set(order)]
    .map((c): [string, TypeChoice[]] => [known.get(c) ?? c, types.filter((t) => t.category === c)])
    .filter(([, list]) => list.length > 0);
}

export function AddChamp(
  props: {
    id: string;
    types: readonly TypeChoice[];
    /** « Ajouter un champ » or « Ajouter un champ au bloc « Enfants » ». */
    label: string;
    onAdd(type: string): void;
  },
) {
  const [type, setType] = createSignal("text");
  return (
    <div class="add-champ">
      <div class="field field--compact">
        <label for={props.id}>Type du champ à ajouter</label>
        <select id={props.id} onChange={(e) => setType(e.currentTarget.value)}>
          <For each={grouped(props.types)}>
            {([category, list]) => (
              <optgroup label={category}>
                <For each={list}>
                  {(t) => <option value={t.type} selected={t.type === type()}>{t.label}</option>}
                </For>
              </optgroup>
            )}
          </For>
        </select>
      </div>
      <button
        type="button"
        class="button button--secondary"
        onClick={() =>
          props.onAdd(props.types.some((t) => t.type === type()) ? type() : props.types[0].type)}
      >
        {props.label}
      </button>
    </div>
  );
}
