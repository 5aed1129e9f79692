/**
 * The routing rule of a groupe instructeur, as one sentence: "Les dossiers dont [champ]
 * [est / n’est pas] [valeur] vont à ce groupe". The champs offered are those routing
 * accepts: choice lists (their options), and territory champs — by département or région
 * for communes and EPCI, directly for départements and régions (values as codes).
 */
import { createMemo, createSignal, Show } from "solid-js";
import { A } from "@solidjs/router";
import { api, problemOf } from "../../api.ts";
import { Field } from "../field.tsx";
import { FormAlert } from "../form_alert.tsx";
import { useForm } from "../use_form.ts";
import { type Option, SelectField } from "./choice_fields.tsx";
import type { Demarche } from "./demarche_frame.tsx";

type Groupe = Awaited<ReturnType<typeof api.admin.demarches.groupes.list.query>>[number];
type Rule = NonNullable<Groupe["rule"]>;

/** A champ (or a part of one) a rule can read. */
export interface RuleSource {
  readonly ref: string;
  readonly label: string;
  /** Known values; none means a code typed by hand. */
  readonly choices: readonly string[] | null;
  readonly multiple: boolean;
  readonly codeHint?: string;
}

const DEPARTEMENT_HINT = "Le code du département, par exemple 29 pour le Finistère ou 2A.";
const REGION_HINT = "Le code de la région, par exemple 53 pour la Bretagne.";

/** Every source of the draft form, in form order. */
export function ruleSources(form: Demarche["form"]): RuleSource[] {
  return form.champs.flatMap((c): RuleSource[] => {
    const choices = (c.options as { choices?: unknown }).choices;
    switch (c.type) {
      case "drop_down_list":
      case "multiple_drop_down_list":
        return [{
          ref: c.stableId,
          label: c.label,
          choices: Array.isArray(choices) ? choices.map(String) : [],
          multiple: c.type === "multiple_drop_down_list",
        }];
      case "communes":
      case "epci":
        return [
          {
            ref: `${c.stableId}.departement`,
            label: `${c.label} (département)`,
            choices: null,
            multiple: false,
            codeHint: DEPARTEMENT_HINT,
          },
          {
            ref: `${c.stableId}.region`,
            label: `${c.label} (région)`,
            choices: null,
            multiple: false,
            codeHint: REGION_HINT,
          },
        ];
      case "departements":
        return [{
          ref: c.stableId,
          label: c.label,
          choices: null,
          multiple: false,
          codeHint: DEPARTEMENT_HINT,
        }];
      case "regions":
        return [{
          ref: c.stableId,
          label: c.label,
          choices: null,
          multiple: false,
          codeHint: REGION_HINT,
        }];
      default:
        return [];
    }
  });
}

const OPS: Readonly<Record<string, string>> = {
  eq: "est",
  neq: "n’est pas",
  includes: "contient",
};

/** The rule as a sentence, or null when it is not a simple comparison this editor writes. */
export function describeRule(rule: Rule, sources: readonly RuleSource[]): string | null {
  if (!("champ" in rule) || !("value" in rule) || !OPS[rule.op]) return null;
  const source = sources.find((s) => s.ref === rule.champ);
  const label = source?.label ?? rule.champ;
  return `Les dossiers dont « ${label} » ${OPS[rule.op]} « ${rule.value} » vont à ce groupe.`;
}

