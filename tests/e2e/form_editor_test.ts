/**
 * The form editor in a real browser: an administrator builds a form of many champ types,
 * with a conditional champ (checked live in the preview) and a repetition block, adds an
 * annotation privée, reorders with the keyboard, saves, reloads and finds it all; the
 * saved form has no problem for the server. Every state checked passes axe.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, Locator, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, launchBrowser, SHOTS_DIR } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { type Agent, superAdminAgent, type TestInstance, tokenFrom } from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const ADMIN_EMAIL = "claire.dupont@mairie.fr";
const ADMIN_PASSWORD = "Administrer-La-Commune-2026";

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  admin: Agent;
  demarcheId: number;
  page: Page;
}

const e2e = suite<Ctx>("form editor in the browser");

async function adminAgent(t: TestInstance, superAdmin: Agent): Promise<Agent> {
  await t.agent().trpc.auth.requestAdminAccount.mutate({
    nom: "Claire Dupont",
    organisation: "Commune",
    email: ADMIN_EMAIL,
    motif: "Démarches",
  });
  const [request] = (await superAdmin.trpc.superadmin.demandesAdmin.list.query({}))
    .filter((r) => r.email === ADMIN_EMAIL);
  await superAdmin.trpc.superadmin.demandesAdmin.accept.mutate({ id: request.id });
  const agent = t.agent();
  await agent.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(ADMIN_EMAIL, "compte administrateur")),
    password: ADMIN_PASSWORD,
  });
  return agent;
}

const cards = (page: Page) => page.locator(".editor__champs > .champ-list > .champ-card");
const card = (page: Page, label: string) =>
  cards(page).filter({ has: page.locator(".champ-card__label", { hasText: label }) }).first();
const preview = (page: Page) => page.locator(".editor__preview");

/** Adds a champ of type `typeLabel` (at the end, or in the block), names it, closes it. */
async function addChamp(
  page: Page,
  typeLabel: string,
  label: string,
  opts: { inBlock?: boolean; mandatory?: boolean; setup?: (card: Locator) => Promise<void> } = {},
) {
  const scope = opts.inBlock
    ? page.locator(".champ-card__children")
    : page.locator(".editor__champs");
  const select = opts.inBlock
    ? scope.getByLabel("Type du champ à ajouter")
    : page.locator("#ajout-champ");
  await select.selectOption({ label: typeLabel });
  await scope.getByRole("button", { name: opts.inBlock ? "Ajouter au bloc" : "Ajouter le champ" })
    .last().click();
  // The new champ opens with its label focused.
  await page.waitForFunction(() => document.activeElement?.id.endsWith("-libelle"));
  await page.locator(":focus").fill(label);
  const added = opts.inBlock ? scope.locator(".champ-card").last() : cards(page).last();
  if (opts.mandatory) await added.getByLabel("Champ obligatoire").check();
  await opts.setup?.(added);
  await added.getByRole("button", { name: `Fermer « ${label} »` }).click();
}

async function cardLabels(page: Page): Promise<string[]> {
  return await cards(page).locator(":scope > .champ-card__head .champ-card__label")
    .allInnerTexts();
}

async function savedAndClean(page: Page) {
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await page.getByText("Toutes les modifications sont enregistrées.").waitFor();
  await page.getByText(/Aucun problème/).waitFor();
}

