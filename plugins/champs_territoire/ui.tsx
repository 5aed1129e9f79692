/**
 * The UI half of the territory champ types: a combobox searching the official lists as the
 * person types. Communes and EPCI keep the picked result (conditions read its `.departement`
 * and `.region`); départements, régions and pays keep the code, as their schemas want.
 */
import { createResource } from "solid-js";
import type {
  ChampDisplayProps,
  ChampInputProps,
  ChampTypeUi,
  PluginUi,
} from "../../ui/plugin_sdk.ts";
import { Combobox, search, type TerritoryResult } from "./ui_combobox.tsx";

interface Kind {
  /** The plugins.query name, also the champ type. */
  readonly list: string;
  /** Whether the value is the code alone (else the result object). */
  readonly byCode: boolean;
  readonly placeholder: string;
  readonly listAllWhenEmpty?: boolean;
  /** What the search for an already stored value types (a code, postal code…). */
  readonly lookup: (value: Record<string, unknown> | string) => string;
}

const objectOf = (value: unknown) =>
  value && typeof value === "object" ? value as Record<string, unknown> : null;

/** The text of a stored value: its label when stored, else found again by its code. */
function useText(kind: Kind, value: () => unknown) {
  const [resolved] = createResource(
    () => {
      const v = value();
      if (v === null || v === undefined || v === "") return null;
      const obj = objectOf(v);
      if (obj && typeof obj.label === "string") return null;
      return obj ?? String(v);
    },
    async (v) => {
      const code = typeof v === "string" ? v : String(v.code ?? "");
      const found = await search(kind.list, kind.lookup(v), 20);
      const same = found.find((r) =>
        r.code === code &&
        (typeof v === "string" || !("codePostal" in v) || r.codePostal === v.codePostal)
      );
      return same?.label ?? code;
    },
  );
  return () => {
    const obj = objectOf(value());
    if (obj && typeof obj.label === "string") return obj.label;
    return value() === null || value() === undefined ? "" : resolved() ?? "";
  };
}

function territory(kind: Kind): ChampTypeUi {
  const toValue = (r: TerritoryResult | null): unknown => {
    if (!r) return null;
    if (kind.byCode) return r.code;
    if (kind.list === "epci") {
      const deps = Array.isArray(r.departements) ? r.departements as string[] : [];
      return { code: r.code, nom: r.nom, label: r.label, departement: deps[0] ?? null };
    }
    return r;
  };
  return {
    Input: (props: ChampInputProps) => {
      const text = useText(kind, () => props.value);
      return (
        <Combobox
          id={props.id}
          list={kind.list}
          text={text()}
          describedBy={props.describedBy}
          invalid={props.invalid}
          mandatory={props.mandatory}
          placeholder={kind.placeholder}
          listAllWhenEmpty={kind.listAllWhenEmpty}
          onPick={(r) => props.onChange(toValue(r))}
        />
      );
    },
    Display: (props: ChampDisplayProps) => {
      const text = useText(kind, () => props.value);
      return <span class="champ-display">{text() || <em>Non renseigné</em>}</span>;
    },
  };
}

const byCode = (v: Record<string, unknown> | string) => typeof v === "string" ? v : String(v.code);

const communes = territory({
  list: "communes",
  byCode: false,
  placeholder: "Nom ou code postal, par exemple Brest ou 29200",
  lookup: (v) => typeof v === "string" ? v : `${v.code ?? ""} ${v.codePostal ?? ""}`.trim(),
});
const epci = territory({
  list: "epci",
  byCode: false,
  placeholder: "Nom ou numéro SIREN",
  lookup: byCode,
});
const departements = territory({
  list: "departements",
  byCode: true,
  placeholder: "Nom ou numéro, par exemple Finistère ou 29",
  listAllWhenEmpty: true,
  lookup: byCode,
});
const regions = territory({
  list: "regions",
  byCode: true,
  placeholder: "Nom de la région",
  listAllWhenEmpty: true,
  lookup: byCode,
});
const pays = territory({
  list: "pays",
  byCode: true,
  placeholder: "Nom du pays, par exemple Belgique",
  lookup: byCode,
});

/** « dans le département », « dans la région »: sub-values of a commune or an EPCI. */
const WHERE = [
  { path: "departement", label: "dans le département", valueType: "departements" },
  { path: "region", label: "dans la région", valueType: "regions" },
] as const;

export default {
  id: "champs_territoire",
  champTypes: {
    communes: { ...communes, condition: { paths: WHERE } },
    epci: { ...epci, condition: { paths: WHERE } },
    departements: { ...departements, condition: { operand: "enum", valueType: "departements" } },
    regions: { ...regions, condition: { operand: "enum", valueType: "regions" } },
    pays: { ...pays, condition: { operand: "enum", valueType: "pays" } },
  },
} satisfies PluginUi;
