/**
 * A démarche's form as the API describes it (`GET /api/v1/demarches/:id`): each champ with
 * its type, whether it is mandatory, its options and choices, its display condition, a
 * répétition's children. Pure: the caller gives the form and the installed champ types.
 */
import type { Registry } from "../plugin_host/host.ts";
import type { ChampType } from "../plugin_sdk/types.ts";
import type { ChampDescriptor, Form } from "../shared/form.ts";

/** One champ or annotation of the descriptor. */
export interface DescribedChamp {
  readonly id: string;
  readonly libelle: string;
  readonly type: string;
  readonly type_libelle: string;
  readonly obligatoire: boolean;
  readonly description: string;
  readonly section: boolean;
  readonly options: Readonly<Record<string, unknown>>;
  readonly choix: readonly string[] | null;
  readonly condition: unknown;
  readonly enfants?: readonly DescribedChamp[];
}

function describe(types: Registry<ChampType>, d: ChampDescriptor): DescribedChamp {
  const type = types.get(d.type);
  let choix: readonly string[] | null = null;
  if (type?.choices) {
    try {
      choix = type.choices(d.options);
    } catch {
      // Options its type no longer reads: no choices to list.
    }
  }
  return {
    id: d.stableId,
    libelle: d.label,
    type: d.type,
    type_libelle: type?.label ?? d.type,
    obligatoire: d.mandatory,
    description: d.description,
    section: type?.section === true,
    options: d.options,
    choix,
    condition: d.condition,
    ...(type?.container ? { enfants: (d.children ?? []).map((c) => describe(types, c)) } : {}),
  };
}

/** The champs and annotations privées of `form`, in their order. */
export function formDescriptor(types: Registry<ChampType>, form: Form) {
  return {
    champs: form.champs.map((d) => describe(types, d)),
    annotations: form.annotations.map((d) => describe(types, d)),
  };
}
