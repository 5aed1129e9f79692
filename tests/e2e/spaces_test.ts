/**
 * Each space of the UI is a chunk loaded when one of its pages first shows (`ui/routes.ts`):
 * in a real browser, a page of every space loads its chunk without a Content-Security-Policy
 * refusal or a script error; `/commencer/<path>` fetches no chunk of another space; the page
 * the server sends names the space's chunks for preloading; navigating inside the app from
 * one space to another loads the next space's chunk. The signed-in journeys of the other e2e
 * suites walk the spaces' pages themselves.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, closeBrowserSuite, newPage, openBrowserSuite } from "../helpers/browser.ts";
import type { ServedInstance } from "../helpers/served_instance.ts";
import { superAdminAgent } from "../helpers/instance.ts";
import { publishedDemarche } from "../helpers/demarche.ts";
import { type Space, SPACES } from "../../core/shared/spaces.ts";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
}

/** A page of each space, opened signed out: the guarded ones lead to « Se connecter ». */
const PAGES: readonly [Space, string, RegExp][] = [
  ["usager", "/commencer/titre-navigation", /Titre de navigation/],
  ["dossier", "/dossiers/1", /Se connecter/],
  ["instruction", "/instruction", /Se connecter/],
  ["administration", "/admin", /Se connecter/],
  ["expert", "/avis", /Se connecter/],
  ["super_admin", "/super-admin/demandes", /Se connecter/],
];

/** What `/commencer/<path>` may download of scripts, uncompressed. */
const SCRIPT_BUDGET = 180_000;

/** The space chunks a page fetched (`/assets/<space>-<hash>.js`). */
function spaceChunksOf(page: Page): Space[] {
  const fetched: Space[] = [];
  page.on("request", (request) => {
    const m = /\/assets\/([a-z_]+)-[\w-]+\.js$/.exec(new URL(request.url()).pathname);
    if (m && (SPACES as readonly string[]).includes(m[1])) fetched.push(m[1] as Space);
  });
  return fetched;
}

function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

const e2e = suite<Ctx>("the spaces' chunks in the browser");

if (!browserPath()) {
  e2e.skip("every space's chunk loads (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const admin = await superAdminAgent(ctx.served.t);
    await publishedDemarche(admin, {
      titre: "Titre de navigation",
      path: "titre-navigation",
      form: {
        champs: [{ stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true }],
        annotations: [],
      },
    });
  });

  e2e.after(closeBrowserSuite);

  e2e("a page of each space loads its chunk, with no CSP refusal nor error", async (ctx) => {
    for (const [space, path, title] of PAGES) {
      const page = await newPage(ctx);
      const chunks = spaceChunksOf(page);
      const errors = errorsOf(page);
      await page.goto(path);
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      assert.ok(chunks.includes(space), `${path} fetched ${chunks.join(", ")}, not ${space}`);
      assert.equal(errors, [], path);
      await checkPage(page, `espace-${space}`);
    }
  });

  e2e("a démarche's page fetches the usager's chunk only, within its budget", async (ctx) => {
    const page = await newPage(ctx);
    const chunks = spaceChunksOf(page);
    const scripts: Promise<number>[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith(".js")) scripts.push(response.body().then((b) => b.length));
    });
    await page.goto("/commencer/titre-navigation");
    await page.getByRole("heading", { level: 1, name: "Titre de navigation" }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.equal([...new Set(chunks)], ["usager"]);
    // 145 KB of scripts (before compression) when this was written, 454 KB before the spaces
    // were split; the dossier's form and the plugins' champs alone would take it past 180 KB.
    const bytes = (await Promise.all(scripts)).reduce((sum, n) => sum + n, 0);
    assert.ok(bytes <= SCRIPT_BUDGET, `${bytes} bytes of scripts, budget ${SCRIPT_BUDGET}`);
  });

  e2e("the page sent names its space's chunks for preloading", async (ctx) => {
    for (const [space, path] of PAGES) {
      const html = await (await fetch(`${ctx.served.baseUrl}${path}`)).text();
      const preloaded = [...html.matchAll(/rel="modulepreload"[^>]*href="\/assets\/([a-z_]+)-/g)]
        .map((m) => m[1]);
      assert.ok(preloaded.includes(space), `${path}: ${preloaded.join(", ")}`);
      for (const other of SPACES.filter((s) => s !== space)) {
        assert.not.ok(preloaded.includes(other), `${path} preloads ${other}`);
      }
    }
  });

  e2e("following a link to another space loads its chunk in place", async (ctx) => {
    const page = await newPage(ctx);
    const chunks = spaceChunksOf(page);
    const errors = errorsOf(page);
    await page.goto("/commencer/titre-navigation");
    await page.getByRole("heading", { level: 1, name: "Titre de navigation" }).waitFor();
    await page.evaluate(() => history.pushState(null, "", "/admin"));
    await page.evaluate(() => dispatchEvent(new PopStateEvent("popstate")));
    await page.getByRole("heading", { level: 1, name: /Se connecter/ }).waitFor();
    assert.ok(chunks.includes("administration"), chunks.join(", "));
    assert.equal(errors, []);
    await checkPage(page, "espace-navigation");
  });
}

e2e.run();
