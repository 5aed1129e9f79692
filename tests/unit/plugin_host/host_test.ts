import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { createPluginHost, type PluginSource } from "../../../core/plugin_host/host.ts";
import demo from "../../fixtures/plugins/demo/mod.ts";
import registerThrows from "../../fixtures/plugins/register_throws/mod.ts";
import duplicateId from "../../fixtures/plugins/duplicate_id/mod.ts";
import futureHost from "../../fixtures/plugins/future_host/mod.ts";
import withoutManifest from "../../fixtures/plugins/without_manifest/mod.ts";
import { CLASHES, clashingPlugins } from "../../fixtures/plugins/clashes.ts";

const source = (definition: unknown, name = "fixture"): PluginSource => ({
  source: name,
  definition,
});

function hostOf(...definitions: unknown[]) {
  const logged: string[] = [];
  const host = createPluginHost(
    definitions.map((d, i) => source(d, `fixture-${i}`)),
    { log: (m) => logged.push(m) },
  );
  return { host, logged };
}

const host = suite("createPluginHost");

host("registers a plugin's contribution to every extension point", () => {
  const { host } = hostOf(demo);
  assert.equal(host.plugins.map((p) => p.id), ["demo"]);
  assert.equal(host.failures, []);
  assert.is(host.champTypes.get("demo_couleur")?.label, "Couleur");
  assert.is(host.champTypes.ownerOf("demo_couleur"), "demo");
  assert.is(host.attestationGenerators.get("demo_texte")?.label, "Attestation en texte");
  assert.is(host.channels.get("demo_canal")?.label, "Canal de démonstration");
  assert.is(host.exportFormats.get("demo_tsv")?.extension, "tsv");
  assert.is(host.invitationKinds.get("demo_section")?.label, "Une section du dossier");
  assert.is(host.hooks.length, 1);
  assert.is(host.hooks[0].pluginId, "demo");
  assert.type(host.hooks[0].hooks.before?.deposer, "function");
  assert.type(host.hooks[0].hooks.after?.accepter, "function");
  assert.is(host.plugin("demo"), demo);
});

host("contributions are frozen: a plugin cannot patch another's after registration", () => {
  const { host } = hostOf(demo);
  assert.ok(Object.isFrozen(host.champTypes.get("demo_couleur")));
  assert.ok(Object.isFrozen(host.hooks[0].hooks));
  assert.ok(Object.isFrozen(demo));
});

host("a plugin whose register() throws is set aside with nothing left behind", () => {
  const { host, logged } = hostOf(demo, registerThrows);
  assert.equal(host.plugins.map((p) => p.id), ["demo"]);
  assert.equal(host.failures, [{
    id: "register_throws",
    source: "fixture-1",
    reason: "register() threw: Missing setting FOO",
  }]);
  assert.is(host.champTypes.get("avant_erreur"), undefined);
  assert.equal(host.hooks.map((h) => h.pluginId), ["demo"]);
  assert.is(host.plugin("register_throws"), undefined);
  assert.match(logged.join("\n"), /register_throws.*disabled.*Missing setting FOO/);
});

for (const plugin of clashingPlugins) {
  const clash = CLASHES[plugin.id as keyof typeof CLASHES];
  host(`a plugin reusing the ${clash.point} id of another is set aside whole`, () => {
    const { host } = hostOf(demo, plugin);
    assert.equal(host.plugins.map((p) => p.id), ["demo"]);
    assert.is(host.failures.length, 1);
    assert.is(host.failures[0].id, plugin.id);
    assert.is(
      host.failures[0].reason,
      `${clash.point} "${clash.id}" is already registered by "demo"`,
    );
    // Its own, non-clashing contributions were not kept either.
    assert.is(host.champTypes.get(`${plugin.id}_propre`), undefined);
    assert.equal(host.hooks.map((h) => h.pluginId), ["demo"]);
    // The first owner keeps its contribution.
    assert.is(host.champTypes.ownerOf("demo_couleur"), "demo");
    assert.is(host.channels.get("demo_canal")?.label, "Canal de démonstration");
  });
}

