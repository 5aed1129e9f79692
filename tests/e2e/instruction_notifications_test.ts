/**
 * An instructeur chooses their e-mail notifications in a real browser: from « Mes démarches »
 * to the page, a choice changed with the keyboard and saved with a confirmation, kept after
 * a reload; the page passes axe, on a phone too.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, launchBrowser } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { superAdminAgent, tokenFrom } from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const TITRE = "Permis de pêche";
const INSTRUCTEUR = "ines.instructrice@mairie.fr";
const PASSWORD = "Instruire-Les-Dossiers-2026";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  demarcheId: number;
}

const e2e = suite<Ctx>("instructeur's notifications in the browser");

async function setUp(ctx: Ctx) {
  const t = ctx.served.t;
  const admin = (await superAdminAgent(t)).trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: TITRE });
  ctx.demarcheId = id;
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: INSTRUCTEUR,
  });
  await t.agent().trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(INSTRUCTEUR, "Vous êtes instructeur")),
    password: PASSWORD,
  });
}

if (!browserPath()) {
  e2e.skip("the notifications page (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await startServedInstance();
      ctx.browser = await launchBrowser();
      await setUp(ctx);
      ctx.context = await ctx.browser.newContext({
        baseURL: ctx.served.baseUrl,
        locale: "fr-FR",
        timezoneId: "Europe/Paris",
        viewport: { width: 1280, height: 860 },
      });
      ctx.context.setDefaultTimeout(10_000);
      ctx.page = await ctx.context.newPage();
    } catch (error) {
      console.error("\nThe browser tests could not start:", error);
      throw error;
    }
  });

  e2e.after(async (ctx) => {
    await ctx.context?.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
  });

  e2e("from « Mes démarches », the instructeur saves a choice and reads it back", async (ctx) => {
    const page = ctx.page;
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail").fill(INSTRUCTEUR);
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("navigation", { name: "Espaces" }).getByRole("link", {
      name: "Instruction",
    }).waitFor();
    await page.goto("/instruction");
    await page.getByRole("link", { name: "Choisir mes notifications par e-mail" }).click();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    const card = page.getByRole("form", { name: TITRE });
    const depot = card.getByLabel("Nouveau dossier déposé");
    assert.is(await depot.inputValue(), "resume", "the default");
    assert.is(await card.getByLabel("Nouveau message d’un usager").inputValue(), "immediat");
    await checkPage(page, "instruction_notifications");
    // With the keyboard only: focus the select, pick « Immédiatement », tab to the button.
    await depot.focus();
    await depot.selectOption("immediat");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await card.getByRole("status").getByText(`Vos choix pour « ${TITRE} » sont enregistrés.`)
      .waitFor();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    await page.getByRole("form", { name: TITRE }).getByLabel("Nouveau dossier déposé").waitFor();
    assert.is(
      await page.getByRole("form", { name: TITRE }).getByLabel("Nouveau dossier déposé")
        .inputValue(),
      "immediat",
    );
  });

  e2e("the page fits a phone and passes axe there", async (ctx) => {
    const page = ctx.page;
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("form", { name: TITRE }).waitFor();
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    assert.is(overflow, 0, "no horizontal scroll");
    await checkPage(page, "instruction_notifications_telephone");
  });
}

e2e.run();
