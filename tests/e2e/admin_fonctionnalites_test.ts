/**
 * The attestation from the administrator's side, in a real browser: switching « Attestation
 * PDF » on keeps the text being typed (before and right after the switch); the démarche's
 * page lists what step 5 of the guide asks to personalise, each with its state and a link,
 * the attestation among them. Every page passes axe, on a computer and on a phone.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import {
  checkPage,
  closeBrowserSuite,
  heading,
  newPage,
  openBrowserSuite,
} from "../helpers/browser.ts";
import type { ServedInstance } from "../helpers/served_instance.ts";
import { type Agent, superAdminAgent } from "../helpers/instance.ts";
import { adminAgent } from "../helpers/people.ts";

const ALICE = "alice@mairie-brest.fr";
const PASSWORD = "Administrer-La-Commune-2026";
const TITRE = "Titre de navigation";
const TEXTE = "Nous attestons que le bateau --Nom du bateau-- est inscrit au registre.";
const TEXTE_FINAL = "Le bateau --Nom du bateau-- est inscrit au registre de la commune.";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  alice: Agent;
  demarcheId: number;
  page: Page;
}

const e2e = suite<Ctx>("fonctionnalités and the démarche's contents in the browser");

const card = (page: Page, label: string) =>
  page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: label }) });

/** The line of « Le formulaire et ses réglages » for `label`: its state. */
async function stateOf(page: Page, label: string): Promise<string> {
  const line = page.getByRole("region", { name: "Le formulaire et ses réglages" })
    .getByRole("listitem").filter({ has: page.getByRole("link", { name: label, exact: true }) });
  return (await line.locator(".badge").innerText()).trim();
}

if (!browserPath()) {
  e2e.skip("fonctionnalités in the browser (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    await openBrowserSuite(ctx);
    const t = ctx.served.t;
    ctx.alice = await adminAgent(t, await superAdminAgent(t), ALICE);
    const demarches = ctx.alice.trpc.admin.demarches;
    ctx.demarcheId = (await demarches.create.mutate({ titre: TITRE })).id;
    await demarches.saveForm.mutate({
      id: ctx.demarcheId,
      form: {
        champs: [
          { stableId: "s_bateau", type: "header_section", label: "Le bateau" },
          { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
          { stableId: "longueur", type: "decimal_number", label: "Longueur (m)" },
          { stableId: "acte", type: "piece_justificative", label: "Acte de francisation" },
        ],
        annotations: [],
      },
    });
    ctx.page = await newPage(ctx);
    await ctx.page.goto(`/connexion?retour=/admin/demarches/${ctx.demarcheId}/fonctionnalites`);
    await ctx.page.getByLabel("Adresse e-mail").fill(ALICE);
    await ctx.page.getByLabel("Mot de passe").fill(PASSWORD);
    await ctx.page.getByRole("button", { name: "Se connecter" }).click();
    await heading(ctx.page, "Fonctionnalités");
  });
  e2e.after(closeBrowserSuite);

  e2e("switching « Attestation PDF » on keeps the text being typed", async (ctx) => {
    const page = ctx.page;
    const attestation = card(page, "Attestation PDF");
    const toggle = attestation.getByRole("switch", { name: "Attestation PDF" });
    assert.is(await toggle.isChecked(), false);
    await attestation.getByText("Désactivée", { exact: true }).waitFor();
    const texte = attestation.getByLabel("Texte de l’attestation");
    await texte.fill(TEXTE);
    await toggle.check();
    // Typing goes on right after the switch, while the list is reloaded.
    await texte.fill(TEXTE_FINAL);
    await page.getByText("« Attestation PDF » est activée.").waitFor();
    await attestation.getByText("Activée", { exact: true }).waitFor();
    await page.waitForTimeout(1500);
    assert.is(await texte.inputValue(), TEXTE_FINAL, "what was typed is still there");
    await attestation.getByRole("button", { name: "Enregistrer les réglages" }).click();
    await page.getByText("Les réglages de « Attestation PDF » sont enregistrés.").waitFor();
    assert.is(await texte.inputValue(), TEXTE_FINAL);
    const stored = (await ctx.alice.trpc.admin.demarches.fonctionnalites.query({
      id: ctx.demarcheId,
    })).find((f) => f.id === "attestation_pdf")!;
    assert.ok(stored.enabled);
    assert.is((stored.settings as { texte: string }).texte, TEXTE_FINAL);
    await checkPage(page, "admin_fonctionnalites_attestation");
  });

  e2e("settings read as French: one « (facultatif) », a region named with elision", async (ctx) => {
    const page = ctx.page;
    assert.is(await page.getByText("(facultatif) (facultatif)").count(), 0);
    await card(page, "Webhook").getByLabel("Secret de signature (facultatif)").waitFor();
    await page.getByRole("form", { name: "Réglages — Attestation PDF" }).waitFor();
  });

  e2e("the démarche's page lists what to personalise, the attestation among it", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/admin/demarches/${ctx.demarcheId}`);
    await heading(page, TITRE);
    await page.getByRole("heading", { name: "Le formulaire et ses réglages" }).waitFor();
    await page.getByRole("link", { name: "Instructeurs", exact: true }).first().waitFor();
    assert.is(await stateOf(page, "Champs du formulaire"), "2 champs");
    assert.is(await stateOf(page, "Pièces jointes"), "1 pièce jointe");
    assert.is(await stateOf(page, "Annotations privées"), "Aucune");
    assert.is(await stateOf(page, "E-mails aux usagers"), "Textes par défaut");
    assert.is(await stateOf(page, "Attestation"), "Activée");
    assert.is(await stateOf(page, "Service"), "À configurer");
    assert.is(await stateOf(page, "Instructeurs"), "À configurer");
    assert.match(
      await page.locator(".section-card").filter({ hasText: "Fonctionnalités" }).innerText(),
      /attestation/i,
    );
    await checkPage(page, "admin_demarche_contenu");

    await page.getByRole("region", { name: "Le formulaire et ses réglages" })
      .getByRole("link", { name: "Attestation", exact: true }).click();
    await heading(page, "Fonctionnalités");
    await card(page, "Attestation PDF").getByRole("switch").waitFor();
  });

  e2e("on a phone the démarche's contents fit the screen", async (ctx) => {
    const phone = await ctx.browser.newContext({
      baseURL: ctx.served.baseUrl,
      locale: "fr-FR",
      viewport: { width: 390, height: 844 },
      storageState: await ctx.page.context().storageState(),
    });
    ctx.contexts.push(phone);
    const small = await phone.newPage();
    await small.goto(`/admin/demarches/${ctx.demarcheId}`);
    await heading(small, TITRE);
    await small.getByRole("heading", { name: "Le formulaire et ses réglages" }).waitFor();
    await small.getByText("1 pièce jointe", { exact: true }).waitFor();
    const width = await small.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide`);
    await checkPage(small, "admin_demarche_contenu_telephone");
    await small.goto(`/admin/demarches/${ctx.demarcheId}/fonctionnalites`);
    await heading(small, "Fonctionnalités");
    await checkPage(small, "admin_fonctionnalites_telephone");
  });
}

e2e.run();
