import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { createPluginHost } from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_sdk/mod.ts";
import { checkValues } from "../../../core/dossiers/values.ts";
import type { ChampDescriptor } from "../../../core/shared/form.ts";

/** The « texte » type, its values checked by `value`. */
const texte = (value: () => v.GenericSchema) => ({
  type: "texte",
  label: "Texte",
  category: "standard" as const,
  options: v.object({}),
  value,
  toText: (x: unknown) => String(x),
});

const host = createPluginHost([{
  source: "test",
  definition: definePlugin({
    id: "types_valeurs",
    version: "1.0.0",
    label: "Types",
    host: "^1.0.0",
    register(api) {
      api.champType(texte(() => v.pipe(v.string(), v.trim())));
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
        type: "a_venir",
        label: "À venir",
        category: "standard",
        options: v.object({}),
        value: (_, ctx) => v.pipe(v.string(), v.check((at) => at > ctx.now.toISOString(), "Passé")),
        toText: (x) => x,
      });
      api.champType({
        type: "fichier",
        label: "Fichier",
        category: "pieces_jointes",
        options: v.object({}),
        value: (_, ctx) =>
          v.pipe(v.string(), v.check((id) => ctx.file?.(id) !== undefined, "Fichier introuvable")),
        toText: (x) => x,
        files: (id) => [id],
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

values("a champ's schema kept from one check to the next reads the clock of the minute", () => {
  const form = [d({ stableId: "rdv", type: "a_venir" })];
  const at = (iso: string) => ({ types: host.champTypes, now: new Date(iso), deposit: false });
  const rdv = { rdv: "2026-03-12T10:01:00.000Z" };
  assert.equal(checkValues(form, rdv, at("2026-03-12T10:00:10.000Z")).errors, {});
  assert.equal(checkValues(form, rdv, at("2026-03-12T10:00:50.000Z")).errors, {});
  assert.equal(
    checkValues(form, rdv, at("2026-03-12T10:02:00.000Z")).errors,
    { rdv: "« rdv » : Passé" },
    "a minute later, the schema is built again with the new time",
  );
});

values("a value checked again answers as the first time: its output, or its error", () => {
  const form = [
    d({ stableId: "moteur", type: "oui_non" }),
    d({ stableId: "puissance", type: "texte" }),
  ];
  for (let i = 0; i < 3; i++) {
    const ok = checkValues(form, { moteur: true, puissance: " 12 kW " }, opts(false));
    assert.equal(ok.values, { moteur: true, puissance: "12 kW" }, `valid, check ${i}`);
    assert.equal(ok.errors, {});
    const wrong = checkValues(form, { moteur: "peut-être", puissance: " 12 kW " }, opts(false));
    assert.equal(wrong.values, { moteur: "peut-être", puissance: "12 kW" }, `invalid, check ${i}`);
    assert.equal(wrong.errors, { moteur: "« moteur » : Répondez par oui ou non" });
  }
});

values("a value answered as its last check still meets the checks that come first", () => {
  const form = [d({ stableId: "puissance", type: "texte", mandatory: true })];
  assert.equal(checkValues(form, { puissance: " 12 kW " }, opts(true)).errors, {});
  assert.equal(
    checkValues(form, { puissance: "" }, opts(true)).errors,
    { puissance: "Le champ « puissance » est obligatoire." },
    "emptied after a valid value: required at deposit, never the kept answer",
  );
  const other = createPluginHost([{
    source: "test",
    definition: definePlugin({
      id: "texte_strict",
      version: "1.0.0",
      label: "Texte strict",
      host: "^1.0.0",
      register(api) {
        api.champType(texte(() => v.pipe(v.string(), v.regex(/^\d+$/, "Chiffres seulement"))));
      },
    }),
  }], { log: () => {} });
  assert.equal(
    checkValues(form, { puissance: " 12 kW " }, { ...opts(false), types: other.champTypes }).errors,
    { puissance: "« puissance » : Chiffres seulement" },
    "another registry's type checks the same value again",
  );
});

values("a type holding files checks each time with the files of that check", () => {
  const form = [d({ stableId: "piece", type: "fichier" })];
  const withFiles = (known: string[]) => ({
    ...opts(false),
    file: (id: string) => known.includes(id) ? { filename: "a.pdf", size: 1, mime: "" } : undefined,
  });
  assert.equal(checkValues(form, { piece: "f1" }, withFiles(["f1"])).errors, {});
  assert.equal(
    checkValues(form, { piece: "f1" }, withFiles([])).errors,
    { piece: "« piece » : Fichier introuvable" },
    "another person's check does not see the files of the first",
  );
});

values.run();
