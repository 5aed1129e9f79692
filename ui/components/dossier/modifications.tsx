/**
 * Modifying a deposited dossier: the same form and autosave on the working copy, which the
 * administration does not see until « Déposer les modifications »; then the list of what
 * changed. A pending demande de correction is shown above everything, with its reason.
 */
import { For, Show } from "solid-js";
import { api } from "../../api.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";
import { formatDateTime } from "../../format.ts";
import { Brouillon, type BrouillonData } from "./brouillon.tsx";

export interface Correction {
  readonly label: string;
  readonly body: string;
  readonly askedAt: string;
}

/** The demande de correction the usager has to answer, at the top of the dossier. */
export function CorrectionRequest(
  props: { correction: Correction; onModify?: () => void },
) {
  return (
    <section class="correction-request" aria-labelledby="correction-titre">
      <h2 id="correction-titre">L’administration vous demande de corriger votre dossier</h2>
      <p class="correction-request__reason">
        <strong>Motif :</strong> {props.correction.label}
      </p>
      <blockquote class="correction-request__body pre-line">{props.correction.body}</blockquote>
      <p class="hint">Demandée le {formatDateTime(props.correction.askedAt)}.</p>
      <p>
        Modifiez le dossier puis déposez vos modifications : la demande sera alors résolue.
      </p>
      <Show when={props.onModify}>
        {(modify) => (
          <button type="button" class="button" onClick={() => modify()()}>
            Modifier le dossier
          </button>
        )}
      </Show>
    </section>
  );
}

/** The form on the working copy, with the notice that the administration does not see it. */
export function Modifications(
  props: {
    dossier: BrouillonData;
    readOnly?: readonly string[];
    /** Only the owner deposits; an invité's changes wait for them. */
    owner: boolean;
    onDeposited(changed: readonly string[]): void;
    onClose(): void;
  },
) {
  let box!: HTMLDivElement;
  queueMicrotask(() => box?.focus());
  return (
    <section class="dossier-section" aria-labelledby="modifier-titre">
      <h2 id="modifier-titre">Modifier le dossier</h2>
      <div ref={box} class="notice notice--test modifications-notice" tabIndex={-1}>
        <strong>
          Vos modifications ne sont visibles par l’administration qu’une fois déposées.
        </strong>{" "}
        {props.owner
          ? "Elles sont enregistrées au fur et à mesure : vous pouvez fermer le formulaire et revenir les déposer plus tard."
          : "Elles sont enregistrées au fur et à mesure ; le titulaire du dossier les déposera."}
      </div>
      <Brouillon
        dossier={props.dossier}
        readOnly={props.readOnly}
        submit={props.owner
          ? {
            label: "Déposer les modifications",
            what: "les modifications",
            run: async () => {
              const r = await api.usager.deposerModifications.mutate({ id: props.dossier.id });
              props.onDeposited(r.changed);
            },
          }
          : undefined}
        actions={
          <>
            <button
              type="button"
              class="button button--secondary"
              onClick={() => props.onClose()}
            >
              Fermer le formulaire
            </button>
            <Show when={props.owner}>
              <button
                type="button"
                class="button button--secondary"
                onClick={async () => {
                  // Nothing pending is fine too: the form simply closes.
                  await api.usager.discardModifications.mutate({ id: props.dossier.id })
                    .catch(() => {});
                  props.onClose();
                }}
              >
                Abandonner les modifications
              </button>
            </Show>
          </>
        }
        hint={
          <p class="hint">
            Tant qu’elles ne sont pas déposées, l’administration lit le dossier tel que vous l’avez
            déposé.
          </p>
        }
      />
    </section>
  );
}

/** What the last « Déposer les modifications » changed, champ by champ. */
export function ModificationsDeposited(
  props: { changed: readonly string[]; champs: readonly ChampDescriptor[]; resolved: boolean },
) {
  let box!: HTMLDivElement;
  queueMicrotask(() => box?.focus());
  const labels = () =>
    props.changed.map((id) => props.champs.find((c) => c.stableId === id)?.label ?? id);
  return (
    <div ref={box} class="deposited" role="status" tabIndex={-1}>
      <h2>Vos modifications sont déposées</h2>
      <Show
        when={labels().length > 0}
        fallback={<p>Aucun champ n’a changé par rapport au dossier déposé.</p>}
      >
        <p>L’administration voit désormais les champs modifiés :</p>
        <ul>
          <For each={labels()}>{(label) => <li>{label}</li>}</For>
        </ul>
      </Show>
      <Show when={props.resolved}>
        <p>
          <strong>La demande de correction est résolue.</strong>
        </p>
      </Show>
    </div>
  );
}
