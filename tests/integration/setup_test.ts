/**
 * The UI build `deno task start` makes (core/setup.ts), in a temp folder standing for
 * `UI_DIR`: built once, not again while nothing changed, again when `GUICHET_PLUGINS` names a
 * plugin with a UI — switched under a running server without a failed request, the page
 * loaded before the switch still getting its lazy chunks after it.
 * Each build runs Vite (several seconds).
 */
import { join } from "node:path";
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { fromFileUrl } from "../../core/_paths.ts";
import {
  currentBuild,
  ensureUiBuilt,
  otherPluginsWarning,
  uiFingerprint,
} from "../../core/setup.ts";
import { BASE_URL, startTestInstance, type TestInstance } from "../helpers/instance.ts";

const FIXTURE = fromFileUrl(new URL("../fixtures/out_of_tree_plugin", import.meta.url));

interface Ctx {
  tmp: string;
  dir: string;
  plugin: string;
  t?: TestInstance;
}

async function get(t: TestInstance, path: string, headers: Record<string, string> = {}) {
  const res = await t.app.fetch(new Request(`${BASE_URL}${path}`, { headers }), {
    remoteAddr: { hostname: "127.0.0.1", port: 1234, transport: "tcp" },
  });
  return { status: res.status, text: await res.text() };
}

/** The scripts a page names: its entry and the chunks it preloads. */
const scriptsOf = (html: string) =>
  [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);

const build = suite<Ctx>("ensureUiBuilt");

build.before(async (ctx) => {
  ctx.tmp = await Deno.makeTempDir({ prefix: "guichet-ui-build-" });
  ctx.dir = join(ctx.tmp, "dist");
  ctx.plugin = join(ctx.tmp, "immatriculation");
  await Deno.mkdir(ctx.plugin);
  for (const file of ["mod.ts", "ui.tsx", "immatriculation.ts"]) {
    await Deno.copyFile(join(FIXTURE, file), join(ctx.plugin, file));
  }
});

build.after(async (ctx) => {
  await ctx.t?.stop();
  await Deno.remove(ctx.tmp, { recursive: true });
});

