/**
 * Instruction in a real browser: an instructeur invited on a published démarche signs in,
 * sees the counts of « Mes démarches », follows a dossier from « à suivre », opens it (the
 * demande with its attached file), passes it en instruction, is told to fill the mandatory
 * annotation privée before accepting, fills it (saved on its own) and accepts; refuses the
 * other dossier, first without a motive; finds both in « traités », archives one; a change
 * made meanwhile by someone else is reported; exports the tab; the usager downloads the
 * attestation. Every page passes axe, on a phone too. Over 400 lines because it is one
 * journey on one instance and one browser, each step starting where the last one left off.
 */
import { unzipSync } from "fflate";
import { suite } from "../helpers/suite.ts";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserPath } from "../helpers/browser_setup.ts";
import { checkPage, heading, launchBrowser } from "../helpers/browser.ts";
import { type ServedInstance, startServedInstance } from "../helpers/served_instance.ts";
import {
  type Agent,
  BASE_URL,
  signedUpAgent,
  superAdminAgent,
  tokenFrom,
} from "../helpers/instance.ts";
import { ensureUiBuilt } from "../../core/setup.ts";

const TITRE = "Titre de navigation";
const INSTRUCTEUR = "jean.instructeur@mairie-brest.fr";
const PASSWORD = "Instruire-Les-Dossiers-2026";
const USAGER = "proprietaire@exemple.fr";
const PDF = new TextEncoder().encode(
  "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n",
);

const FORM = {
  champs: [
    { stableId: "identite", type: "header_section", label: "Le bateau" },
    { stableId: "nom", type: "text", label: "Nom du bateau", mandatory: true },
    {
      stableId: "zone",
      type: "drop_down_list",
      label: "Zone de navigation",
      mandatory: true,
      options: { choices: ["Atlantique", "Manche"] },
    },
    { stableId: "carte", type: "piece_justificative", label: "Carte grise" },
    {
      stableId: "equipage",
      type: "repetition",
      label: "Équipage",
      children: [{ stableId: "marin", type: "text", label: "Nom du marin" }],
    },
  ],
  annotations: [
    { stableId: "avis", type: "textarea", label: "Avis du secrétariat" },
    {
      stableId: "pret",
      type: "yes_no",
      label: "Prêt pour validation hiérarchique",
      mandatory: true,
    },
  ],
};

interface Ctx {
  served: ServedInstance;
  browser: Browser;
  contexts: BrowserContext[];
  page: Page;
  usager: Agent;
  demarcheId: number;
  /** Deposited first (the older), then second. */
  first: number;
  second: number;
}

const e2e = suite<Ctx>("instruction in the browser");

async function upload(agent: Agent, bytes: Uint8Array<ArrayBuffer>, filename: string) {
  const res = await agent.fetch(`${BASE_URL}/files`, {
    method: "POST",
    body: bytes,
    headers: { "content-type": "application/pdf", "x-filename": encodeURIComponent(filename) },
  });
  assert.is(res.status, 201, "the usager's upload is stored");
  return await res.json() as { id: string; size: number; mime: string };
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
  await admin.admin.demarches.publish.mutate({ id, path: "titre-navigation" });
  // Accepted dossiers come with an attestation PDF, on its default template.
  await admin.admin.demarches.setFonctionnalite.mutate({
    id,
    pluginId: "attestation_pdf",
    enabled: true,
  });
  await t.agent().trpc.auth.setPassword.mutate({
    token: tokenFrom(await t.mail(INSTRUCTEUR, "Vous êtes instructeur")),
    password: PASSWORD,
  });
  const usager = ctx.usager = await signedUpAgent(t, USAGER);
  const deposit = async (values: Record<string, unknown>) => {
    const { id: dossier } = await usager.trpc.usager.start.mutate({ path: "titre-navigation" });
    const saved = await usager.trpc.usager.save.mutate({ id: dossier, values });
    assert.equal(saved.errors, {}, "the dossier's values are valid");
    await usager.trpc.usager.deposer.mutate({ id: dossier });
    return dossier;
  };
  const file = await upload(usager, PDF, "carte grise.pdf");
  ctx.first = await deposit({
    nom: "Le Goéland",
    zone: "Atlantique",
    carte: [{ fileId: file.id, filename: "carte grise.pdf", size: file.size, mime: file.mime }],
    equipage: [{ marin: "Yann Le Bihan" }, { marin: "Soazig Kerjean" }],
  });
  ctx.second = await deposit({ nom: "La Mouette", zone: "Manche" });
}