host("all clashing plugins together leave exactly the demo's registries", () => {
  const { host } = hostOf(demo, ...clashingPlugins);
  assert.equal(host.failures.map((f) => f.id), Object.keys(CLASHES));
  assert.equal(host.champTypes.list().map((c) => c.type), ["demo_couleur"]);
  assert.equal(host.attestationGenerators.list().map((c) => c.id), ["demo_texte"]);
  assert.equal(host.channels.list().map((c) => c.id), ["demo_canal"]);
  assert.equal(host.exportFormats.list().map((c) => c.id), ["demo_tsv"]);
  assert.equal(host.invitationKinds.list().map((c) => c.id), ["demo_section"]);
});

host("a plugin contributing the same id twice is set aside", () => {
  const twice = {
    ...clashingPlugins[2],
    id: "deux_fois",
    register: (api: Parameters<typeof demo.register>[0]) => {
      api.channel({ id: "sms", label: "SMS", send: () => Promise.resolve() });
      api.channel({ id: "sms", label: "SMS bis", send: () => Promise.resolve() });
    },
  };
  const { host } = hostOf(twice);
  assert.equal(host.plugins, []);
  assert.is(host.channels.get("sms"), undefined);
  assert.match(host.failures[0].reason, /channel "sms" is already registered by "deux_fois"/);
});

host("a second plugin with an id already taken is set aside, the first stays", () => {
  const { host } = hostOf(demo, duplicateId);
  assert.equal(host.plugins.map((p) => [p.id, p.version]), [["demo", "1.2.0"]]);
  assert.equal(host.failures, [{
    id: "demo",
    source: "fixture-1",
    reason: 'another plugin already has the id "demo"',
  }]);
  assert.is(host.champTypes.get("imposteur"), undefined);
});

host("a plugin written for another major version of the host is set aside", () => {
  const { host } = hostOf(futureHost);
  assert.equal(host.plugins, []);
  assert.equal(host.failures[0], {
    id: "future_host",
    source: "fixture-0",
    reason: 'it needs host "^2.0.0" but this Guichet has 1.1.0',
  });
  assert.is(host.channels.get("futur"), undefined);
});

host("the host range is checked against the SDK version the host runs", () => {
  const { host } = (() => {
    const h = createPluginHost([source(futureHost)], { sdkVersion: "2.3.0", log: () => {} });
    return { host: h };
  })();
  assert.equal(host.plugins.map((p) => p.id), ["future_host"]);
});

host("a module without a plugin as default export is set aside", () => {
  const { host } = hostOf(undefined, { id: "x" }, "texte");
  assert.equal(host.plugins, []);
  assert.is(host.failures.length, 3);
  for (const failure of host.failures) {
    assert.is(failure.reason, "its module does not default-export definePlugin({...})");
  }
});

host("a hand-written plugin without host range or valid id is set aside, not a crash", () => {
  const { host } = hostOf(withoutManifest, { id: 42, host: "^1.0.0", register() {} }, demo);
  assert.equal(host.plugins.map((p) => p.id), ["demo"]);
  assert.is(host.failures.length, 2);
  assert.is(host.failures[0].id, "without_manifest");
  assert.match(host.failures[0].reason, /host/);
});

host("an async register() is refused: contributions must be declared at once", async () => {
  const late = {
    id: "tardif",
    version: "1.0.0",
    label: "Tardif",
    host: "^1.0.0",
    async register(api: Parameters<typeof demo.register>[0]) {
      await Promise.resolve();
      api.channel({ id: "tardif", label: "Tardif", send: () => Promise.resolve() });
      throw new Error("Late failure");
    },
  };
  const { host } = hostOf(late);
  // Let the async body run: it must neither register late nor crash the process.
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(host.plugins, []);
  assert.is(host.channels.get("tardif"), undefined);
  assert.match(host.failures[0].reason, /register\(\) must not be async/);
});

host("registries keep the order plugins were given in", () => {
  const a = { ...demo, id: "aaa", register: () => {} };
  const { host } = hostOf(demo, a);
  assert.equal(host.plugins.map((p) => p.id), ["demo", "aaa"]);
});

host.run();