build(
  "builds into a fresh folder that the served one links to, and records for what",
  async (ctx) => {
    // Other work may change the sources while Vite runs: the record is of those it started from.
    const fingerprint = await uiFingerprint([]);
    assert.ok(await ensureUiBuilt({ dir: ctx.dir }));
    assert.ok((await Deno.lstat(ctx.dir)).isSymlink);
    assert.match(await Deno.readLink(ctx.dir), /^dist_builds\//);
    assert.ok((await Deno.stat(join(ctx.dir, "index.html"))).isFile);
    const record = await currentBuild(ctx.dir);
    assert.equal(record?.plugins, []);
    assert.is(record?.fingerprint, fingerprint);
    assert.ok(record!.assets.some((f) => /^assets\/index-.+\.js$/.test(f)), record!.assets.join());
  },
);

build("a second start with nothing changed builds nothing", async (ctx) => {
  // Up to date first, in case other work changed the sources during the first build.
  assert.ok(await ensureUiBuilt({ dir: ctx.dir }));
  const before = await Deno.readLink(ctx.dir);
  const started = performance.now();
  assert.ok(await ensureUiBuilt({ dir: ctx.dir }));
  assert.is(await Deno.readLink(ctx.dir), before);
  assert.ok(performance.now() - started < 2_000, "a check, not a build");
});

build(
  "a plugin added to GUICHET_PLUGINS rebuilds with its UI, under a server that never fails a request",
  async (ctx) => {
    const t = ctx.t = await startTestInstance({ serveUi: true, env: { UI_DIR: ctx.dir } });
    const page = await get(t, "/commencer/exemple");
    assert.is(page.status, 200);
    const loaded = scriptsOf(page.text);
    // The chunks the page loads later, when another space opens: plugin UIs among them.
    const lazy = (await currentBuild(ctx.dir))!.assets
      .filter((f) => f.endsWith(".js") && !loaded.includes(`/${f}`)).map((f) => `/${f}`);
    assert.ok(lazy.some((f) => f.includes("plugin_registry")), lazy.join(" "));
    const before = await Deno.readLink(ctx.dir);

    const failures: string[] = [];
    let requests = 0;
    let building = true;
    const hammer = (async () => {
      while (building) {
        for (const path of ["/", "/commencer/exemple", ...loaded, ...lazy]) {
          for (const encoding of ["br", ""]) {
            const res = await get(t, path, { "accept-encoding": encoding });
            requests++;
            if (res.status !== 200) failures.push(`${path} (${encoding}): ${res.status}`);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const built = await ensureUiBuilt({ dir: ctx.dir, plugins: [ctx.plugin] });
    building = false;
    await hammer;
    assert.ok(built);
    assert.ok(requests > 50, `${requests} requests during the build`);
    assert.equal(failures, []);

    assert.is.not(await Deno.readLink(ctx.dir), before);
    const record = await currentBuild(ctx.dir);
    assert.equal(record?.plugins, [ctx.plugin]);
    // The new build holds the plugin's input; the page loaded before still gets its chunks.
    const now = await get(t, "/commencer/exemple");
    assert.is.not(scriptsOf(now.text).join(), loaded.join());
    const registry = record!.assets.find((f) => /plugin_registry-.+\.js$/.test(f))!;
    assert.match((await get(t, `/${registry}`)).text, /AB-123-CD/);
    for (const path of [...loaded, ...lazy]) assert.is((await get(t, path)).status, 200, path);
  },
);

build("a server started without the build says its UI was made for other plugins", async (ctx) => {
  assert.is(await otherPluginsWarning(ctx.dir, [ctx.plugin], "Démarrez…"), null);
  assert.is(await otherPluginsWarning(join(ctx.tmp, "rien"), [], "Démarrez…"), null);
  const warning = await otherPluginsWarning(ctx.dir, [], "Démarrez par « deno task start ».");
  assert.match(
    warning ?? "",
    `construite pour GUICHET_PLUGINS=« ${ctx.plugin} », qui vaut maintenant (vide) : `,
  );
  assert.match(warning ?? "", /simple zone de texte\. Démarrez par « deno task start »\.$/);
});

build(
  "the fingerprint follows a configured plugin's UI files and the list's order",
  async (ctx) => {
    const first = await uiFingerprint([ctx.plugin]);
    assert.is(await uiFingerprint([ctx.plugin]), first);
    assert.is.not(await uiFingerprint([ctx.plugin, "npm:guichet-agenda@1.0.0"]), first);
    assert.is.not(await uiFingerprint(["npm:guichet-agenda@1.0.0", ctx.plugin]), first);
    await Deno.writeTextFile(
      join(ctx.plugin, "ui.tsx"),
      (await Deno.readTextFile(join(ctx.plugin, "ui.tsx"))).replace("AB-123-CD", "XY-987-ZT"),
    );
    assert.is.not(await uiFingerprint([ctx.plugin]), first);
  },
);

build("a plugin's UI that does not build leaves the served build as it was", async (ctx) => {
  const before = await Deno.readLink(ctx.dir);
  const builds = [...Deno.readDirSync(`${ctx.dir}_builds`)].length;
  const ui = join(ctx.plugin, "ui.tsx");
  const good = await Deno.readTextFile(ui);
  await Deno.writeTextFile(ui, `${good}\nexport const broken = <div>;\n`);
  try {
    assert.is(await ensureUiBuilt({ dir: ctx.dir, plugins: [ctx.plugin] }), false);
  } finally {
    await Deno.writeTextFile(ui, good);
  }
  assert.is(await Deno.readLink(ctx.dir), before);
  assert.is([...Deno.readDirSync(`${ctx.dir}_builds`)].length, builds, "no half-made build left");
  assert.is((await get(ctx.t!, "/commencer/exemple")).status, 200);
});

build(
  "a switch deletes the builds older than an hour but the current and previous",
  async (ctx) => {
    const builds = `${ctx.dir}_builds`;
    const previous = join(ctx.tmp, await Deno.readLink(ctx.dir));
    const stale = join(builds, "ancienne");
    await Deno.mkdir(stale);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    await Deno.utime(stale, twoHoursAgo, twoHoursAgo);
    await Deno.utime(previous, twoHoursAgo, twoHoursAgo);
    assert.ok(await ensureUiBuilt({ dir: ctx.dir, plugins: [ctx.plugin] }), "the edited UI builds");
    const left = [...Deno.readDirSync(builds)].map((e) => join(builds, e.name));
    assert.not.ok(left.includes(stale), left.join(" "));
    assert.ok(left.includes(previous), "the previous build stays");
    assert.ok(left.includes(join(ctx.tmp, await Deno.readLink(ctx.dir))));
  },
);

build.run();