export function RuleEditor(props: {
  demarche: Demarche;
  groupe: Groupe;
  onSaved: (message: string) => Promise<unknown>;
}) {
  const sources = createMemo(() => ruleSources(props.demarche.form));
  const current = () => props.groupe.rule;
  const initialRef = () => {
    const r = current();
    return r && "champ" in r ? r.champ : sources()[0]?.ref ?? "";
  };
  const [ref, setRef] = createSignal(initialRef());
  const source = () => sources().find((s) => s.ref === ref());
  const currentValue = () => {
    const r = current();
    return r && "value" in r && r.champ === ref() ? String(r.value) : "";
  };
  const prefix = () => `regle-${props.groupe.id}`;
  const ops = (): Option[] =>
    source()?.multiple
      ? [{ value: "includes", label: OPS.includes }]
      : [{ value: "eq", label: OPS.eq }, { value: "neq", label: OPS.neq }];
  const form = useForm(async (data) => {
    await api.admin.demarches.groupes.setRule.mutate({
      demarcheId: props.demarche.id,
      groupeId: props.groupe.id,
      rule: { op: data.op as "eq", champ: data.champ, value: data.value.trim() },
    });
    await props.onSaved(`La règle du groupe « ${props.groupe.label} » est enregistrée.`);
  });
  const [removing, setRemoving] = createSignal(false);
  const [removeError, setRemoveError] = createSignal<string | null>(null);
  const remove = async () => {
    setRemoving(true);
    setRemoveError(null);
    try {
      await api.admin.demarches.groupes.setRule.mutate({
        demarcheId: props.demarche.id,
        groupeId: props.groupe.id,
        rule: null,
      });
      await props.onSaved(`La règle du groupe « ${props.groupe.label} » est retirée.`);
    } catch (error) {
      setRemoveError(problemOf(error).message);
    } finally {
      setRemoving(false);
    }
  };
  return (
    <div class="rule">
      <h3>Règle de routage</h3>
      <Show
        when={current()}
        fallback={
          <p class="rule__current">
            Aucune règle : ce groupe ne reçoit aucun dossier tant que vous n’en définissez pas.
          </p>
        }
      >
        {(rule) => (
          <div class="rule__current">
            <p>
              {describeRule(rule(), sources()) ??
                "Ce groupe a une règle avancée, qui ne peut pas être affichée ici."}
            </p>
            <Show when={removeError()}>
              <div class="notice notice--error" role="alert">{removeError()}</div>
            </Show>
            <button
              type="button"
              class="button button--secondary button--small"
              disabled={removing()}
              onClick={remove}
            >
              Retirer la règle
            </button>
          </div>
        )}
      </Show>
      <Show
        when={sources().length > 0}
        fallback={
          <p>
            Pour router les dossiers, ajoutez au formulaire une liste de choix ou un champ de
            territoire (commune, EPCI, département, région).{" "}
            <A href={`/admin/demarches/${props.demarche.id}/formulaire`}>Modifier le formulaire</A>
          </p>
        }
      >
        <form class="rule__form" onSubmit={form.onSubmit} novalidate>
          <FormAlert problem={form.problem()} />
          <p id={`${prefix()}-phrase`} class="hint">
            {current() ? "Nouvelle règle :" : "Définir une règle :"}{" "}
            les dossiers dont… vont à ce groupe.
          </p>
          <div class="rule__sentence" role="group" aria-labelledby={`${prefix()}-phrase`}>
            <SelectField
              name="champ"
              id={`${prefix()}-champ`}
              label="Les dossiers dont"
              options={sources().map((s) => ({ value: s.ref, label: s.label }))}
              value={ref()}
              onChange={(event) => setRef(event.currentTarget.value)}
            />
            <SelectField name="op" id={`${prefix()}-op`} label="Condition" options={ops()} />
            <Show
              when={source()?.choices}
              keyed
              fallback={
                <Field
                  name="value"
                  id={`${prefix()}-valeur`}
                  label="Code"
                  hint={source()?.codeHint}
                  value={currentValue()}
                  maxLength={500}
                />
              }
            >
              {(choices) => (
                <SelectField
                  name="value"
                  id={`${prefix()}-valeur`}
                  label="Valeur"
                  options={choices.map((c) => ({ value: c, label: c }))}
                  value={currentValue()}
                />
              )}
            </Show>
          </div>
          <div class="form__actions">
            <button type="submit" class="button button--secondary" disabled={form.pending()}>
              Enregistrer la règle
            </button>
          </div>
        </form>
      </Show>
    </div>
  );
}
