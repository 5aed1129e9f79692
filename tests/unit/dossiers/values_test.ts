import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { createPluginHost } from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_sdk/mod.ts";
import { checkValues } from "../../../core/dossiers/values.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";

const host = createPluginHost([{
  source: "test",
  definition: definePlugin({
    id: "types_valeurs",
    version: "1.0.0",
    label: "Types",
    host: "^1.0.0",
    register(api) {
      api.champType({
        type: "texte",
        label: "Texte",
        category: "standard",
        options: v.object({}),
        value: () => v.pipe(v.string(), v.trim()),
        toText: (x) => x,
      });
      api.champType({
        type: "oui_non",
        label: "Oui/Non",
        category: "choix",
        options: v.object({}),
        value: () => v.boolean("Répondez par oui ou non"),
        toText: String,
        conditionSource: "boolean",
      });
      api.champType({
        type: "bloc",
        label: "Bloc",
        category: "structure",
        options: v.object({}),
        value: () => v.array(v.record(v.string(), v.unknown())),
        toText: () => "",
        container: true,
      });
    },
  }),
}], { log: () => {} });

const d = (x: Partial<ChampDescriptor> & { stableId: string; type: string }): ChampDescriptor => ({
  label: x.stableId,
  description: "",
  mandatory: false,
  options: {},
  condition: null,
  ...x,
});

const FORM = [
  d({ stableId: "moteur", type: "oui_non", mandatory: true }),
  d({
    stableId: "puissance",
    type: "texte",
    mandatory: true,
    condition: { op: "eq", champ: "moteur", value: true },
  }),
  d({
    stableId: "equipage",
    type: "bloc",
    children: [
      d({ stableId: "skipper", type: "oui_non", mandatory: true }),
      d({
        stableId: "permis",
        type: "texte",
        mandatory: true,
        condition: { op: "eq", champ: "skipper", value: true },
      }),
      d({
        stableId: "mecano",
        type: "texte",
        mandatory: true,
        condition: { op: "eq", champ: "moteur", value: true },
      }),
    ],
  }),
];

const values = suite("checkValues");
const opts = (deposit: boolean) => ({ types: host.champTypes, now: new Date(), deposit });

values("hidden champs are neither required nor kept", () => {
  const r = checkValues(FORM, { moteur: false, puissance: "  12 kW " }, opts(true));
  assert.equal(r.errors, {});
  assert.equal(r.values, { moteur: false });
});

values("a typed value is kept as typed when invalid, normalized when valid", () => {
  assert.equal(checkValues(FORM, { moteur: "peut-être" }, opts(false)).values, {
    moteur: "peut-être",
  });
  assert.equal(checkValues(FORM, { moteur: true, puissance: " 12 kW " }, opts(false)).values, {
    moteur: true,
    puissance: "12 kW",
  });
});

values("conditions inside a repetition row read the row and the champs before the block", () => {
  const r = checkValues(
    FORM,
    { moteur: false, equipage: [{ skipper: false }, { skipper: true }] },
    opts(true),
  );
  assert.equal(
    Object.keys(r.errors),
    ["equipage.1.permis"],
    "mecano hidden (no engine), permis only for the skipper",
  );
  const withEngine = checkValues(FORM, {
    moteur: true,
    puissance: "6",
    equipage: [{ skipper: false }],
  }, opts(true));
  assert.equal(Object.keys(withEngine.errors), ["equipage.0.mecano"]);
});

values.run();
