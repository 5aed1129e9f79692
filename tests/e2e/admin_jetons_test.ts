/**
 * Jetons d'API in a real browser: an administrateur makes one for a chosen démarche, sees its
 * secret once, a tool reads with it, then the administrateur revokes it. Pages pass axe.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, launchBrowser } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { superAdminAgent } from "../helpers/instance.ts";
import { adminAgent } from "../helpers/people.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const ALICE = "alice@mairie-brest.fr";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

const e2e = suite<Ctx>("jetons d'API in the browser");

if (!browserPath()) {
  e2e.skip("making and revoking a jeton (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    assert.ok(await ensureUiBuilt(), "the UI must build");
    ctx.served = await startServedInstance();
    const t = ctx.served.t;
    const alice = await adminAgent(t, await superAdminAgent(t), ALICE);
    await alice.trpc.admin.demarches.create.mutate({ titre: "Permis de naviguer" });
    await alice.trpc.admin.demarches.create.mutate({ titre: "Place au port" });
    ctx.browser = await launchBrowser();
    ctx.context = await ctx.browser.newContext({
      baseURL: ctx.served.baseUrl,
      locale: "fr-FR",
      viewport: { width: 1280, height: 860 },
    });
    ctx.context.setDefaultTimeout(10_000);
    await ctx.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    ctx.page = await ctx.context.newPage();
  });
  e2e.after(async (ctx) => {
    await ctx.context?.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
  });

  e2e("an administrateur makes a jeton, sees it once, and it reads the API", async (ctx) => {
    const page = ctx.page;
    await page.goto("/connexion?retour=%2Fadmin");
    await page.getByLabel("Adresse e-mail").fill(ALICE);
    await page.getByLabel("Mot de passe").fill("Administrer-La-Commune-2026");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.waitForURL("**/admin");
    await page.getByRole("link", { name: "Jetons d’API" }).click();
    await page.getByRole("heading", { level: 1, name: "Jetons d’API" }).waitFor();
    await page.getByText("Aucun jeton.").waitFor();
    await checkPage(page, "admin_jetons_vide");

    await page.getByLabel("Nom du jeton").fill("Tableur du service");
    await page.getByLabel("Durée de validité").selectOption("30");
    await page.getByLabel("Les démarches cochées ci-dessous").check();
    await page.getByLabel("Permis de naviguer").check();
    await page.getByRole("button", { name: "Créer le jeton" }).click();
    const secret = (await page.getByTestId("secret").textContent())!;
    assert.match(secret, /^gch_[A-Za-z0-9_-]{43}$/);
    await page.getByRole("button", { name: "Copier le jeton" }).click();
    await page.getByText("Jeton copié.").waitFor();
    assert.is(await page.evaluate(() => navigator.clipboard.readText()), secret);
    const row = page.getByRole("row", { name: /Tableur du service/ });
    await row.getByText("Permis de naviguer").waitFor();
    await row.getByText("Jamais").waitFor();
    await checkPage(page, "admin_jetons_cree");

    const res = await fetch(`${ctx.served.baseUrl}/api/v1/demarches`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    const body = await res.json();
    assert.equal(body.demarches.map((d: { titre: string }) => d.titre), ["Permis de naviguer"]);

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Jetons d’API" }).waitFor();
    await row.waitFor();
    assert.is(await page.getByTestId("secret").count(), 0, "the secret is never shown again");
    assert.not.ok((await page.content()).includes(secret.slice(4)));
    assert.not.match((await row.textContent())!, /Jamais/, "its last use shows");
  });

  e2e("revoking it needs a confirmation and stops the jeton", async (ctx) => {
    const page = ctx.page;
    const row = page.getByRole("row", { name: /Tableur du service/ });
    await row.getByRole("button", { name: "Révoquer « Tableur du service »" }).click();
    await row.getByRole("button", { name: "Révoquer le jeton" }).click();
    await row.getByText(/^Révoqué le/).waitFor();
    await checkPage(page, "admin_jetons_revoque");
    const tokens = await ctx.served.t.deps.db.selectFrom("api_tokens").select("revoked_at")
      .execute();
    assert.ok(tokens[0].revoked_at);
  });
}

e2e.run();
