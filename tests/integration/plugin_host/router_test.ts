import { suite } from "../../helpers/suite.ts";
import * as assert from "uvu/assert";
import { signInWithCode } from "../../helpers/second_factor.ts";
import { ROOT } from "../../../core/main.ts";
import { BUILTIN_PLUGINS, loadPluginSources } from "../../../core/plugin_host/load.ts";
import demo from "../../fixtures/plugins/demo/mod.ts";
import registerThrows from "../../fixtures/plugins/register_throws/mod.ts";
import duplicateId from "../../fixtures/plugins/duplicate_id/mod.ts";
import futureHost from "../../fixtures/plugins/future_host/mod.ts";
import { clashingPlugins } from "../../fixtures/plugins/clashes.ts";
import {
  signedUpAgent,
  startTestInstance,
  superAdminAgent,
  type TestInstance,
} from "../../helpers/instance.ts";

const builtinIds = (await loadPluginSources(BUILTIN_PLUGINS, ROOT)).sources
  .map((s) => (s.definition as { id: string }).id);

const list = suite<{ t: TestInstance }>("superadmin.plugins.list");
list.before(async (ctx) => {
  ctx.t = await startTestInstance({
    extraPlugins: [
      { source: "fixtures/demo", definition: demo },
      ...clashingPlugins.map((p) => ({ source: `fixtures/clashes#${p.id}`, definition: p })),
      { source: "fixtures/register_throws", definition: registerThrows },
      { source: "fixtures/duplicate_id", definition: duplicateId },
      { source: "fixtures/future_host", definition: futureHost },
    ],
  });
});
list.after(async (ctx) => {
  await ctx.t.stop();
});

list("the server starts and answers despite the failing plugins", async ({ t }) => {
  const res = await t.app.request("/healthz");
  assert.is(res.status, 200);
  assert.equal(await res.json(), { status: "ok" });
  assert.is(await t.agent().trpc.auth.session.query(), null);
});

list("shows the super-admin each plugin with what it contributes", async ({ t }) => {
  const superAdmin = await superAdminAgent(t);
  const { plugins } = await superAdmin.trpc.superadmin.plugins.list.query();
  assert.equal(plugins.map((p) => p.id), [...builtinIds, "demo"]);
  assert.equal(plugins.find((p) => p.id === "demo"), {
    id: "demo",
    version: "1.2.0",
    label: "Démonstration",
    description: "Contribue à chaque point d’extension, pour les tests.",
    enabledByDefault: false,
    contributions: {
      champTypes: ["demo_couleur"],
      channels: ["demo_canal"],
      exportFormats: ["demo_tsv"],
      attestationGenerators: ["demo_texte"],
      invitationKinds: ["demo_section"],
      hooks: true,
      identityProviders: [],
      fileScanners: [],
      webhooks: [],
      queries: [],
    },
  });
  const mail = plugins.find((p) => p.id === "mail_smtp")!;
  assert.equal(mail.contributions.channels, ["email"]);
  assert.is(mail.contributions.hooks, false);
  // Every extension point is listed, the newer ones too.
  const of = (id: string) => plugins.find((p) => p.id === id)!.contributions;
  assert.equal(of("webhook").webhooks, ["webhook"]);
  assert.equal(of("oidc").identityProviders, ["oidc"]);
  assert.equal(of("antivirus_clamav").fileScanners, ["clamav"]);
  assert.equal(of("champs_territoire").queries.sort(), [
    "communes",
    "departements",
    "epci",
    "pays",
    "regions",
  ]);
});

list("shows the super-admin every plugin set aside, with its reason", async ({ t }) => {
  const superAdmin = t.agent();
  await signInWithCode(t, superAdmin, {
    email: "super@guichet.test",
    password: "Installation-Solide-2026!",
  });
  const { failures } = await superAdmin.trpc.superadmin.plugins.list.query();
  assert.equal(failures.map((f) => f.id), [
    ...clashingPlugins.map((p) => p.id),
    "register_throws",
    "demo",
    "future_host",
  ]);
  assert.equal(failures.find((f) => f.id === "clash_channel"), {
    id: "clash_channel",
    source: "fixtures/clashes#clash_channel",
    reason: 'channel "demo_canal" is already registered by "demo"',
  });
  assert.is(failures.find((f) => f.source === "fixtures/duplicate_id")?.id, "demo");
});

list("no contribution of a plugin set aside reaches the registries", ({ t }) => {
  const owners = [
    ...t.host.champTypes.list().map((c) => t.host.champTypes.ownerOf(c.type)),
    ...t.host.channels.list().map((c) => t.host.channels.ownerOf(c.id)),
    ...t.host.exportFormats.list().map((c) => t.host.exportFormats.ownerOf(c.id)),
    ...t.host.attestationGenerators.list().map((c) => t.host.attestationGenerators.ownerOf(c.id)),
    ...t.host.invitationKinds.list().map((c) => t.host.invitationKinds.ownerOf(c.id)),
    ...t.host.hooks.map((h) => h.pluginId),
  ];
  const loaded = new Set([...builtinIds, "demo"]);
  for (const owner of owners) assert.ok(loaded.has(owner!), `${owner} was set aside`);
  assert.ok(owners.includes("demo"));
  assert.equal(
    t.host.champTypes.list().map((c) => c.type).filter((type) =>
      /clash|avant_erreur|imposteur/.test(type)
    ),
    [],
  );
});

list("is refused to anonymous and to a plain usager", async ({ t }) => {
  const anonymous = await t.agent().call("superadmin.plugins.list", undefined, "GET");
  assert.is(anonymous.status, 401);
  const usager = await signedUpAgent(t, "curieux@exemple.fr");
  const refused = await usager.call("superadmin.plugins.list", undefined, "GET");
  assert.is(refused.status, 403);
  assert.is(refused.body.error.message, "Vous n’avez pas accès à cette page ou à cette action.");
});

list.run();
