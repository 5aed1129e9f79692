import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { createPluginHost } from "../../../../core/plugin_host/host.ts";
import champsStandard from "../../../../plugins/champs_standard/mod.ts";

const TYPES = [
  "text",
  "textarea",
  "integer_number",
  "decimal_number",
  "date",
  "datetime",
  "checkbox",
  "yes_no",
  "civilite",
  "email",
  "phone",
  "iban",
  "siret",
  "formatted",
  "drop_down_list",
  "multiple_drop_down_list",
  "linked_drop_down_list",
  "header_section",
  "explication",
  "piece_justificative",
  "repetition",
  "dossier_link",
];

const CATEGORIES = [
  "structure",
  "standard",
  "etat_civil",
  "choix",
  "pieces_jointes",
  "paiement_identification",
];

const load = () => {
  const logged: string[] = [];
  const host = createPluginHost(
    [{ source: "plugins/champs_standard", definition: champsStandard }],
    { log: (m) => logged.push(m) },
  );
  return { host, logged };
};

const plugin = suite("champs_standard plugin");

plugin("registers through the plugin host with no failure", () => {
  const { host, logged } = load();
  assert.equal(host.failures, []);
  assert.equal(logged, []);
  assert.is(host.plugin("champs_standard")?.enabledByDefault, true);
  assert.is(host.plugin("champs_standard")?.host, "^1.0.0");
});

plugin("exposes every standard type id, each owned by the plugin", () => {
  const { host } = load();
  assert.equal(host.champTypes.list().map((c) => c.type).sort(), [...TYPES].sort());
  for (const id of TYPES) assert.is(host.champTypes.ownerOf(id), "champs_standard", id);
});

plugin("gives every type a French label, a known category and snake_case id", () => {
  for (const c of load().host.champTypes.list()) {
    assert.ok(/^[a-z][a-z_]*$/.test(c.type), c.type);
    assert.ok(c.label.length > 0, c.type);
    assert.ok(CATEGORIES.includes(c.category), `${c.type}: ${c.category}`);
  }
});

plugin("parses {} options for every type", () => {
  for (const c of load().host.champTypes.list()) {
    const result = v.safeParse(c.options, {});
    assert.ok(result.success, `${c.type}: ${JSON.stringify(!result.success && result.issues)}`);
    // The value schema can be built from default options.
    assert.ok(c.value(result.output, { now: new Date() }), c.type);
  }
});

plugin("marks structure types unfillable and the repetition a container", () => {
  const { host } = load();
  assert.is(host.champTypes.get("header_section")?.fillable, false);
  assert.is(host.champTypes.get("explication")?.fillable, false);
  assert.is(host.champTypes.get("repetition")?.container, true);
  const others = TYPES.filter((t) => !["header_section", "explication"].includes(t));
  for (const id of others) assert.not.ok(host.champTypes.get(id)?.fillable === false, id);
});

plugin("declares condition sources: booleans, numbers, enum and enums", () => {
  const sources = Object.fromEntries(
    load().host.champTypes.list().filter((c) => c.conditionSource).map((c) => [
      c.type,
      c.conditionSource,
    ]),
  );
  assert.equal(sources, {
    checkbox: "boolean",
    yes_no: "boolean",
    integer_number: "number",
    decimal_number: "number",
    drop_down_list: "enum",
    multiple_drop_down_list: "enums",
  });
});

plugin("offers choices for every enum or enums condition source", () => {
  for (const c of load().host.champTypes.list()) {
    if (c.conditionSource !== "enum" && c.conditionSource !== "enums") continue;
    const options = v.parse(c.options, { choices: ["Paris", "Lyon"] });
    assert.equal(c.choices?.(options), ["Paris", "Lyon"], c.type);
  }
});

plugin.run();
