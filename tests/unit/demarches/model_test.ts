import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { createPluginHost } from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_sdk/mod.ts";
import { type ChampDescriptor } from "../../../core/shared/form.ts";
import { validateForm } from "../../../core/demarches/model.ts";
import { visibleChamps } from "../../../core/shared/visibility.ts";

const host = createPluginHost([{
  source: "test",
  definition: definePlugin({
    id: "types_de_test",
    version: "1.0.0",
    label: "Types de test",
    host: "^1.0.0",
    register(api) {
      api.champType({
        type: "text",
        label: "Texte court",
        category: "standard",
        options: v.object({}),
        value: () => v.string(),
        toText: (x) => x,
      });
      api.champType({
        type: "yes_no",
        label: "Oui/Non",
        category: "choix",
        options: v.object({}),
        value: () => v.boolean(),
        toText: (x) => (x ? "Oui" : "Non"),
        conditionSource: "boolean",
      });
      api.champType({
        type: "integer_number",
        label: "Nombre entier",
        category: "standard",
        options: v.object({ min: v.optional(v.number()) }),
        value: () => v.number(),
        toText: String,
        conditionSource: "number",
      });
      api.champType({
        type: "drop_down_list",
        label: "Choix simple",
        category: "choix",
        options: v.object({ choices: v.array(v.string()) }),
        value: () => v.string(),
        toText: (x) => x,
        conditionSource: "enum",
        choices: (o) => o.choices,
      });
      api.champType({
        type: "repetition",
        label: "Bloc répétable",
        category: "structure",
        options: v.object({}),
        value: () => v.array(v.record(v.string(), v.unknown())),
        toText: () => "",
        container: true,
      });
    },
  }),
}], { log: () => {} });

const champ = (
  d: Partial<ChampDescriptor> & { stableId: string; type: string },
): ChampDescriptor => ({
  label: d.stableId,
  description: "",
  mandatory: false,
  options: {},
  condition: null,
  ...d,
});

const model = suite("demarches model");

model("validateForm() accepts a form with a condition on an earlier champ", () => {
  const issues = validateForm({
    champs: [
      champ({ stableId: "moteur", type: "yes_no" }),
      champ({
        stableId: "puissance",
        type: "integer_number",
        condition: { op: "eq", champ: "moteur", value: true },
      }),
    ],
    annotations: [
      champ({
        stableId: "avis",
        type: "text",
        condition: { op: "gt", champ: "puissance", value: 6 },
      }),
    ],
  }, host.champTypes);
  assert.equal(issues, []);
});

model("validateForm() refuses a condition on a later champ", () => {
  const issues = validateForm({
    champs: [
      champ({
        stableId: "puissance",
        type: "integer_number",
        condition: { op: "eq", champ: "moteur", value: true },
      }),
      champ({ stableId: "moteur", type: "yes_no" }),
    ],
    annotations: [],
  }, host.champTypes);
  assert.is(issues.length, 1);
  assert.is(issues[0].stableId, "puissance");
  assert.match(issues[0].message, /pas placé avant/);
});

model("validateForm() refuses an operator that does not fit the source", () => {
  const issues = validateForm({
    champs: [
      champ({ stableId: "moteur", type: "yes_no" }),
      champ({ stableId: "x", type: "text", condition: { op: "gt", champ: "moteur", value: 1 } }),
    ],
    annotations: [],
  }, host.champTypes);
  assert.match(issues[0].message, /ne s’applique pas/);
});

model("validateForm() refuses a choice that is not among the options", () => {
  const issues = validateForm({
    champs: [
      champ({
        stableId: "type",
        type: "drop_down_list",
        options: { choices: ["Voilier", "Moteur"] },
      }),
      champ({
        stableId: "x",
        type: "text",
        condition: { op: "eq", champ: "type", value: "Péniche" },
      }),
    ],
    annotations: [],
  }, host.champTypes);
  assert.match(issues[0].message, /n’est pas une option/);
});

model("validateForm() refuses unknown types, bad options, duplicates and nested blocks", () => {
  const issues = validateForm({
    champs: [
      champ({ stableId: "a", type: "carte_au_tresor" }),
      champ({ stableId: "b", type: "drop_down_list", options: { choices: "Voilier" } }),
      champ({ stableId: "b", type: "text" }),
      champ({
        stableId: "r",
        type: "repetition",
        children: [champ({ stableId: "r2", type: "repetition" })],
      }),
      champ({ stableId: "t", type: "text", children: [champ({ stableId: "t1", type: "text" })] }),
    ],
    annotations: [],
  }, host.champTypes);
  const messages = issues.map((i) => `${i.stableId}: ${i.message}`);
  assert.ok(messages.some((m) => m.startsWith("a: Type de champ inconnu")), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("b: Options non valides")), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("b: Deux champs")), messages.join("\n"));
  assert.ok(
    messages.some((m) => m.startsWith("r2: Un bloc répétable ne peut pas")),
    messages.join("\n"),
  );
  assert.ok(messages.some((m) => m.startsWith("t: Seul un bloc répétable")), messages.join("\n"));
});

model("validateForm() refuses a type from a switched-off plugin", () => {
  const issues = validateForm(
    { champs: [champ({ stableId: "n", type: "integer_number" })], annotations: [] },
    host.champTypes,
    { isTypeAllowed: (t) => t !== "integer_number" },
  );
  assert.match(issues[0].message, /fonctionnalité désactivée/);
});

model("visibleChamps() hides a champ whose source is itself hidden", () => {
  const champs = [
    champ({ stableId: "moteur", type: "yes_no" }),
    champ({
      stableId: "puissance",
      type: "integer_number",
      condition: { op: "eq", champ: "moteur", value: true },
    }),
    champ({
      stableId: "permis",
      type: "text",
      condition: { op: "gt", champ: "puissance", value: 6 },
    }),
  ];
  assert.equal([...visibleChamps(champs, { moteur: true, puissance: 10 })], [
    "moteur",
    "puissance",
    "permis",
  ]);
  assert.equal([...visibleChamps(champs, { moteur: false, puissance: 10 })], ["moteur"]);
});

model.run();
