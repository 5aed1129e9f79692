/**
 * « Documentation de l’API » in a real browser: an administrateur goes from « Jetons d’API »
 * to the page rendered from /api/v1/openapi.json, reaches a route by the keyboard, reads its
 * parameters and answer fields, and finds the raw JSON; on a desktop and on a phone, with axe.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  closeBrowserSuite,
  openBrowserSuite,
  type OpenedBrowserSuite,
} from "../helpers/browser.ts";
import { superAdminAgent } from "../helpers/instance.ts";
import { adminAgent } from "../helpers/people.ts";

const ALICE = "alice@mairie-brest.fr";

const e2e = suite<OpenedBrowserSuite>("API documentation in the browser");

/** A page of a new context, signed in as Alice, on « Jetons d’API ». */
async function signedIn(ctx: OpenedBrowserSuite, viewport: { width: number; height: number }) {
  const context = await ctx.browser.newContext({
    baseURL: ctx.served.baseUrl,
    locale: "fr-FR",
    viewport,
  });
  ctx.contexts.push(context);
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto("/connexion?retour=%2Fadmin%2Fjetons");
  await page.getByLabel("Adresse e-mail").fill(ALICE);
  await page.getByLabel("Mot de passe").fill("Administrer-La-Commune-2026");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL("**/admin/jetons");
  return page;
}

if (!browserPath()) {
  e2e.skip("the API documentation page (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    await adminAgent(t, await superAdminAgent(t), ALICE);
  });
  e2e.after(closeBrowserSuite);

  e2e("from the jetons page to every route, its parameters and answer fields", async (ctx) => {
    const page = await signedIn(ctx, { width: 1280, height: 860 });
    await page.getByRole("link", { name: "Documentation de l’API" }).click();
    await page.getByRole("heading", { level: 1, name: "Documentation de l’API" }).waitFor();
    const dossier = page.getByRole("heading", {
      level: 2,
      name: /GET \/api\/v1\/dossiers\/\{id\}$/,
    });
    await dossier.waitFor();
    for (
      const address of [
        "/api/v1/demarches",
        "/api/v1/demarches/{id}",
        "/api/v1/demarches/{id}/dossiers",
        "/api/v1/dossiers/{id}/fichiers/{fichierId}",
        "/api/v1/openapi.json",
      ]
    ) {
      assert.ok(
        await page.getByRole("heading", {
          level: 2,
          name: new RegExp(`${address.replace(/[{}/.]/g, "\\$&")}$`),
        })
          .count() >= 1,
        address,
      );
    }
    const list = page.locator("section", {
      has: page.getByRole("heading", { level: 2, name: /\/api\/v1\/demarches\/\{id\}\/dossiers$/ }),
    }).first();
    const text = await list.innerText();
    assert.match(text, /Jeton «\sLecture\s» ou «\sInstruction\s»/);
    assert.match(text, /limite\s+dans la requête/);
    assert.match(text, /100 par défaut/);
    assert.match(text, /dossiers\[\]\.champs\[\]\.libelle/);
    assert.match(text, /suivant/);
    assert.match(text, /401 : Jeton manquant/);

    // The table of contents leads to a route by the keyboard.
    const toc = page.getByRole("navigation", { name: "Adresses" });
    const link = toc.getByRole("link", { name: /GET \/demarches\/\{id\}$/ });
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash.startsWith("#route-get_demarches_par_id"));

    const raw = page.getByRole("link", { name: "Document OpenAPI 3.1 (JSON)" });
    assert.is(await raw.getAttribute("href"), "/api/v1/openapi.json");
    await checkPage(page, "admin-api-documentation");
    const res = await page.request.get("/api/v1/openapi.json");
    assert.is(res.status(), 200);
    assert.match((await res.json()).openapi, /^3\.1\./);
  });

  e2e("on a phone the page fits the screen", async (ctx) => {
    const page = await signedIn(ctx, { width: 375, height: 740 });
    await page.goto("/admin/api");
    await page.getByRole("heading", { level: 2, name: /\/api\/v1\/dossiers\/\{id\}$/ }).waitFor();
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    await checkPage(page, "admin-api-documentation-telephone");
  });
}

e2e.run();
