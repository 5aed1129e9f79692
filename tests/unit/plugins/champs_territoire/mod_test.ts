import { suite } from "../../../helpers/suite.ts";
import * as assert from "uvu/assert";
import * as v from "valibot";
import { createPluginHost } from "../../../../core/plugin_host/host.ts";
import { evaluate } from "../../../../core/shared/conditions.ts";
import { type ChampDescriptor } from "../../../../core/shared/form.ts";
import { validateForm, validateRoutingRule } from "../../../../core/demarches/model.ts";
import champsTerritoire from "../../../../plugins/champs_territoire/mod.ts";
import { communes } from "../../../../plugins/champs_territoire/communes.ts";
import { epci } from "../../../../plugins/champs_territoire/epci.ts";
import { accepted } from "./_support.ts";

const TYPES = ["communes", "departements", "epci", "pays", "regions"];

const load = () => {
  const logged: string[] = [];
  const host = createPluginHost(
    [{ source: "plugins/champs_territoire", definition: champsTerritoire }],
    { log: (m) => logged.push(m) },
  );
  return { host, logged };
};

const champ = (stableId: string, type: string): ChampDescriptor => ({
  stableId,
  type,
  label: `Champ ${type}`,
  description: "",
  mandatory: true,
  options: {},
  condition: null,
});

const plugin = suite("champs_territoire plugin");

plugin("registers through the plugin host with no failure", () => {
  const { host, logged } = load();
  assert.equal(host.failures, []);
  assert.equal(logged, []);
  assert.equal(host.champTypes.list().map((c) => c.type).sort(), TYPES);
  for (const id of TYPES) assert.is(host.champTypes.ownerOf(id), "champs_territoire", id);
});

plugin("gives every type a French label, the localisation category and enum conditions", () => {
  for (const c of load().host.champTypes.list()) {
    assert.ok(c.label.length > 0, c.type);
    assert.is(c.category, "localisation", c.type);
    assert.is(c.columnKind, "enum", c.type);
    assert.is(c.conditionSource, "enum", c.type);
    assert.ok(c.tags, c.type);
    const options = v.safeParse(c.options, {});
    assert.ok(options.success, c.type);
  }
});

plugin("offers choices for pays, régions and départements only", () => {
  const { host } = load();
  const withChoices = host.champTypes.list().filter((c) => c.choices).map((c) => c.type);
  assert.equal(withChoices.sort(), ["departements", "pays", "regions"]);
});

plugin.run();

const conditions = suite("champs_territoire in conditions and routing");

conditions("« commune dans le département 29 » holds for a stored Brest value", () => {
  const brest = accepted(communes, { code: "29019", codePostal: "29200" });
  assert.ok(evaluate({ op: "eq", champ: "c.departement", value: "29" }, { c: brest }));
  assert.ok(evaluate({ op: "eq", champ: "c.region", value: "53" }, { c: brest }));
  assert.not.ok(evaluate({ op: "eq", champ: "c.departement", value: "56" }, { c: brest }));
  assert.ok(evaluate({ op: "neq", champ: "c.departement", value: "56" }, { c: brest }));
});

conditions("a blank commune satisfies no « dans le département » condition", () => {
  assert.not.ok(evaluate({ op: "eq", champ: "c.departement", value: "29" }, { c: null }));
  assert.ok(evaluate({ op: "empty", champ: "c" }, { c: null }));
});

conditions("« EPCI dans la région » holds for a stored EPCI value", () => {
  const value = accepted(epci, { code: "242900314" });
  assert.ok(evaluate({ op: "eq", champ: "e.region", value: "53" }, { e: value }));
});

conditions("a département is compared by its code", () => {
  assert.ok(evaluate({ op: "eq", champ: "d", value: "29" }, { d: "29" }));
});

conditions("validateRoutingRule() accepts .departement and .region of a communes champ", () => {
  const { host } = load();
  const champs = [champ("c", "communes"), champ("e", "epci")];
  assert.is(
    validateRoutingRule(
      { op: "eq", champ: "c.departement", value: "29" },
      champs,
      host.champTypes,
    ),
    null,
  );
  assert.is(
    validateRoutingRule(
      {
        op: "or",
        conditions: [
          { op: "eq", champ: "c.region", value: "53" },
          { op: "eq", champ: "e.departement", value: "29" },
        ],
      },
      champs,
      host.champTypes,
    ),
    null,
  );
});

conditions("validateRoutingRule() accepts a département among the choices, refuses others", () => {
  const { host } = load();
  const champs = [champ("d", "departements")];
  assert.is(
    validateRoutingRule({ op: "eq", champ: "d", value: "29" }, champs, host.champTypes),
    null,
  );
  assert.is(
    validateRoutingRule({ op: "eq", champ: "d", value: "99" }, champs, host.champTypes),
    "« 99 » n’est pas une option du champ « Champ departements ».",
  );
});

conditions("validateForm() accepts a champ shown when the commune is in a département", () => {
  const { host } = load();
  const shown = {
    ...champ("aide", "pays"),
    condition: { op: "eq" as const, champ: "c.departement", value: "29" },
  };
  assert.equal(
    validateForm({ champs: [champ("c", "communes"), shown], annotations: [] }, host.champTypes),
    [],
  );
});

conditions.run();