/** The row (or card) of dossier `id` on the dashboard. */
const row = (page: Page, id: number) =>
  page.getByRole("row").filter({ has: page.getByRole("link", { name: `Dossier n° ${id}` }) });

async function openDossierPage(page: Page, id: number) {
  await page.goto(`/instruction/dossiers/${id}`);
  await heading(page, `Dossier n° ${id}`);
}

async function decide(page: Page, action: string, confirm: string, motivation?: string) {
  await page.getByRole("button", { name: `${action}…` }).click();
  if (motivation !== undefined) await page.getByLabel(/^Moti/).fill(motivation);
  await page.getByRole("button", { name: confirm }).click();
}

if (!browserPath()) {
  e2e.skip("the whole instruction journey (Chromium is missing)", () => {});
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

  e2e("the instructeur signs in and sees the counts of « Mes démarches »", async (ctx) => {
    const context = await ctx.browser.newContext({
      baseURL: ctx.served.baseUrl,
      locale: "fr-FR",
      timezoneId: "America/New_York",
      viewport: { width: 1280, height: 860 },
    });
    context.setDefaultTimeout(10_000);
    ctx.contexts.push(context);
    const page = ctx.page = await context.newPage();
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail").fill(INSTRUCTEUR);
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("navigation", { name: "Espaces" }).getByRole("link", {
      name: "Instruction",
    }).click();
    await heading(page, "Mes démarches à instruire");
    const card = page.getByRole("listitem").filter({ hasText: TITRE });
    await card.getByRole("link", { name: "2 à suivre" }).waitFor();
    assert.ok(await card.getByRole("link", { name: "0 traités" }).isVisible());
    await checkPage(page, "instruction_demarches");
  });

  e2e("« à suivre » lists both dossiers; following one moves it to « suivis »", async (ctx) => {
    const page = ctx.page;
    await page.getByRole("link", { name: "2 à suivre" }).click();
    await heading(page, TITRE);
    const tabs = page.getByRole("navigation", { name: "Onglets des dossiers" });
    await tabs.getByRole("link", { name: "À suivre 2" }).waitFor();
    assert.is(
      await tabs.getByRole("link", { name: "À suivre 2" }).getAttribute("aria-current"),
      "page",
    );
    assert.is(await page.getByRole("table").getByRole("row").count(), 3, "a header and 2 rows");
    const first = row(page, ctx.first);
    assert.match(await first.innerText(), new RegExp(USAGER));
    assert.match(await first.innerText(), /En construction/);
    await checkPage(page, "instruction_a_suivre");
    await first.getByRole("button", { name: `Suivre le dossier n° ${ctx.first}` }).click();
    await page.getByText(`Vous suivez le dossier n° ${ctx.first}`).waitFor();
    await tabs.getByRole("link", { name: "À suivre 1" }).waitFor();
    assert.is(await row(page, ctx.first).count(), 0, "it left « à suivre »");
    await tabs.getByRole("link", { name: "Suivis 1" }).click();
    await row(page, ctx.first).waitFor();
    assert.ok(
      await row(page, ctx.first).getByRole("button", {
        name: `Ne plus suivre le dossier n° ${ctx.first}`,
      }).isVisible(),
    );
    await checkPage(page, "instruction_suivis");
  });

  e2e("the dossier shows its demande with repetition rows and a downloadable file", async (ctx) => {
    const page = ctx.page;
    await row(page, ctx.first).getByRole("link", { name: `Dossier n° ${ctx.first}` }).click();
    await heading(page, `Dossier n° ${ctx.first}`);
    const demande = page.getByRole("tabpanel", { name: "Demande" });
    await demande.getByText("Le Goéland").waitFor();
    assert.ok(await demande.getByRole("heading", { name: "Le bateau" }).isVisible());
    assert.ok(await demande.getByText("Soazig Kerjean").isVisible());
    assert.ok(await demande.getByText("Ligne 2").isVisible());
    const link = demande.getByRole("link", { name: "carte grise.pdf" });
    const download = await page.request.get(await link.getAttribute("href") as string);
    assert.is(download.status(), 200, "the instructeur downloads the attached file");
    assert.match((await download.body()).toString(), /^%PDF/);
    assert.match(await page.locator(".dossier-header").innerText(), new RegExp(USAGER));
    const [zip] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Télécharger le dossier et ses pièces jointes (ZIP)" })
        .click(),
    ]);
    const entries = Object.keys(unzipSync(await Deno.readFile((await zip.path())!)));
    assert.ok(
      entries.includes(`dossier-${ctx.first}/dossier-${ctx.first}.pdf`),
      "the récapitulatif",
    );
    assert.ok(entries.includes(`dossier-${ctx.first}/pieces-jointes/carte grise.pdf`), "the file");
    await checkPage(page, "instruction_dossier");
  });

  e2e("passer en instruction tells the usager by e-mail", async (ctx) => {
    const page = ctx.page;
    await decide(page, "Passer en instruction", "Confirmer le passage en instruction");
    await page.getByText("Le dossier est en instruction.").waitFor();
    await ctx.served.t.mail(USAGER, `Votre dossier n° ${ctx.first} est en instruction`);
    assert.ok(
      await page.locator(".dossier-header").getByText("En instruction").isVisible(),
    );
    await checkPage(page, "instruction_dossier_en_instruction");
  });

  e2e("accepting first asks for the mandatory annotation, saved as it is filled", async (ctx) => {
    const page = ctx.page;
    await page.getByRole("button", { name: "Accepter…" }).click();
    await checkPage(page, "instruction_decision_confirmation");
    await page.getByRole("button", { name: "Confirmer l’acceptation" }).click();
    await page.getByRole("alert").filter({ hasText: "annotations privées obligatoires" }).first()
      .waitFor();
    const annotations = page.getByRole("tabpanel", { name: "Annotations privées" });
    await annotations.waitFor();
    const pret = annotations.getByRole("group", { name: "Prêt pour validation hiérarchique" });
    assert.ok(await pret.locator(".field-error").isVisible(), "the annotation shows its error");
    await checkPage(page, "instruction_annotations_erreur");
    await annotations.getByLabel("Avis du secrétariat (facultatif)").fill("Dossier complet.");
    await pret.getByRole("radio", { name: "Oui" }).check();
    await annotations.getByText(/Annotations enregistrées à/).waitFor();
    assert.is(await pret.locator(".field-error").count(), 0, "the error left with the change");
    await page.reload();
    await heading(page, `Dossier n° ${ctx.first}`);
    await page.getByRole("tab", { name: "Annotations privées" }).click();
    assert.ok(await page.getByRole("radio", { name: "Oui" }).isChecked(), "it was saved");
    assert.is(
      await page.getByLabel("Avis du secrétariat (facultatif)").inputValue(),
      "Dossier complet.",
    );
    await decide(page, "Accepter", "Confirmer l’acceptation", "Bateau conforme.");
    await page.getByText("Le dossier est accepté.").waitFor();
    const mail = await ctx.served.t.mail(USAGER, `Votre dossier n° ${ctx.first} est accepté`);
    assert.match(mail.text, /Bateau conforme\./);
  });

  e2e("the usager reads the decision and downloads the attestation PDF", async (ctx) => {
    await ctx.served.t.flush(); // the job that writes the attestation
    const context = await ctx.browser.newContext({
      baseURL: ctx.served.baseUrl,
      locale: "fr-FR",
      viewport: { width: 1280, height: 860 },
    });
    context.setDefaultTimeout(10_000);
    ctx.contexts.push(context);
    const page = await context.newPage();
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail").fill(USAGER);
    await page.getByLabel("Mot de passe").fill("Un-mot-de-passe-solide-42");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("navigation", { name: "Espaces" }).waitFor();
    await page.goto(`/dossiers/${ctx.first}`);
    await page.getByText("Votre dossier est accepté").waitFor();
    const link = page.getByRole("link", { name: `attestation-${ctx.first}.pdf` });
    await link.waitFor();
    await checkPage(page, "instruction_usager_attestation");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const bytes = await Deno.readFile((await download.path())!);
    assert.is(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
    const [recap] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Télécharger le dossier (PDF)" }).click(),
    ]);
    assert.is(recap.suggestedFilename(), `dossier-${ctx.first}.pdf`);
    const recapBytes = await Deno.readFile((await recap.path())!);
    assert.is(new TextDecoder().decode(recapBytes.subarray(0, 5)), "%PDF-");
    // The same request again: a new brouillon from these answers, the file to attach again.
    await page.getByRole("button", { name: "Dupliquer ce dossier" }).click();
    await page.getByRole("status").filter({
      hasText: `Ce brouillon reprend les réponses du dossier n° ${ctx.first}. Les pièces ` +
        "jointes ne sont pas reprises",
    }).waitFor();
    assert.is(await page.getByLabel("Nom du bateau").inputValue(), "Le Goéland");
    assert.is.not(page.url(), `${ctx.served.baseUrl}/dossiers/${ctx.first}`);
    await checkPage(page, "usager_dossier_duplique");
    await context.close();
  });

  e2e("refusing needs a motive: the server's message shows on the field", async (ctx) => {
    const page = ctx.page;
    await openDossierPage(page, ctx.second);
    await decide(page, "Passer en instruction", "Confirmer le passage en instruction");
    await page.getByText("Le dossier est en instruction.").waitFor();
    await decide(page, "Refuser", "Confirmer le refus", "");
    const motive = page.getByLabel("Motif du refus");
    await page.locator("#motivation-erreur").getByText("Indiquez le motif du refus.").waitFor();
    assert.is(await motive.getAttribute("aria-invalid"), "true");
    await checkPage(page, "instruction_refus_erreur");
    await motive.fill("La carte grise manque au dossier.");
    await page.getByRole("tab", { name: "Annotations privées" }).click();
    await page.getByRole("radio", { name: "Non" }).check();
    await page.getByText(/Annotations enregistrées à/).waitFor();
    await page.getByRole("button", { name: "Confirmer le refus" }).click();
    await page.getByText("Le dossier est refusé.").waitFor();
    await ctx.served.t.mail(USAGER, `Votre dossier n° ${ctx.second} est refusé`);
    await page.getByRole("tab", { name: "Historique" }).click();
    const historique = page.getByRole("tabpanel", { name: "Historique" });
    await historique.getByText("La carte grise manque au dossier.").waitFor();
    assert.ok(await historique.getByText("Dépôt du dossier").isVisible());
    assert.ok(await historique.getByText("Passage en instruction").isVisible());
    await checkPage(page, "instruction_historique");
  });

  e2e("« traités » lists both; an archived dossier moves to « archivés »", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=traites`);
    await heading(page, TITRE);
    await row(page, ctx.first).waitFor();
    await row(page, ctx.second).waitFor();
    assert.match(await row(page, ctx.second).innerText(), /Refusé/);
    await checkPage(page, "instruction_traites");
    await row(page, ctx.first).getByRole("link", { name: `Dossier n° ${ctx.first}` }).click();
    await heading(page, `Dossier n° ${ctx.first}`);
    await page.getByRole("button", { name: "Archiver" }).click();
    await page.getByText("Le dossier est archivé").waitFor();
    await page.getByRole("button", { name: "Désarchiver" }).waitFor();
    await checkPage(page, "instruction_dossier_archive");
    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=archives`);
    const tabs = page.getByRole("navigation", { name: "Onglets des dossiers" });
    await tabs.getByRole("link", { name: "Archivés 1" }).waitFor();
    await row(page, ctx.first).waitFor();
    assert.ok(await tabs.getByRole("link", { name: "Traités 1" }).isVisible());
  });

  e2e("« Télécharger » prepares the tab as a CSV file the instructeur downloads", async (ctx) => {
    const page = ctx.page;
    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=traites`);
    await heading(page, TITRE);
    await page.getByRole("button", { name: "Télécharger" }).click();
    const panel = page.getByRole("form", { name: "Télécharger les dossiers" });
    await panel.getByText("Les dossiers de l’onglet « Traités »").waitFor();
    await panel.getByRole("radio", { name: "CSV (.csv)" }).check();
    await page.getByRole("button", { name: "Préparer le fichier" }).click();
    await page.getByText("En préparation…").waitFor();
    await ctx.served.t.flush(); // the job queue makes the file
    const link = page.getByRole("link", { name: /Télécharger .*\.csv \(1 dossier/ });
    await link.waitFor();
    await checkPage(page, "instruction_export");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const csv = new TextDecoder().decode(await Deno.readFile((await download.path())!));
    const [header, first] = csv.split("\r\n");
    assert.match(header, /^Numéro;État;Usager;Déposé le;/);
    assert.match(first, new RegExp(`^${ctx.second};Refusé;`));

    // Only the columns ticked, in the order of the list; the choice comes back next time.
    await panel.getByRole("radio", { name: "Choisir les colonnes" }).check();
    for (const group of ["Le dossier", "Le formulaire", "Les annotations privées"]) {
      await panel.getByRole("button", { name: `Tout décocher : ${group}` }).click();
    }
    await panel.getByRole("checkbox", { name: "Nom du bateau" }).check();
    await panel.getByRole("checkbox", { name: "Numéro" }).check();
    await panel.getByText("2 colonnes sur").waitFor();
    await checkPage(page, "instruction_export_colonnes");
    await page.getByRole("button", { name: "Préparer le fichier" }).click();
    const item = page.getByRole("listitem").filter({ hasText: "2 colonnes" });
    await item.waitFor(); // asked: the job is queued before the queue runs
    await ctx.served.t.flush();
    const chosen = item.getByRole("link", { name: /\.csv/ });
    await chosen.waitFor();
    const [narrow] = await Promise.all([page.waitForEvent("download"), chosen.click()]);
    const lines = new TextDecoder().decode(await Deno.readFile((await narrow.path())!))
      .split("\r\n");
    assert.is(lines[0], "Numéro;Nom du bateau", "the byte order mark is read away");
    assert.match(lines[1], new RegExp(`^${ctx.second};`));
    await page.getByRole("button", { name: "Fermer" }).click();
    await page.getByRole("button", { name: "Télécharger" }).click();
    assert.ok(await panel.getByRole("radio", { name: "Choisir les colonnes" }).isChecked());
    await panel.getByRole("checkbox", { name: "Nom du bateau" }).waitFor();
    assert.ok(await panel.getByRole("checkbox", { name: "Nom du bateau" }).isChecked());
    assert.not.ok(await panel.getByRole("checkbox", { name: "Usager" }).isChecked());
    // A ZIP packs each dossier's files: no columns to choose.
    await panel.getByRole("radio", { name: "ZIP : dossiers et pièces jointes (.zip)" }).check();
    await panel.getByText("Un dossier par dossier, avec son récapitulatif PDF").waitFor();
    assert.is(await panel.getByRole("radio", { name: "Choisir les colonnes" }).count(), 0);
    // JSON writes each dossier whole, as the API gives it: no columns either.
    await panel.getByRole("radio", { name: "JSON, un dossier par ligne (.ndjson)" }).check();
    await panel.getByText("Chaque dossier en entier, une ligne JSON par dossier").waitFor();
    assert.is(await panel.getByRole("radio", { name: "Choisir les colonnes" }).count(), 0);
    await page.getByRole("button", { name: "Fermer" }).click();
  });

  e2e("a dossier someone else just changed says so and shows its new state", async (ctx) => {
    const page = ctx.page;
    await openDossierPage(page, ctx.second);
    const other = ctx.served.t.agent();
    await other.trpc.auth.signIn.mutate({ email: INSTRUCTEUR, password: PASSWORD });
    await other.trpc.instruction.decide.mutate({
      id: ctx.second,
      event: "repasser_en_instruction",
    });
    await decide(page, "Repasser en instruction", "Confirmer le retour en instruction");
    await page.getByRole("alert").filter({ hasText: /refusé|en instruction/ }).first().waitFor();
    await page.locator(".dossier-header").getByText("En instruction").waitFor();
    assert.ok(await page.getByRole("button", { name: "Accepter…" }).isVisible(), "reloaded");
  });

  e2e("on a phone the dashboard is a list of cards, the dossier fits the width", async (ctx) => {
    const page = ctx.page;
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=tous`);
    await heading(page, TITRE);
    const cards = page.getByRole("list", { name: "Dossiers de l’onglet « Tous »" });
    await cards.waitFor();
    assert.is(await cards.getByRole("listitem").count(), 1);
    assert.not.ok(await page.getByRole("table").isVisible(), "no table on a phone");
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok((await fits()) <= 375, `the dashboard is ${await fits()}px wide`);
    await checkPage(page, "instruction_telephone_tableau");
    await openDossierPage(page, ctx.second);
    assert.ok((await fits()) <= 375, `the dossier is ${await fits()}px wide`);
    await checkPage(page, "instruction_telephone_dossier");
    await page.goto("/instruction");
    await heading(page, "Mes démarches à instruire");
    await checkPage(page, "instruction_telephone_demarches");
  });

  e2e("an empty tab says what to do; « Dossiers suivants » walks the pages", async (ctx) => {
    const page = ctx.page;
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`/instruction/demarches/${ctx.demarcheId}?onglet=a_suivre`);
    await heading(page, TITRE);
    await page.getByText("Aucun dossier à suivre").waitFor();
    await checkPage(page, "instruction_a_suivre_vide");
    for (let i = 1; i <= 26; i++) {
      const { id } = await ctx.usager.trpc.usager.start.mutate({ path: "titre-navigation" });
      await ctx.usager.trpc.usager.save.mutate({
        id,
        values: { nom: `Bateau ${i}`, zone: "Manche" },
      });
      await ctx.usager.trpc.usager.deposer.mutate({ id });
    }
    await page.reload();
    await heading(page, TITRE);
    const rows = page.getByRole("table").getByRole("row");
    await page.getByText("Dossiers 1 à 25 sur 26").waitFor();
    assert.is(await rows.count(), 26, "a header and 25 rows");
    const newest = await rows.nth(1).getByRole("link").innerText();
    await page.getByRole("button", { name: "Dossiers suivants" }).click();
    await page.getByText("Dossiers 26 à 26 sur 26").waitFor();
    assert.is(await rows.count(), 2);
    assert.not.ok(await page.getByRole("button", { name: "Dossiers suivants" }).isVisible());
    await checkPage(page, "instruction_page_suivante");
    await page.getByRole("button", { name: "Dossiers précédents" }).click();
    await page.getByText("Dossiers 1 à 25 sur 26").waitFor();
    assert.is(await rows.nth(1).getByRole("link").innerText(), newest);
  });
}

e2e.run();
