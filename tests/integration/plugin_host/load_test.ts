import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { fromFileUrl } from "../../../core/_paths.ts";
import { ROOT } from "../../../core/main.ts";
import { BUILTIN_PLUGINS, loadPluginSources, moduleUrl } from "../../../core/plugin_host/load.ts";
import demo from "../../fixtures/plugins/demo/mod.ts";
import { startTestInstance, superAdminAgent } from "../../helpers/instance.ts";

const fixture = (name: string) =>
  fromFileUrl(new URL(`../../fixtures/plugins/${name}`, import.meta.url));

const builtinIds = (await loadPluginSources(BUILTIN_PLUGINS, ROOT)).sources
  .map((s) => (s.definition as { id: string }).id);

const load = suite("loadPluginSources");

load("imports folder plugins relative to the root, by their mod.ts", async () => {
  const { sources } = await loadPluginSources(["tests/fixtures/plugins/demo"], ROOT);
  assert.equal(sources, [{ source: "tests/fixtures/plugins/demo", definition: demo }]);
});

load("returns a module that fails to import with the reason, after the good ones", async () => {
  const { sources } = await loadPluginSources(
    [fixture("broken_import"), fixture("demo"), fixture("introuvable")],
    ROOT,
  );
  assert.is(sources.length, 3);
  assert.is(sources[0].definition, undefined);
  assert.match(sources[0].importError ?? "", /Cannot find configuration file plugin\.json/);
  assert.is(sources[1].definition, demo);
  assert.is(sources[1].importError, undefined);
  assert.match(sources[2].importError ?? "", /introuvable/);
});

load("moduleUrl() points folders at mod.ts and keeps registry specifiers", () => {
  assert.is(
    moduleUrl("plugins/mail_smtp", "/srv/guichet"),
    "file:///srv/guichet/plugins/mail_smtp/mod.ts",
  );
  assert.is(moduleUrl("/opt/agenda", "/srv/guichet"), "file:///opt/agenda/mod.ts");
  assert.is(
    moduleUrl("./agenda/plugin.ts", "/srv/guichet"),
    "file:///srv/guichet/agenda/plugin.ts",
  );
  assert.is(moduleUrl("jsr:@commune/agenda", "/srv/guichet"), "jsr:@commune/agenda");
  assert.is(moduleUrl("npm:guichet-agenda@1.0.0", "/x"), "npm:guichet-agenda@1.0.0");
});

const configured = suite("plugins listed in GUICHET_PLUGINS");

configured(
  "are added beside the built-ins without editing core; failing ones are set aside",
  async () => {
    const names = [
      "demo",
      "broken_import",
      "no_default",
      "without_manifest",
      "register_throws",
      "duplicate_id",
      "future_host",
    ];
    const t = await startTestInstance({
      env: { GUICHET_PLUGINS: names.map(fixture).join(",") },
    });
    try {
      const health = await t.app.request("/healthz");
      assert.is(health.status, 200);
      assert.equal(await health.json(), { status: "ok" });

      assert.ok(builtinIds.includes("mail_smtp"));
      assert.equal(t.host.plugins.map((p) => p.id), [...builtinIds, "demo"]);
      assert.is(t.host.champTypes.ownerOf("demo_couleur"), "demo");
      assert.is(t.host.channels.ownerOf("email"), "mail_smtp");

      const superAdmin = await superAdminAgent(t);
      const list = await superAdmin.trpc.superadmin.plugins.list.query();
      assert.equal(list.plugins.map((p) => p.id), [...builtinIds, "demo"]);
      const failures = Object.fromEntries(
        list.failures.map((f) => [f.source.split("/").pop(), f.reason]),
      );
      assert.equal(Object.keys(failures), names.slice(1));
      assert.match(failures.broken_import, /could not be imported: .*plugin\.json/);
      assert.match(failures.no_default, /does not default-export definePlugin/);
      assert.match(failures.without_manifest, /host range/);
      assert.match(failures.register_throws, /register\(\) threw: Missing setting FOO/);
      assert.match(failures.duplicate_id, /already has the id "demo"/);
      assert.match(failures.future_host, /needs host "\^2\.0\.0"/);
    } finally {
      await t.stop();
    }
  },
);

load.run();
configured.run();