if (!browserPath()) {
  e2e.skip("the form editor journey (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await startServedInstance();
      ctx.browser = await launchBrowser();
      const superAdmin = await superAdminAgent(ctx.served.t);
      ctx.admin = await adminAgent(ctx.served.t, superAdmin);
      ctx.demarcheId = (await ctx.admin.trpc.admin.demarches.create.mutate({
        titre: "Inscription à la cantine scolaire",
      })).id;
      const context = await ctx.browser.newContext({
        baseURL: ctx.served.baseUrl,
        locale: "fr-FR",
        viewport: { width: 1360, height: 900 },
      });
      context.setDefaultTimeout(10_000);
      ctx.page = await context.newPage();
    } catch (error) {
      console.error("\nThe browser tests could not start:", error);
      throw error;
    }
  });

  e2e.after(async (ctx) => {
    await ctx.browser?.close();
    await ctx.served?.stop();
  });

  e2e("the administrator opens the empty editor", async ({ page, demarcheId }) => {
    await page.goto(`/admin/demarches/${demarcheId}/formulaire`);
    await page.getByLabel("Adresse e-mail").fill(ADMIN_EMAIL);
    await page.getByLabel("Mot de passe").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("heading", { level: 1, name: /^Formulaire – Inscription/ }).waitFor();
    await page.getByText(/Aucun champ pour l’instant/).waitFor();
    await checkPage(page, "editor_vide");
  });

  e2e("a form of many champ types is built, with options", async ({ page }) => {
    await addChamp(page, "Titre de section", "Le foyer");
    await addChamp(page, "Explication", "Qui peut s’inscrire ?", {
      setup: async (c) => {
        await c.getByLabel("Description (facultatif)").fill(
          "Les enfants scolarisés dans les écoles de la commune.",
        );
      },
    });
    await addChamp(page, "Civilité", "Civilité", { mandatory: true });
    await addChamp(page, "Texte court", "Nom de famille", { mandatory: true });
    await addChamp(page, "Adresse électronique", "Adresse électronique", { mandatory: true });
    await addChamp(page, "Téléphone", "Téléphone");
    await addChamp(page, "Date", "Date d’emménagement", {
      setup: async (c) => {
        await c.getByLabel("N’accepter que des dates passées").check();
      },
    });
    await addChamp(page, "Communes", "Commune de résidence", { mandatory: true });
    await addChamp(page, "Nombre entier", "Nombre d’enfants", {
      setup: async (c) => {
        await c.getByLabel("Minimum (facultatif)").fill("1");
        await c.getByLabel("Maximum (facultatif)").fill("12");
      },
    });
    await addChamp(page, "Choix simple", "Régime alimentaire", {
      setup: async (c) => {
        await c.getByLabel("Options proposées").fill("Standard\nSans porc\nVégétarien");
        await c.getByLabel("Proposer « Autre », avec une réponse libre").check();
      },
    });
    await addChamp(page, "Choix multiple", "Jours de présence", {
      setup: async (c) => {
        await c.getByLabel("Options proposées").fill("Lundi\nMardi\nJeudi\nVendredi");
      },
    });
    await addChamp(page, "Oui/Non", "Allergies alimentaires ?", { mandatory: true });
    await addChamp(page, "Texte long", "Précisez les allergies", {
      setup: async (c) => {
        await c.getByLabel("Nombre maximal de caractères (facultatif)").fill("500");
        await c.getByRole("button", { name: "Ajouter une condition" }).click();
        await c.getByLabel("Champ", { exact: true }).selectOption({
          label: "Allergies alimentaires ?",
        });
        await c.getByLabel("Opérateur").selectOption({ label: "est" });
        await c.getByLabel("Valeur").selectOption({ label: "Oui" });
        // The rules of a condition, open, are a list of groups that axe accepts.
        await checkPage(page, "editor_condition");
      },
    });
    await addChamp(page, "Bloc répétable", "Enfants à inscrire");
    await addChamp(page, "Texte court", "Prénom de l’enfant", { inBlock: true, mandatory: true });
    await addChamp(page, "Date", "Date de naissance de l’enfant", { inBlock: true });
    await addChamp(page, "Pièce justificative", "Justificatif de domicile", { mandatory: true });
    await addChamp(page, "Case à cocher seule", "J’accepte le règlement de la cantine", {
      mandatory: true,
    });
    assert.equal((await cardLabels(page)).length, 16);
    assert.match(
      await card(page, "Précisez les allergies").locator(".champ-card__condition").innerText(),
      /Affiché si « Allergies alimentaires \? » est Oui/,
    );
    await checkPage(page, "editor_formulaire");
  });

  e2e("the preview applies the condition live and adds repetition rows", async ({ page }) => {
    const p = preview(page);
    const allergies = p.getByLabel(/^Précisez les allergies/);
    assert.is(await allergies.count(), 0, "hidden while the source is unanswered");
    const source = p.getByRole("group", { name: /Allergies alimentaires/ });
    await source.getByLabel("Oui").check();
    await allergies.waitFor();
    await allergies.fill("Arachides");
    await p.getByText("9 / 500 caractères").waitFor();
    await source.getByLabel("Non").check();
    await allergies.waitFor({ state: "detached" });

    await p.getByRole("button", { name: /Ajouter une ligne/ }).click();
    await p.getByLabel("Prénom de l’enfant").fill("Léa");
    await p.getByRole("button", { name: /Ajouter une ligne/ }).click();
    assert.is(await p.getByLabel("Prénom de l’enfant").count(), 2);

    const commune = p.getByRole("combobox", { name: /Commune de résidence/ });
    await commune.fill("29200");
    await p.getByRole("option", { name: "Brest (29200)" }).waitFor();
    await commune.press("ArrowDown");
    await commune.press("Enter");
    assert.is(await commune.inputValue(), "Brest (29200)");
    assert.is(await commune.getAttribute("aria-expanded"), "false");

    await p.getByRole("group", { name: /Régime alimentaire/ }).getByLabel("Autre").check();
    await p.getByLabel("Précisez votre réponse").fill("Sans gluten");
    await checkPage(page, "editor_apercu_rempli");
  });

  e2e("champs are reordered with the keyboard", async ({ page }) => {
    const before = await cardLabels(page);
    const up = page.getByRole("button", { name: "Monter « Adresse électronique »" });
    await up.focus();
    await page.keyboard.press("Enter");
    const after = await cardLabels(page);
    const i = before.indexOf("Adresse électronique");
    assert.is(after.indexOf("Adresse électronique"), i - 1);
    assert.is(after[i], "Nom de famille");
    // Focus follows the champ, so the move can be repeated.
    assert.is(
      await page.evaluate(() => document.activeElement?.textContent),
      "Monter« Adresse électronique »",
    );
    await page.keyboard.press("Enter");
    assert.is((await cardLabels(page)).indexOf("Adresse électronique"), i - 2);
    await page.getByRole("button", { name: "Descendre « Adresse électronique »" }).press("Enter");
    assert.is((await cardLabels(page)).indexOf("Adresse électronique"), i - 1);
  });

  e2e("a deleted champ comes back with « Annuler la suppression »", async ({ page }) => {
    await page.getByRole("button", { name: "Supprimer « Téléphone »" }).click();
    await page.getByText("Le champ « Téléphone » est supprimé.").waitFor();
    assert.not.ok((await cardLabels(page)).includes("Téléphone"));
    await page.getByRole("button", { name: "Annuler la suppression" }).click();
    assert.ok((await cardLabels(page)).includes("Téléphone"));
  });

  e2e("the form is saved with no problem", async ({ page }) => {
    await savedAndClean(page);
  });

  e2e("a rename is saved when the administrator leaves at once by a link", async (ctx) => {
    const { page, demarcheId } = ctx;
    const telephone = card(page, "Téléphone");
    await telephone.getByRole("button", { name: "Modifier « Téléphone »" }).click();
    await telephone.getByLabel("Libellé").fill("Téléphone portable");
    // Well before the automatic save, two seconds after the last change.
    await page.waitForTimeout(800);
    await page.getByRole("link", { name: "Annotations privées" }).click();
    await page.waitForURL(`**/admin/demarches/${demarcheId}/annotations`);
    await page.getByRole("heading", { level: 1, name: /^Annotations privées/ }).waitFor();
    const { form } = await ctx.admin.trpc.admin.demarches.get.query({ id: demarcheId });
    assert.ok(form.champs.some((c) => c.label === "Téléphone portable"), "the rename is saved");
    assert.not.ok(form.champs.some((c) => c.label === "Téléphone"));

    await page.getByRole("link", { name: "Champs du formulaire" }).click();
    await card(page, "Téléphone portable").waitFor();
    await page.getByText(/Aucun problème/).waitFor();
  });

  e2e("what cannot be saved is only left once the administrator agrees", async (ctx) => {
    const { page, demarcheId } = ctx;
    const telephone = card(page, "Téléphone portable");
    await telephone.getByRole("button", { name: "Modifier « Téléphone portable »" }).click();
    await telephone.getByLabel("Libellé").fill("");
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("link", { name: "Retour à la démarche" }).click();
    await page.waitForTimeout(300);
    assert.equal(asked.length, 1, "the administrator is asked");
    assert.match(asked[0], /Des champs sont à compléter.*Quitter quand même/);
    assert.match(page.url(), /\/formulaire$/, "they stay on the editor");

    await page.locator(".champ-card").filter({ has: page.getByLabel("Libellé") }).first()
      .getByLabel("Libellé").fill("Téléphone");
    await page.getByRole("link", { name: "Retour à la démarche" }).click();
    await page.waitForURL(`**/admin/demarches/${demarcheId}`);
    const { form } = await ctx.admin.trpc.admin.demarches.get.query({ id: demarcheId });
    assert.ok(form.champs.some((c) => c.label === "Téléphone"), "saved on the way out");
    await page.getByRole("link", { name: "Formulaire", exact: true }).click();
    await page.getByText(/Aucun problème/).waitFor();
  });

  e2e("an annotation privée is added on its own page", async ({ page, demarcheId }) => {
    await page.getByRole("link", { name: "Annotations privées" }).click();
    await page.waitForURL(`**/admin/demarches/${demarcheId}/annotations`);
    await page.getByRole("heading", { level: 1, name: /^Annotations privées/ }).waitFor();
    await addChamp(page, "Oui/Non", "Quotient familial vérifié");
    await addChamp(page, "Texte long", "Remarques de l’instructeur", {
      setup: async (c) => {
        // Annotations may depend on public champs.
        await c.getByRole("button", { name: "Ajouter une condition" }).click();
        await c.getByLabel("Champ", { exact: true }).selectOption({
          label: "Quotient familial vérifié",
        });
        await c.getByLabel("Valeur").selectOption({ label: "Non" });
      },
    });
    await savedAndClean(page);
    await checkPage(page, "editor_annotations");
  });

  e2e("after a reload the form is all there, in its order", async (ctx) => {
    const { page, demarcheId } = ctx;
    await page.goto(`/admin/demarches/${demarcheId}/formulaire`);
    await page.getByRole("heading", { level: 1, name: /^Formulaire/ }).waitFor();
    await page.getByText(/Aucun problème/).waitFor();
    const labels = await cardLabels(page);
    assert.is(labels.length, 16);
    assert.is(labels.indexOf("Adresse électronique"), labels.indexOf("Nom de famille") - 1);
    assert.match(
      await card(page, "Précisez les allergies").locator(".champ-card__condition").innerText(),
      /est Oui/,
    );
    const block = card(page, "Enfants à inscrire");
    assert.equal(
      await block.locator(".champ-card__children .champ-card__label").allInnerTexts(),
      ["Prénom de l’enfant", "Date de naissance de l’enfant"],
    );

    const { form } = await ctx.admin.trpc.admin.demarches.get.query({ id: demarcheId });
    const types = new Set(
      [...form.champs, ...form.champs.flatMap((c) => c.children ?? [])].map((c) => c.type),
    );
    assert.ok(types.size >= 12, `${types.size} champ types`);
    assert.equal(form.annotations.map((a) => a.label), [
      "Quotient familial vérifié",
      "Remarques de l’instructeur",
    ]);
    const allergies = form.champs.find((c) => c.label === "Précisez les allergies")!;
    const source = form.champs.find((c) => c.label === "Allergies alimentaires ?")!;
    assert.equal(allergies.condition, { op: "eq", champ: source.stableId, value: true });
    assert.ok(form.champs.every((c) => /^[a-z0-9]{10}$/.test(c.stableId)));
    const { issues } = await ctx.admin.trpc.admin.demarches.saveForm.mutate({
      id: demarcheId,
      form,
    });
    assert.equal(issues, []);
  });

  e2e("on a phone the preview comes below the champs", async ({ browser, served, page }) => {
    const phone = await browser.newContext({
      baseURL: served.baseUrl,
      locale: "fr-FR",
      viewport: { width: 390, height: 844 },
      storageState: await page.context().storageState(),
    });
    const small = await phone.newPage();
    await small.goto(new URL(page.url()).pathname);
    await small.getByRole("heading", { level: 1, name: /^Formulaire/ }).waitFor();
    const champs = await small.locator(".editor__champs").boundingBox();
    const apercu = await small.locator(".editor__preview").boundingBox();
    assert.ok(champs && apercu && apercu.y > champs.y, "the preview is below");
    await small.locator(".editor__preview").screenshot({ path: `${SHOTS_DIR}/editor_apercu.png` });
    await checkPage(small, "editor_telephone");
    await phone.close();
  });
}

e2e.run();
