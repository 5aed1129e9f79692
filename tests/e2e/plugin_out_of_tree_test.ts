/**
 * A third-party plugin installed by `GUICHET_PLUGINS` alone: a champ type with a UI half,
 * written in a folder outside the repository and importing the SDK and valibot as the README
 * says. The instance's UI was built before the plugin was configured; the start's first step
 * (`core/setup.ts`, as `deno task start` runs it) rebuilds it, with no `deno task build`. In
 * Chromium, the usager gets the plugin's own input (not the plain text input a type without UI
 * gets), fills it, deposits, then starts another dossier from a prefilled link.
 * The build goes to a temp `UI_DIR`: the `ui/dist` the other suites use is left as it is.
 */
import { join } from "node:path";
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser, newPage } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { type Agent, signedUpAgent, superAdminAgent } from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { fromFileUrl } from "../../core/_paths.ts";
import { DEFAULT_UI_DIR } from "../../core/config.ts";
import { currentBuild, ensureUiBuilt } from "../../core/setup.ts";

const ROOT = fromFileUrl(new URL("../..", import.meta.url));
const FIXTURE = join(ROOT, "tests/fixtures/out_of_tree_plugin");
const PATH = "carte-stationnement";
const EMAIL = "riverain@exemple.fr";
const PASSWORD = "Un-mot-de-passe-solide-42";

interface Ctx {
  tmp: string;
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  usager: Agent;
  page: Page;
  setupOutput: string;
}

const e2e = suite<Ctx>("a plugin installed from outside the repository");

const label = "Immatriculation du véhicule";

if (!browserPath()) {
  e2e.skip("the out-of-tree plugin's champ in the browser (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    ctx.tmp = await Deno.makeTempDir({ prefix: "guichet-plugin-tiers-" });
    const plugin = join(ctx.tmp, "immatriculation");
    const uiDir = join(ctx.tmp, "ui");
    await Deno.mkdir(plugin);
    for (const file of ["mod.ts", "ui.tsx", "immatriculation.ts"]) {
      await Deno.copyFile(join(FIXTURE, file), join(plugin, file));
    }
    // The instance as it was before the plugin was configured: the UI built without it.
    assert.ok(await ensureUiBuilt(), "the UI must build");
    const copy = await new Deno.Command("cp", { args: ["-r", `${DEFAULT_UI_DIR}/.`, uiDir] })
      .output();
    assert.ok(copy.success, "ui/dist could not be copied");
    assert.equal((await currentBuild(uiDir))?.plugins, []);

    const env = { GUICHET_PLUGINS: plugin, UI_DIR: uiDir };
    const setup = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "core/setup.ts"],
      cwd: ROOT,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    ctx.setupOutput = new TextDecoder().decode(setup.stdout);
    assert.ok(setup.success, new TextDecoder().decode(setup.stderr));

    ctx.served = await startServedInstance({ env });
    ctx.browser = await launchBrowser();
    const t = ctx.served.t;
    await publishedDemarche(await superAdminAgent(t), {
      titre: "Carte de stationnement résident",
      path: PATH,
      form: {
        champs: [{ stableId: "immat", type: "immatriculation", label, mandatory: true }],
        annotations: [],
      },
    });
    ctx.usager = await signedUpAgent(t, EMAIL, PASSWORD);
  });

  e2e.after(async (ctx) => {
    for (const context of ctx.contexts ?? []) await context.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
    await Deno.remove(ctx.tmp, { recursive: true }).catch(() => {});
  });

  e2e("the start rebuilt the UI for GUICHET_PLUGINS, and ui/dist was left alone", async (ctx) => {
    assert.match(ctx.setupOutput, /Construction de l’interface .*GUICHET_PLUGINS a changé/);
    assert.equal((await currentBuild(join(ctx.tmp, "ui")))?.plugins, [
      join(ctx.tmp, "immatriculation"),
    ]);
    assert.equal((await currentBuild(DEFAULT_UI_DIR))?.plugins, []);
    assert.is(ctx.served.t.host.champTypes.ownerOf("immatriculation"), "immatriculation");
  });

  e2e("the usager fills the plugin's own input and deposits", async (ctx) => {
    const page = ctx.page = await newPage(ctx);
    await page.goto(`/connexion?retour=${encodeURIComponent(`/commencer/${PATH}`)}`);
    await page.getByLabel("Adresse e-mail", { exact: true }).fill(EMAIL);
    await page.getByLabel("Mot de passe", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await heading(page, "Carte de stationnement résident");
    await page.getByRole("button", { name: "Commencer la démarche" }).click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split("/").pop());

    const input = page.getByLabel(label);
    // The plugin's input, not the plain text one: its placeholder, and what it writes.
    assert.is(await input.getAttribute("placeholder"), "AB-123-CD");
    await input.pressSequentially("ab 123cd");
    assert.is(await input.inputValue(), "AB-123-CD");
    await page.getByRole("status").getByText(/^Enregistré à/).waitFor();
    await checkPage(page, "plugin_tiers_brouillon");
    await page.getByRole("button", { name: "Déposer le dossier" }).click();
    await page.getByRole("heading", { name: `Votre dossier n° ${id} est déposé` }).waitFor();

    const dossier = await ctx.usager.trpc.usager.dossier.query({ id });
    assert.is(dossier.state, "en_construction");
    assert.is(dossier.values.immat, "AB-123-CD");
  });

  e2e("a link `?champ_immat=` prefills the plugin's champ of a new dossier", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/commencer/${PATH}?champ_immat=gh456jk`);
    await heading(page, "Carte de stationnement résident");
    await page.getByRole("button", { name: "Commencer un nouveau dossier" }).click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    await page.getByText("Des champs ont été pré-remplis par le lien : vérifiez-les.").waitFor();
    assert.is(await page.getByLabel(label).inputValue(), "GH-456-JK");
    await checkPage(page, "plugin_tiers_prerempli");
  });
}

e2e.run();
