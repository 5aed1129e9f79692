/**
 * The instructeur's tools in a real browser: a search ignoring accents, a filter on a
 * choice champ (chips, URL), a chosen column, two dossiers passed en instruction in one
 * batch, a sort on a champ column from its header (and « Trier par » on a phone), a period
 * on the decision date; on a dossier, a message to the usager, a demande de correction, an avis asked of
 * an expert, who sets a password from the e-mail, reads the dossier under « Avis » and
 * answers; the instructeur reads the answer; a batch takes every dossier of the tab. Every
 * page passes axe, on a phone too. Over 400 lines because it is one journey on one instance
 * and one browser, each step starting where the last one left off.
 */
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser, linkIn } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import { type Agent, signedUpAgent, superAdminAgent, tokenFrom } from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const TITRE = "Titre de navigation";
const INSTRUCTEUR = "jean.instructeur@mairie-brest.fr";
const COLLEGUE = "anne.instructrice@mairie-brest.fr";
const EXPERT = "capitaine.expert@affaires-maritimes.fr";
const EXPERT_PASSWORD = "Donner-Un-Avis-Sur-Le-Bateau-9";
const PASSWORD = "Instruire-Les-Dossiers-2026";
const USAGER = "proprietaire@exemple.fr";

const FORM = {
  champs: [
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone de navigation",
      mandatory: true,
      options: { choices: ["Atlantique", "Manche"] },
    },
    { stableId: "longueur", type: "integer_number", label: "Longueur (m)" },
  ],
  annotations: [],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  page: Page;
  demarcheId: number;
  goeland: number;
  mouette: number;
  etoile: number;
  /** The link of the e-mail asking the expert's avis. */
  expertLink: string;
  /** Another instructeur of the groupe, through the API. */
  collegue: Agent;
}

const e2e = suite<Ctx>("instruction tools in the browser");

const row = (page: Page, id: number) =>
  page.getByRole("row").filter({ has: page.getByRole("link", { name: `Dossier n° ${id}` }) });

/** Waits until the dashboard lists these dossiers in this order (table, or cards). */
async function waitForOrder(page: Page, expected: number[], where: "table" | "cards" = "table") {
  const list = where === "table"
    ? page.getByRole("table")
    : page.getByRole("list", { name: /^Dossiers de l’onglet/ });
  const numbers = async () =>
    (await list.getByRole("link", { name: /^(Dossier )?n° \d+$/i }).allInnerTexts())
      .map((text) => Number(text.replace(/\D/g, "")));
  let shown: number[] = [];
  for (let tries = 0; tries < 100; tries++) {
    shown = await numbers();
    if (shown.join() === expected.join()) return;
    await page.waitForTimeout(100);
  }
  assert.equal(shown, expected, "the dossiers' order");
}

async function setUp(ctx: Ctx) {
  const t = ctx.served.t;
  const admin = (await superAdminAgent(t)).trpc;
  const { id } = await admin.admin.demarches.create.mutate({ titre: TITRE });
  ctx.demarcheId = id;
  await admin.admin.demarches.updateSettings.mutate({
    id,
    titre: TITRE,
    service: { nom: "Service nautique", organisme: "Mairie", email: "nautique@mairie.fr" },
    siteWeb: "https://www.mairie.fr",
  });
  await admin.admin.demarches.saveForm.mutate({ id, form: FORM });
  const [defaut] = await admin.admin.demarches.groupes.list.query({ demarcheId: id });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: INSTRUCTEUR,
  });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: defaut.id,
    email: COLLEGUE,
  });
  await admin.admin.demarches.publish.mutate({ id, path: "titre-navigation" });
  await t.agent().trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(INSTRUCTEUR, "Vous êtes instructeur")),
    password: PASSWORD,
  });
  ctx.collegue = t.agent();
  await ctx.collegue.trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(COLLEGUE, "Vous êtes instructeur")),
    password: PASSWORD,
  });
  const usager = await signedUpAgent(t, USAGER);
  const deposit = async (values: Record<string, unknown>) => {
    const { id: dossier } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    const saved = await usager.trpc.usager.save.mutate({ id: dossier, values });
    assert.equal(saved.errors, {}, "the dossier's values are valid");
    await usager.trpc.usager.deposer.mutate({ id: dossier });
    return dossier;
  };
  ctx.goeland = await deposit({ nom: "Le Goéland", zone: "Atlantique", longueur: 9 });
  ctx.mouette = await deposit({ nom: "La Mouette", zone: "Manche", longueur: 6 });
  ctx.etoile = await deposit({ nom: "L’Étoile", zone: "Atlantique", longueur: 12 });
  const { id: brest } = await admin.admin.demarches.groupes.add.mutate({
    demarcheId: id,
    label: "Quartier maritime de Brest",
  });
  await admin.admin.demarches.groupes.addInstructeur.mutate({
    demarcheId: id,
    groupeId: brest,
    email: INSTRUCTEUR,
  });
}

if (!browserPath()) {
  e2e.skip("the instruction tools (Chromium is missing)", () => {});
} else {
  e2e.before(async (ctx) => {
    ctx.contexts = [];
    try {
      assert.ok(await ensureUiBuilt(), "the UI must build");
      ctx.served = await startServedInstance();
      ctx.browser = await launchBrowser();
      await setUp(ctx);
    } catch (error) {
      console.error("\nThe browser tests could not start:", error);
      throw error;
    }
  });

  e2e.after(async (ctx) => {
    for (const context of ctx.contexts ?? []) await context.close();
    await ctx.browser?.close();
    await ctx.served?.stop();
  });

  const newPage = async (ctx: Ctx) => {
    const context = await ctx.browser.newContext({
      baseURL: ctx.served.baseUrl,
      locale: "fr-FR",
      timezoneId: "Europe/Paris",
      viewport: { width: 1280, height: 860 },
    });
    context.setDefaultTimeout(10_000);
    ctx.contexts.push(context);
    return await context.newPage();
  };

  e2e("a search without accents finds the dossier; clearing it shows all", async (ctx) => {
    const page = ctx.page = await newPage(ctx);
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail").fill(INSTRUCTEUR);
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("navigation", { name: "Espaces" }).getByRole("link", {
      name: "Instruction",
    }).waitFor();
    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=tous`);
    await heading(page, TITRE);
    await row(page, ctx.mouette).waitFor();
    await page.getByLabel("Rechercher dans les dossiers").fill("goeland");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await page.getByRole("button", { name: "Retirer le filtre Recherche : « goeland »" })
      .waitFor();
    await row(page, ctx.mouette).waitFor({ state: "detached" });
    assert.is(await page.getByRole("table").getByRole("row").count(), 2, "a header and a row");
    await row(page, ctx.goeland).waitFor();
    assert.match(page.url(), /recherche=goeland/);
    await checkPage(page, "instruction2_recherche");
    await page.getByRole("button", { name: "Retirer le filtre Recherche : « goeland »" }).click();
    await row(page, ctx.mouette).waitFor();
  });

  e2e("a filter on a choice champ shows as a chip; a column is added", async (ctx) => {
    const page = ctx.page;
    await page.getByRole("button", { name: "Filtrer" }).click();
    await page.getByLabel("Champ", { exact: true }).selectOption({ label: "Zone de navigation" });
    await page.getByLabel("Valeur").selectOption("Atlantique");
    await checkPage(page, "instruction2_filtres");
    await page.getByRole("button", { name: "Appliquer les filtres" }).click();
    await page.getByRole("button", { name: "Retirer le filtre Zone de navigation = Atlantique" })
      .waitFor();
    await row(page, ctx.mouette).waitFor({ state: "detached" });
    await row(page, ctx.goeland).waitFor();
    await row(page, ctx.etoile).waitFor();
    await page.getByRole("button", { name: "Colonnes" }).click();
    await page.getByRole("checkbox", { name: "Nom du bateau" }).check();
    await checkPage(page, "instruction2_colonnes");
    await page.getByRole("button", { name: "Enregistrer les colonnes" }).click();
    await page.getByRole("columnheader", { name: "Nom du bateau" }).waitFor();
    assert.match(await row(page, ctx.etoile).innerText(), /L’Étoile/);
    await page.reload();
    await heading(page, TITRE);
    await page.getByRole("columnheader", { name: "Nom du bateau" }).waitFor();
    await row(page, ctx.goeland).waitFor();
    assert.is(await row(page, ctx.mouette).count(), 0, "the filter came back from the URL");
  });

  e2e("« Suivi par » keeps a colleague's dossiers; its chip takes it away", async (ctx) => {
    const page = ctx.page;
    await ctx.collegue.trpc.instruction.follow.mutate({ id: ctx.goeland, on: true });
    await page.getByRole("button", { name: "Filtrer" }).click();
    await page.getByLabel("Suivi par").selectOption({ label: COLLEGUE });
    await page.getByRole("button", { name: "Appliquer les filtres" }).click();
    const chip = page.getByRole("button", { name: `Retirer le filtre Suivi par ${COLLEGUE}` });
    await chip.waitFor();
    await row(page, ctx.etoile).waitFor({ state: "detached" });
    await row(page, ctx.goeland).waitFor();
    await chip.click();
    await row(page, ctx.etoile).waitFor();
    await ctx.collegue.trpc.instruction.follow.mutate({ id: ctx.goeland, on: false });
  });

  e2e("two selected dossiers pass en instruction in one batch", async (ctx) => {
    const page = ctx.page;
    await page.getByRole("checkbox", { name: "Tout sélectionner" }).check();
    await page.getByRole("heading", { name: "2 dossiers sélectionnés" }).waitFor();
    await page.getByRole("button", { name: "Passer en instruction…" }).click();
    await checkPage(page, "instruction2_lot");
    await page.getByRole("button", { name: "Passer en instruction 2 dossiers" }).click();
    await page.getByText("2 dossiers sur 2 passés en instruction.").waitFor();
    await page.locator(".batch-results").getByRole("link", { name: `Dossier n° ${ctx.etoile}` })
      .waitFor();
    // The rows are read again once the results show.
    await row(page, ctx.goeland).getByText("En instruction").waitFor();
    assert.match(await row(page, ctx.etoile).innerText(), /En instruction/);
    await checkPage(page, "instruction2_lot_resultat");
    await ctx.served.t.mail(USAGER, `Votre dossier n° ${ctx.goeland} est en instruction`);
  });

  e2e("on a phone the filtered dashboard is a list of cards with the column", async (ctx) => {
    const page = ctx.page;
    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    await heading(page, TITRE);
    const cards = page.getByRole("list", { name: "Dossiers de l’onglet « Tous »" });
    await cards.getByText("L’Étoile").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the dashboard is ${width}px wide`);
    await checkPage(page, "instruction2_telephone_tableau");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  e2e("a champ column sorts the dossiers from its header, both ways", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=tous`);
    await heading(page, TITRE);
    await waitForOrder(page, [ctx.etoile, ctx.mouette, ctx.goeland]);
    await page.getByRole("button", { name: "Colonnes" }).click();
    await page.getByRole("checkbox", { name: "Longueur (m)" }).check();
    await page.getByRole("button", { name: "Enregistrer les colonnes" }).click();
    const longueur = page.getByRole("columnheader", { name: "Longueur (m)" });
    await longueur.waitFor();
    assert.is(await longueur.getAttribute("aria-sort"), null, "not sorted yet");
    assert.is(
      await page.getByRole("columnheader", { name: "N°" }).getAttribute("aria-sort"),
      "descending",
    );
    await longueur.getByRole("button").click();
    await waitForOrder(page, [ctx.mouette, ctx.goeland, ctx.etoile]);
    assert.is(await longueur.getAttribute("aria-sort"), "ascending");
    assert.is(
      await page.getByRole("columnheader", { name: "N°" }).getAttribute("aria-sort"),
      null,
      "one column is sorted at a time",
    );
    assert.match(page.url(), /tri=champ(:|%3A)longueur-asc/);
    await page.getByText("triés par « Longueur (m) », du plus petit au plus grand").waitFor();
    await checkPage(page, "instruction2_tri_champ");
    await longueur.getByRole("button").press("Enter");
    await waitForOrder(page, [ctx.etoile, ctx.goeland, ctx.mouette]);
    assert.is(await longueur.getAttribute("aria-sort"), "descending");
    await page.reload();
    await heading(page, TITRE);
    await waitForOrder(page, [ctx.etoile, ctx.goeland, ctx.mouette]);
    assert.is(await longueur.getAttribute("aria-sort"), "descending", "the sort is in the URL");
  });

  e2e("on a phone « Trier par » sorts the cards", async (ctx) => {
    const page = ctx.page;
    await page.setViewportSize({ width: 375, height: 740 });
    const sortBy = page.getByLabel("Trier par");
    await sortBy.waitFor();
    const chosen = () => sortBy.evaluate((s: HTMLSelectElement) => s.selectedOptions[0].text);
    assert.is(await chosen(), "Longueur (m), décroissant");
    await sortBy.selectOption({ label: "Date de dépôt, plus ancienne d’abord" });
    await waitForOrder(page, [ctx.goeland, ctx.mouette, ctx.etoile], "cards");
    assert.match(page.url(), /tri=depot-asc/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the dashboard is ${width}px wide`);
    await checkPage(page, "instruction2_telephone_tri");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  e2e("a period on the decision date keeps the dossiers decided in it", async (ctx) => {
    const page = ctx.page;
    const other = ctx.served.t.agent();
    await other.trpc.auth.signIn.mutate({ email: INSTRUCTEUR, password: PASSWORD });
    await other.trpc.instruction.decide.mutate({ id: ctx.mouette, event: "passer_en_instruction" });
    await other.trpc.instruction.decide.mutate({ id: ctx.mouette, event: "accepter" });
    await page.reload();
    await heading(page, TITRE);
    await waitForOrder(page, [ctx.goeland, ctx.mouette, ctx.etoile]);
    const aWeekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByRole("button", { name: "Filtrer" }).click();
    await page.getByLabel("Date concernée").selectOption({ label: "Date de décision" });
    await page.getByLabel("Du (facultatif)").fill(aWeekAgo);
    await checkPage(page, "instruction2_filtre_periode");
    await page.getByRole("button", { name: "Appliquer les filtres" }).click();
    const chip = page.getByRole("button", { name: /^Retirer le filtre Décidé à partir du \d/ });
    await chip.waitFor();
    await waitForOrder(page, [ctx.mouette]);
    assert.match(page.url(), /periode=decision/);
    assert.match(page.url(), new RegExp(`du=${aWeekAgo}`));
    assert.match(await row(page, ctx.mouette).innerText(), /Accepté/);
    await page.getByRole("columnheader", { name: "Décidé le" }).waitFor();
    await checkPage(page, "instruction2_periode_decision");
    await chip.click();
    await waitForOrder(page, [ctx.goeland, ctx.mouette, ctx.etoile]);
    assert.not.match(page.url(), /periode=/);
  });
  e2e(
    "a message reaches the usager by e-mail; a correction sends the dossier back",
    async (ctx) => {
      const page = ctx.page;
      await page.goto(`/instruction/dossiers/${ctx.goeland}`);
      await heading(page, `Dossier n° ${ctx.goeland}`);
      await page.getByRole("tab", { name: "Messagerie" }).click();
      const panel = page.getByRole("tabpanel", { name: "Messagerie" });
      await panel.getByText("Aucun message pour l’instant.").waitFor();
      await panel.getByLabel("Message", { exact: true }).fill(
        "Bonjour,\nPouvez-vous préciser le port d’attache du bateau ?",
      );
      await panel.getByRole("button", { name: "Envoyer le message" }).click();
      await panel.getByText("Message envoyé : l’usager est prévenu par e-mail.").waitFor();
      await ctx.served.t.mail(USAGER, "Nouveau message");
      const thread = panel.getByRole("list", { name: "Messages, du plus ancien au plus récent" });
      await thread.getByText(/port d’attache/).waitFor();
      assert.match(await thread.innerText(), new RegExp(INSTRUCTEUR));
      await checkPage(page, "instruction2_messagerie");
      await panel.getByRole("button", { name: "Demander une correction" }).click();
      await panel.getByLabel("Raison").selectOption({
        label: "Il manque une information ou une pièce",
      });
      await panel.getByLabel("Ce que l’usager doit corriger").fill(
        "Ajoutez la longueur hors tout du bateau.",
      );
      await checkPage(page, "instruction2_correction");
      await panel.getByRole("button", { name: "Envoyer la demande de correction" }).click();
      await page.getByText("La demande de correction est envoyée").waitFor();
      await page.locator(".dossier-header").getByText("En construction").waitFor();
      await thread.getByText("Demande de correction").waitFor();
      await ctx.served.t.mail(USAGER, "à corriger");
    },
  );

  e2e("an avis is asked of an expert; the history names who acted", async (ctx) => {
    const page = ctx.page;
    await page.getByRole("tab", { name: "Avis" }).click();
    const panel = page.getByRole("tabpanel", { name: "Avis" });
    await panel.getByText("Aucun avis demandé pour ce dossier.").waitFor();
    await panel.getByLabel("Adresses e-mail des experts").fill(EXPERT);
    await panel.getByLabel("Introduction").fill(
      "Le bateau a changé de moteur : pouvez-vous vérifier sa conformité ?",
    );
    await panel.getByLabel("Question appelant oui ou non (facultatif)").fill(
      "Le bateau est-il apte à naviguer ?",
    );
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await panel.getByLabel("Réponse attendue avant le (facultatif)").fill(due);
    await panel.getByRole("button", { name: "Envoyer la demande d’avis" }).click();
    await panel.getByText(`La demande d’avis est envoyée à ${EXPERT}.`).waitFor();
    const item = panel.getByRole("listitem").filter({ hasText: EXPERT });
    await item.getByText("Avis attendu").waitFor();
    await item.getByText("Réponse attendue avant le").waitFor();
    const mail = await ctx.served.t.mail(EXPERT, "Votre avis est demandé");
    assert.match(mail.text, /Réponse attendue avant le \d+ /);
    ctx.expertLink = linkIn(mail.text);
    await checkPage(page, "instruction2_avis_demande");
    await item.getByRole("button", { name: `Relancer ${EXPERT}` }).click();
    await panel.getByText(`${EXPERT} est relancé par e-mail.`).waitFor();
    await page.getByRole("tab", { name: "Historique" }).click();
    const historique = page.getByRole("tabpanel", { name: "Historique" });
    await historique.getByText("Retour en construction").waitFor();
    assert.match(await historique.innerText(), new RegExp(INSTRUCTEUR));
    await checkPage(page, "instruction2_historique");
  });

  e2e("the expert sets a password, reads the dossier and answers oui", async (ctx) => {
    const page = await newPage(ctx);
    await page.goto(ctx.expertLink);
    await heading(page, "Bienvenue sur Guichet");
    await page.getByLabel("Mot de passe", { exact: true }).fill(EXPERT_PASSWORD);
    await page.getByLabel("Confirmez le mot de passe").fill(EXPERT_PASSWORD);
    await page.getByRole("button", { name: "Enregistrer et continuer" }).click();
    // Straight to the avis asked; the list of avis is one click away.
    await heading(page, /^Avis sur le dossier n° \d+$/);
    await page.getByRole("navigation", { name: "Espaces" }).getByRole("link", { name: "Avis" })
      .click();
    await heading(page, "Avis demandés");
    await page.getByText("Réponse attendue avant le").first().waitFor();
    await checkPage(page, "instruction2_expert_liste");
    await page.getByRole("link", { name: `Dossier n° ${ctx.goeland}` }).click();
    await heading(page, `Avis sur le dossier n° ${ctx.goeland}`);
    await page.getByText("Le Goéland").waitFor();
    assert.ok(await page.getByText(/changé de moteur/).isVisible());
    await page.getByRole("button", { name: "Envoyer mon avis" }).click();
    await page.getByText("Répondez par oui ou par non.").waitFor();
    await checkPage(page, "instruction2_expert_erreur");
    await page.getByRole("radio", { name: "Oui" }).check();
    await page.getByLabel("Votre avis", { exact: true }).fill(
      "Moteur conforme à la déclaration, essais satisfaisants.",
    );
    await page.getByRole("button", { name: "Envoyer mon avis" }).click();
    await page.getByText("Votre avis est envoyé").waitFor();
    await page.getByRole("heading", { name: /Votre avis, donné le/ }).waitFor();
    await checkPage(page, "instruction2_expert_avis_donne");
    await page.setViewportSize({ width: 375, height: 740 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the avis page is ${width}px wide`);
    await checkPage(page, "instruction2_telephone_expert");
  });

  e2e("a dossier moves to another groupe of the démarche", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/instruction/dossiers/${ctx.etoile}`);
    await heading(page, `Dossier n° ${ctx.etoile}`);
    await page.getByRole("button", { name: "Changer de groupe" }).click();
    await page.getByLabel("Nouveau groupe").selectOption({ label: "Quartier maritime de Brest" });
    await checkPage(page, "instruction2_groupe");
    await page.getByRole("button", { name: "Déplacer le dossier" }).click();
    await page.getByText("Le dossier est passé au groupe « Quartier maritime de Brest ».")
      .waitFor();
  });

  e2e("the instructeur reads the answer in the Avis tab", async (ctx) => {
    await ctx.page.goto(`/instruction/dossiers/${ctx.goeland}`);
    const page = ctx.page;
    await page.reload();
    await heading(page, `Dossier n° ${ctx.goeland}`);
    await page.getByRole("tab", { name: "Avis" }).click();
    const panel = page.getByRole("tabpanel", { name: "Avis" });
    const item = panel.getByRole("listitem").filter({ hasText: EXPERT });
    await item.getByText("Avis donné").waitFor();
    assert.match(await item.innerText(), /Moteur conforme/);
    assert.match(await item.innerText(), /Oui/);
    await checkPage(page, "instruction2_avis_recu");
    await page.setViewportSize({ width: 375, height: 740 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `the dossier is ${width}px wide`);
    await checkPage(page, "instruction2_telephone_avis");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  e2e(
    "every dossier of the tab, past the first page, is selected and followed in one batch",
    async (ctx) => {
      const t = ctx.served.t;
      const usager = t.agent();
      await usager.trpc.auth.signIn.mutate({
        email: USAGER,
        password: "Un-mot-de-passe-solide-42",
      });
      for (let i = 0; i < 26; i++) {
        const { id } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
        await usager.trpc.usager.save.mutate({
          id,
          values: { nom: `Flottille ${i}`, zone: "Manche", longueur: 5 },
        });
        await usager.trpc.usager.deposer.mutate({ id });
      }
      const page = ctx.page;
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=a_suivre`);
      await heading(page, TITRE);
      const tabs = page.getByRole("navigation", { name: "Onglets des dossiers" });
      const aSuivre = tabs.getByRole("link", { name: /^À suivre \d+$/ });
      await aSuivre.waitFor(); // the counts are loaded
      const count = Number((await aSuivre.innerText()).replace(/\D/g, ""));
      assert.ok(count > 25, "more than one page");
      await page.getByRole("checkbox", { name: "Tout sélectionner" }).check();
      await page.getByRole("heading", { name: "25 dossiers sélectionnés" }).waitFor();
      await page.getByRole("button", { name: "Sélectionner tous les dossiers de l’onglet" })
        .click();
      await page.getByText(`Les ${count} dossiers de l’onglet sont sélectionnés.`).waitFor();
      await page.getByRole("heading", { name: `${count} dossiers sélectionnés` }).waitFor();
      await checkPage(page, "instruction2_lot_onglet");
      await page.getByRole("button", { name: "Suivre…" }).click();
      await page.getByRole("button", { name: `Suivre ${count} dossiers` }).click();
      await page.getByText(`${count} dossiers sur ${count} suivis.`).waitFor();
      await tabs.getByRole("link", { name: /^À suivre 0/ }).waitFor();
    },
  );
}

e2e.run();
